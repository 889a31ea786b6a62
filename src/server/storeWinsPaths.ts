import type { NoticeEntry } from '../catalogue/sources';
import type { LiveCatalogue } from './liveNotices';
import { liveSlot } from './livePages.mjs';

/**
 * Tells the Node server's front (livePages.mjs) which content notices' pages
 * the store's copies replace: `/notices/<id>/` for every id both
 * content/notices and the store publish. The build leaves out the clashes it
 * saw (src/integrations/storeWins.ts); this covers those it could not see.
 * Worked out once per catalogue generation.
 */
export function storeWinsPaths(contentNotices: () => Promise<NoticeEntry[]>) {
  let contentIds: Promise<Set<string>> | undefined;
  let done = -1;
  return async (live: LiveCatalogue) => {
    if (live.generation === done) return;
    contentIds ??= contentNotices().then((list) => new Set(list.map((n) => n.id)));
    const ids = await contentIds;
    liveSlot.storeWins = new Set(live.fromStore.filter((n) => ids.has(n.id)).map((n) => `/notices/${n.id}/`));
    done = live.generation;
  };
}
