import type { Directory } from '../../domain/directory';
import type { StatsSnapshot } from '../../domain/statistics';
import { statsTally } from '../../domain/statsTally';
import { newestFirst, publicAnswerOf, type PublicAnswer } from '../../domain/publicAnswers';
import type { SuppressionRules } from '../../domain/suppression';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { StatsStore } from '../../ports/statsStore';
import { whileStoreUp, type Unavailable } from './outcome';
import { withFrozenDetail, type PeriodRecord } from '../../domain/assessment/frozenPeriod';
import type { AssessmentRules } from '../../domain/assessment/indicators';
import { lastClosedPeriod } from '../../domain/assessment/periods';
import { chinaDate } from '../../domain/deadlines';
import type { AssessmentSources } from './assessmentSources';
import { periodFigures } from './periodFigures';

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
  /**
   * Publishes the figures below the city and bureau totals per closed month,
   * frozen the first time they are computed (issue 25, point 7), with the
   * county scorecard of that month. Without it every figure is live.
   */
  periods?: { assessment: AssessmentRules; sources: AssessmentSources };
}) {
  const pageSize = deps.pageSize ?? PAGE_SIZE;
  async function refresh(): Promise<RefreshOutcome> {
    const outcome = await deps.store.withLock('stats-snapshot', LOCK_MS, async () => {
      const now = deps.clock.now();
      const tally = statsTally(deps.directory, now);
      const period = lastClosedPeriod(chinaDate(now));
      const frozen = deps.periods ? await deps.stats.readPeriod(period) : null;
      // The closed period is counted in the same walk, only until it is frozen.
      const closing = deps.periods && !frozen ? periodFigures({ directory: deps.directory, period, rules: deps.rules, ...deps.periods }) : null;
      const seen = new Set<string>();
      const answers: PublicAnswer[] = [];
      let cursor: string | null = null;
      do {
        const page: { records: Parameters<typeof tally.add>[0][]; next: string | null } = await deps.store.complaintsPage(cursor, pageSize);
        for (const record of page.records) {
          if (seen.has(record.reference)) continue; // SCAN may return a key twice
          seen.add(record.reference);
          tally.add(record);
          closing?.add(record);
          const published = publicAnswerOf(record);
          if (published && deps.directory.schools.has(published.school)) answers.push(published);
        }
        cursor = page.next;
        await yieldToOthers();
      } while (cursor !== null);
      const live = tally.publish(deps.rules);
      const kept = closing ? await deps.stats.writePeriodOnce(await closing.finish(now)) : frozen;
      const snapshot = kept ? withFrozenDetail(live, kept, [...deps.directory.bureaus.keys()]) : live;
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
    /**
     * A closed period's frozen record (the scorecard and its figures): `period`
     * or, without one, the latest; "pending" before the first was frozen.
     */
    period: (
      period?: string,
    ): Promise<{ kind: 'ready'; record: PeriodRecord; periods: string[] } | { kind: 'pending' } | { kind: 'not-found' } | Unavailable> =>
      whileStoreUp(async () => {
        const periods = await deps.stats.periods();
        const chosen = period ?? periods[0];
        if (!chosen) return { kind: 'pending' as const };
        const record = periods.includes(chosen) ? await deps.stats.readPeriod(chosen) : null;
        return record ? { kind: 'ready' as const, record, periods } : { kind: 'not-found' as const };
      }),
    /** What a statistics page shows: the snapshot, "not computed yet", or "store unreachable" (unavailable). */
    forPage: (): Promise<{ kind: 'ready'; snapshot: StatsSnapshot } | { kind: 'pending' } | Unavailable> =>
      whileStoreUp(async () => {
        const snapshot = await deps.stats.read();
        return snapshot ? { kind: 'ready' as const, snapshot } : { kind: 'pending' as const };
      }),
  };
}

export type StatisticsService = ReturnType<typeof statisticsService>;
