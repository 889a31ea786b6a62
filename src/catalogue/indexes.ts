import type { ContentSet } from './integrity';
import { aspectsOf, schoolsOf } from './notices';
import { noticeKinds, type NoticeKind } from './schemas/notices';

type Notices = ContentSet['notices'];

const built = new WeakMap<ContentSet, ReturnType<typeof buildIndexes>>();

/**
 * Notices grouped by school, aspect, kind and publishing bureau, built in one
 * pass per content set. Pages asked for these by filtering every notice, once
 * per school or per page of a list: that made the build grow with
 * notices × schools (docs/benchmarks.md).
 */
export function indexes(content: ContentSet) {
  let found = built.get(content);
  if (!found) built.set(content, (found = buildIndexes(content)));
  return found;
}

function buildIndexes(content: ContentSet) {
  const push = (map: Map<string, Notices>, key: string, notice: Notices[number]) => {
    const list = map.get(key);
    if (list) list.push(notice);
    else map.set(key, [notice]);
  };
  const bySchool = new Map<string, Notices>();
  const byAspect = new Map<string, Notices>();
  const byPublisher = new Map<string, Notices>();
  const byKind = new Map<NoticeKind, number>(noticeKinds.map((k) => [k, 0]));
  // content.notices is newest first, so every list is too.
  for (const notice of content.notices) {
    for (const school of schoolsOf(notice.data)) push(bySchool, school, notice);
    for (const aspect of aspectsOf(notice.data)) push(byAspect, aspect, notice);
    if ('bureau' in notice.data) push(byPublisher, notice.data.bureau, notice);
    byKind.set(notice.data.kind, byKind.get(notice.data.kind)! + 1);
  }
  return {
    /** Every notice that concerns a school: its own and the bulletins that name it. */
    forSchool: (id: string): Notices => bySchool.get(id) ?? [],
    forAspect: (id: string): Notices => byAspect.get(id) ?? [],
    /** Notices a bureau published itself (bulletins, exposures, announcements). */
    publishedBy: (id: string): Notices => byPublisher.get(id) ?? [],
    countOfKind: (kind: NoticeKind): number => byKind.get(kind) ?? 0,
  };
}
