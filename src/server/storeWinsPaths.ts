import type { NoticeEntry } from '../catalogue/sources';
import type { LiveCatalogue } from './liveNotices';
import { liveSlot } from './livePages.mjs';
import { hasOpenRows } from '../catalogue/notices';

/**
 * Tells the Node server's front (livePages.mjs) which content notices' pages
 * the store's copies replace: `/notices/<id>/` for every id both
 * content/notices and the store publish. The build leaves out the clashes it
 * saw (src/integrations/storeWins.ts); this covers those it could not see.
 * Also the content notices whose ledger has rows still open: answered on
 * demand with China's date, so their overdue rows are marked (issue 25).
 * Worked out once per catalogue generation (a new one each day).
 */
export function storeWinsPaths(contentNotices: () => Promise<NoticeEntry[]>) {
  let contentIds: Promise<Set<string>> | undefined;
  let done = -1;
  return async (live: LiveCatalogue) => {
    if (live.generation === done) return;
    contentIds ??= contentNotices().then((list) => new Set(list.map((n) => n.id)));
    const ids = await contentIds;
    const fromStore = new Set(live.fromStore.map((n) => n.id));
    // Content notices with ledger rows still open are answered on demand too, with China's date: a row past its
    // deadline is marked 逾期 N 天 the day it passes (issue 25), without a rebuild. The prerendered file stays for Pagefind.
    const stillOpen = live.content.notices.filter(({ id, data }) => ids.has(id) && !fromStore.has(id) && hasOpenRows(data));
    liveSlot.storeWins = new Set([...live.fromStore.filter((n) => ids.has(n.id)), ...stillOpen].map((n) => `/notices/${n.id}/`));
    done = live.generation;
  };
}
