import type { Directory } from '../../domain/directory';
import type { StatsSnapshot } from '../../domain/statistics';
import { statsTally } from '../../domain/statsTally';
import { newestFirst, publicAnswerOf, type PublicAnswer } from '../../domain/publicAnswers';
import type { SuppressionRules } from '../../domain/suppression';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { StatsStore } from '../../ports/statsStore';
import { whileStoreUp, type Unavailable } from './outcome';

/** Complaints read per store call: one short read each, with a pause for other requests between. */
const PAGE_SIZE = 250;
/** Longest a run may hold the lock; a crashed run frees it after this. */
const LOCK_MS = 10 * 60_000;

/** Lets filings and page views that arrived meanwhile run before the next page (SQLite reads are synchronous). */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export type RefreshOutcome = { computedAt: string; complaints: number } | { skipped: 'busy' };

/**
 * The statistics snapshot and the public answers: computed from every
 * complaint by `refresh` (the Node server's timer, the cron endpoint), read by
 * every page with `forPage` and `answers`.
 * One run at a time across processes (the store's lock).
 */
export function statisticsService(deps: {
  store: ComplaintStore;
  stats: StatsStore;
  directory: Directory;
  clock: Clock;
  rules: SuppressionRules;
  pageSize?: number;
}) {
  const pageSize = deps.pageSize ?? PAGE_SIZE;
  async function refresh(): Promise<RefreshOutcome> {
    const outcome = await deps.store.withLock('stats-snapshot', LOCK_MS, async () => {
      const tally = statsTally(deps.directory, deps.clock.now());
      const seen = new Set<string>();
      const answers: PublicAnswer[] = [];
      let cursor: string | null = null;
      do {
        const page: { records: Parameters<typeof tally.add>[0][]; next: string | null } = await deps.store.complaintsPage(cursor, pageSize);
        for (const record of page.records) {
          if (seen.has(record.reference)) continue; // SCAN may return a key twice
          seen.add(record.reference);
          tally.add(record);
          const published = publicAnswerOf(record);
          if (published && deps.directory.schools.has(published.school)) answers.push(published);
        }
        cursor = page.next;
        await yieldToOthers();
      } while (cursor !== null);
      const snapshot = tally.publish(deps.rules);
      await deps.stats.write(snapshot);
      await deps.stats.writeAnswers(answers.sort(newestFirst));
      return { computedAt: snapshot.computedAt, complaints: seen.size };
    });
    return outcome === 'busy' ? { skipped: 'busy' } : outcome;
  }
  return {
    refresh,
    /** The latest snapshot, or null before the first run. */
    snapshot: (): Promise<StatsSnapshot | null> => deps.stats.read(),
    /** The published answers, newest first (empty before the first run). */
    answers: (): Promise<{ kind: 'ok'; answers: PublicAnswer[] } | Unavailable> =>
      whileStoreUp(async () => ({ kind: 'ok' as const, answers: (await deps.stats.readAnswers()) ?? [] })),
    /** What a statistics page shows: the snapshot, "not computed yet", or "store unreachable" (unavailable). */
    forPage: (): Promise<{ kind: 'ready'; snapshot: StatsSnapshot } | { kind: 'pending' } | Unavailable> =>
      whileStoreUp(async () => {
        const snapshot = await deps.stats.read();
        return snapshot ? { kind: 'ready' as const, snapshot } : { kind: 'pending' as const };
      }),
  };
}

export type StatisticsService = ReturnType<typeof statisticsService>;
