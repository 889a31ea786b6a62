import type { NoticeKind } from './schemas/notices';

/** What each kind of notice is called on the site. Generic, not per city. */
export const noticeKindLabel: Record<NoticeKind, string> = {
  'self-inspection': '自查报告',
  rectification: '整改公示',
  bulletin: '督查通报',
  exposure: '曝光',
  announcement: '工作动态',
};
