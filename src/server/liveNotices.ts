import type { ContentSet } from '../catalogue/integrity';
import { buildLedgerIndex, ledgerKey, type LedgerIndex } from '../catalogue/ledgerIndex';
import { newestFirst } from '../catalogue/notices';
import type { Registry } from '../catalogue/registry';
import { mergeNotices, type NoticeEntry } from '../catalogue/sources';
import { storeEntry } from '../catalogue/storeNotices';
import { sharedWords } from '../catalogue/shared';
import type { Clock } from '../ports/clock';
import type { NoticeStore } from '../ports/noticeStore';
import type { NoticeRecord } from '../domain/notices/model';
import type { Log } from './log';

/** The catalogue as on-demand pages render it: registry and every notice, and which publication it reflects. */
export interface LiveCatalogue {
  /** Goes up by one whenever the published notices changed; rendered pages are kept per generation. */
  generation: number;
  content: ContentSet;
  /** The notices published through the site (also in `content.notices`), newest first. */
  fromStore: NoticeEntry[];
  /** Ledger rows of the store's notices by `<notice>#<row>`, for the "这一项没有真正整改？" link; updated in place by each reload. */
  storeLedger: LedgerIndex;
}

const PAGE = 500;

/**
 * content/notices (front matter written beside the server bundle) and the
 * notices published through the site, merged into one catalogue by the one
 * merge function (the store's copy wins an id clash, logged once per
 * reload). Every process asks the store's publication count
 * (`NoticeStore.publications`, one read) at most every `refreshMs`; when it
 * moved, it reads only the notices saved since the count it holds
 * (`NoticeStore.changedSince`, a page of 500 at a time), and reads every
 * published notice only the first time (or if the count went back: a store
 * emptied or replaced). That is how a notice approved on one server process,
 * or on Vercel's other instances, is shown by all of them within `refreshMs`
 * plus a reload, and why a reload costs the store reads of what changed, not
 * of all 100,000. What stays proportional to the total is in memory: the
 * merge and the sort (already sorted but for what changed) and the indexes of
 * the new content set, tens of milliseconds. When the store cannot be read,
 * the last catalogue is kept (content/notices alone if it was never read)
 * and the store is asked again after `refreshMs`.
 */
export function liveNotices(deps: {
  store: NoticeStore;
  registry: Registry;
  contentNotices: () => Promise<NoticeEntry[]>;
  clock: Clock;
  refreshMs: number;
  log: Log;
  /** Told the ledger rows each reload read (all of them the first time): what the report form's ledger index adds. */
  ledgerRows?: (rows: LedgerIndex) => void;
}) {
  const { store, registry, clock, refreshMs, log } = deps;
  const known = {
    schools: new Set(registry.schools.map((s) => s.id)),
    bureaus: new Set(registry.bureaus.map((b) => b.id)),
    phases: new Set(registry.settings.campaign.phases.map((p) => p.id)),
  };
  // A store notice whose school or bureau has left content/ cannot be shown (its links would point nowhere).
  const showable = (entry: NoticeEntry) =>
    known.phases.has(entry.data.phase) && ('school' in entry.data ? known.schools.has(entry.data.school) : known.bureaus.has(entry.data.bureau));

  let state: (LiveCatalogue & { count: number }) | undefined;
  /** The store's notices as the catalogue shows them, by id; what a reload updates. */
  let held = new Map<string, NoticeEntry>();
  /** Their ledger rows, updated in place: one object for every generation. */
  let ledger: LedgerIndex = {};
  let checkedAt = Number.NEGATIVE_INFINITY;
  let running: Promise<LiveCatalogue> | undefined;

  const shared = sharedWords();
  /** A record as the catalogue holds it, or null when it is not shown. */
  const entryOf = (record: NoticeRecord): NoticeEntry | null => {
    const entry = storeEntry(record);
    return entry && showable(entry) ? shared.entry(entry) : null;
  };

  /** Every published notice, read again: the first time, and when the count went back. */
  async function readAll(): Promise<Map<string, NoticeEntry>> {
    const all = new Map<string, NoticeEntry>();
    for (let offset = 0; ; offset += PAGE) {
      const { total, notices } = await store.published({ all: true }, { offset, limit: PAGE });
      for (const record of notices) {
        const entry = entryOf(record);
        if (entry) all.set(record.id, entry);
      }
      if (offset + PAGE >= total || notices.length === 0) return all;
    }
  }

  /** The notices saved since count `since` (null: no longer shown), and the count reached. */
  async function readChanges(since: number): Promise<{ changed: Map<string, NoticeEntry | null>; count: number }> {
    const changed = new Map<string, NoticeEntry | null>();
    for (let from = since; ;) {
      const page = await store.changedSince(from, PAGE);
      for (const record of page.notices) changed.set(record.id, entryOf(record));
      if (!page.more || page.until <= from) return { changed, count: page.until };
      from = page.until;
    }
  }

  /** The changes applied to what is held and its ledger rows; the store's notices newest first, and the rows added. */
  function apply(changed: Map<string, NoticeEntry | null>, before: readonly NoticeEntry[]) {
    const added: LedgerIndex = {};
    for (const [id, entry] of changed) {
      const old = held.get(id);
      if (old?.data.kind === 'rectification') old.data.ledger.forEach((_, row) => delete ledger[ledgerKey(id, row)]);
      if (entry) {
        held.set(id, entry);
        Object.assign(added, buildLedgerIndex([entry]));
      } else held.delete(id);
    }
    Object.assign(ledger, added);
    const kept = before.filter((entry) => !changed.has(entry.id));
    for (const entry of changed.values()) if (entry) kept.push(entry);
    // Newest first already but for what changed: the sort merges two runs (TimSort), close to one pass.
    return { fromStore: newestFirst(kept), added };
  }

  async function refresh(): Promise<LiveCatalogue> {
    // The count is read before the notices: a publication in between is read again at the next check, never missed.
    let count = await store.publications();
    if (state && state.count === count) return state;
    let fromStore: NoticeEntry[];
    if (state && state.count >= 0 && count > state.count) {
      const read = await readChanges(state.count);
      count = read.count;
      const applied = apply(read.changed, state.fromStore);
      fromStore = applied.fromStore;
      deps.ledgerRows?.(applied.added);
    } else {
      held = await readAll();
      fromStore = newestFirst([...held.values()]);
      ledger = buildLedgerIndex(fromStore);
      deps.ledgerRows?.(ledger);
    }
    const notices = await mergeNotices(
      [
        { name: 'content/notices', notices: deps.contentNotices },
        { name: '网站发布的公示', notices: async () => fromStore },
      ],
      (o) => log('warn', 'notices.same-id', { id: o.id, kept: o.kept, dropped: o.dropped }),
    );
    state = {
      count,
      generation: (state?.generation ?? 0) + 1,
      content: { ...registry, notices: newestFirst(notices) },
      storeLedger: ledger,
      fromStore,
    };
    return state;
  }

  return {
    /** Until when (epoch ms) the current catalogue is known to be current: its last check plus the refresh interval. */
    freshUntil: () => (running && state ? clock.now().getTime() + refreshMs : checkedAt + refreshMs),
    /** The catalogue, at most `refreshMs` behind the store; the last one while the store is unreachable. */
    async current(): Promise<LiveCatalogue> {
      const now = clock.now().getTime();
      if (state && now - checkedAt < refreshMs) return state;
      // One request reloads; the others meanwhile get the catalogue they had (a reload of 100,000 notices takes seconds).
      if (state && running) return state;
      running ??= refresh()
        .catch(async (error: unknown) => {
          log('warn', 'notices.refresh.failed', { error: (error as Error)?.name ?? 'error' });
          // Never read yet: content/notices alone, until the store answers (count -1 reloads at the next check).
          state ??= { count: -1, generation: 1, content: { ...registry, notices: newestFirst(await deps.contentNotices()) }, storeLedger: {}, fromStore: [] };
          return state;
        })
        .finally(() => {
          checkedAt = clock.now().getTime();
          running = undefined;
        });
      return running;
    },
  };
}

export type LiveNotices = ReturnType<typeof liveNotices>;
