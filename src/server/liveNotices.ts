import type { ContentSet } from '../catalogue/integrity';
import { buildLedgerIndex, type LedgerIndex } from '../catalogue/ledgerIndex';
import { newestFirst } from '../catalogue/notices';
import type { Registry } from '../catalogue/registry';
import { mergeNotices, type NoticeEntry } from '../catalogue/sources';
import { storeEntry } from '../catalogue/storeNotices';
import type { Clock } from '../ports/clock';
import type { NoticeStore } from '../ports/noticeStore';
import type { Log } from './log';

/** The catalogue as on-demand pages render it: registry and every notice, and which publication it reflects. */
export interface LiveCatalogue {
  /** Goes up by one whenever the published notices changed; rendered pages are kept per generation. */
  generation: number;
  content: ContentSet;
  /** The notices published through the site (also in `content.notices`), newest first. */
  fromStore: NoticeEntry[];
  /** Ledger rows of the store's notices by `<notice>#<row>`, for the "这一项没有真正整改？" link. */
  storeLedger: LedgerIndex;
}

const PAGE = 500;

/**
 * content/notices (front matter written beside the server bundle) and the
 * notices published through the site, merged into one catalogue by the one
 * merge function (the store's copy wins an id clash, logged once per
 * reload). Every process asks the store's publication count
 * (`NoticeStore.publications`, one read) at most every `refreshMs`, and
 * reloads the published notices only when it moved: that is how a notice
 * approved on one server process, or on Vercel's other instances, is shown
 * by all of them within `refreshMs` plus a reload. When the store cannot be
 * read, the last catalogue is kept (content/notices alone if it was never
 * read) and the store is asked again after `refreshMs`.
 *
 * A reload reads every published notice again (about 1.4 s per 10,000 on
 * Redis, docs/benchmarks.md): simple and always right, but it grows with the
 * notices; reading only what changed since the last count is the next step.
 */
export function liveNotices(deps: {
  store: NoticeStore;
  registry: Registry;
  contentNotices: () => Promise<NoticeEntry[]>;
  clock: Clock;
  refreshMs: number;
  log: Log;
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
  let checkedAt = Number.NEGATIVE_INFINITY;
  let running: Promise<LiveCatalogue> | undefined;

  async function published(): Promise<NoticeEntry[]> {
    const entries: NoticeEntry[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { total, notices } = await store.published({ all: true }, { offset, limit: PAGE });
      for (const record of notices) {
        const entry = storeEntry(record);
        if (entry && showable(entry)) entries.push(entry);
      }
      if (offset + PAGE >= total || notices.length === 0) return entries;
    }
  }

  async function refresh(): Promise<LiveCatalogue> {
    // The count is read before the notices: a publication in between is reloaded at the next check, never missed.
    const count = await store.publications();
    if (state && state.count === count) return state;
    const fromStore = await published();
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
      storeLedger: buildLedgerIndex(fromStore),
      fromStore: newestFirst(fromStore),
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
