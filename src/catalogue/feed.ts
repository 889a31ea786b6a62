import type { ContentSet } from './integrity';
import { noticeKindLabel } from './labels';

/** RSS items for a list of notices (newest first as given). */
export function feedItems(notices: ContentSet['notices']) {
  return notices.map(({ id, data }) => ({
    title: `【${noticeKindLabel[data.kind]}】${data.title}${data.sample ? '（示例）' : ''}`,
    link: `/notices/${id}/`,
    pubDate: new Date(`${data.publishedOn}T00:00:00+08:00`),
    description: data.summary,
  }));
}
