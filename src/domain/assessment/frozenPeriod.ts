import { CITY, MEASURES, type StatsSnapshot } from '../statistics';
import type { Scorecard } from './scorecard';
import type { BulletinFigures } from './bulletinFigures';

/**
 * What is published for one closed period, computed the first time the job
 * runs after the period ends and never again (issue 25, point 7): the
 * statistics below the city and bureau totals, and the county scorecard.
 * Whatever refreshes the snapshot afterwards, nothing about a school or an
 * aspect changes until the next period closes, so no diff of two snapshots
 * can pin one filing to its school, problem type and hour.
 */
export interface PeriodRecord {
  period: string;
  computedAt: string;
  /** The statistics as of the period's last day, over the twelve months ending with it. */
  snapshot: StatsSnapshot;
  scorecard: Scorecard;
  /** Each bureau's figures for its draft bulletin (bureau → figures); absent in records frozen before drafts existed. */
  bulletins?: Record<string, BulletinFigures>;
}

/** What a city's or a bureau's totals are made of: its handling, its answers' findings, its ratings and recurrences. */
const TOTAL_KINDS: ReadonlySet<string> = new Set([...MEASURES, 'answered', 'finding', 'rating', 'recurrence']);

/**
 * The figures kept live: the city's and each bureau's totals (the issue
 * leaves them live). Everything broken down further (a school, an aspect, a
 * category, a month, a channel, a ledger promise) is frozen per period.
 */
export function liveTotals(bureaus: readonly string[]): (id: string) => boolean {
  const scopes = new Set([CITY, ...bureaus]);
  return (id) => {
    const parts = id.split('|');
    return TOTAL_KINDS.has(parts[0]!) && scopes.has(parts.at(-1)!) && parts.length <= 3;
  };
}

/**
 * The snapshot the pages read: the city and bureau totals, shares, medians
 * and ranking from the live count; every other figure (schools, aspects,
 * categories, months, channels, ledger promises) from the frozen period.
 */
export function withFrozenDetail(live: StatsSnapshot, frozen: PeriodRecord, bureaus: readonly string[]): StatsSnapshot {
  const totals = liveTotals(bureaus);
  const figures: StatsSnapshot['figures'] = {};
  for (const [id, shown] of Object.entries(frozen.snapshot.figures)) if (!totals(id)) figures[id] = shown;
  for (const [id, shown] of Object.entries(live.figures)) if (totals(id)) figures[id] = shown;
  return {
    ...live,
    months: frozen.snapshot.months,
    figures,
    promises: frozen.snapshot.promises,
    frozen: { period: frozen.period, computedAt: frozen.computedAt },
  };
}
