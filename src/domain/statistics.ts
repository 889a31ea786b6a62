import { UNSURE_ASPECT, type Directory } from './directory';
import type { Shown, ShownMedian, ShownShare, SuppressionRules } from './suppression';

/**
 * The published statistics, computed by a job from every complaint and kept
 * as one record: pages, charts and files read only this. It holds figures
 * already passed through suppression (suppression.ts), never a raw count.
 */
export interface StatsSnapshot {
  version: 1;
  /** When it was computed (ISO). */
  computedAt: string;
  /** The 12 months covered, oldest first (YYYY-MM, China). Every figure except "overdue now" counts complaints filed in them. */
  months: string[];
  rules: SuppressionRules;
  /** Every figure by cell id (see `cell`), except shown zeros: read them with `figureOf`. */
  figures: Record<string, Shown>;
  shares: Record<string, ShownShare>;
  medians: Record<string, ShownMedian>;
  /** Bureaus by their share of on-time steps (decisions and answers), best first; the others had too few to rank. */
  ranking: { ranked: Array<{ bureau: string; percent: number }>; unranked: string[] };
  /** Ledger promises complained about ("这一项没有真正整改？"), each with its figure `ledger|<key>`. */
  promises: Array<{ key: string; school: string; problem: string; notice: string; row: number }>;
  /**
   * Set when the figures below the city and bureau totals are those of a
   * closed period, frozen when it was first published (assessment/frozenPeriod.ts).
   */
  frozen?: { period: string; computedAt: string };
}

/** A published figure by id: a cell the snapshot leaves out is a shown 0. */
export const figureOf = (snapshot: StatsSnapshot, id: string): Shown => snapshot.figures[id] ?? { kind: 'count', value: 0 };

/** Counted per bureau and for the city. */
// sameProblem: complaints filed through another parent's "我也遇到了" link (同题反映), counted like `received`.
export const MEASURES = ['received', 'acceptedOnTime', 'answeredOnTime', 'overdue', 'rejected', 'transferred', 'disputed', 'sameProblem'] as const;
export type Measure = (typeof MEASURES)[number];

/** The category of complaints whose parent was not sure which aspect applied. */
export const UNSURE_CATEGORY = 'unsure';
/** The scope of the whole city; a bureau's scope is its id; a school's is `school:<id>`. */
export const CITY = 'city';
export const schoolScope = (id: string) => `school:${id}`;

/** Ids of the figures: `received|qiaocheng`, `category|teaching|city`, `month|2026-11|school:x`… */
export const cell = {
  measure: (measure: Measure, scope: string) => `${measure}|${scope}`,
  category: (category: string, scope: string) => `category|${category}|${scope}`,
  aspect: (aspect: string, scope: string) => `aspect|${aspect}|${scope}`,
  month: (month: string, scope: string) => `month|${month}|${scope}`,
  monthAspect: (month: string, aspect: string) => `month-aspect|${month}|${aspect}`,
  ledger: (key: string) => `ledger|${key}`,
  /** How complaints came in (channels.ts): for the city and each bureau only, never per school. */
  channel: (channel: string, scope: string) => `channel|${channel}|${scope}`,
};
export const shareId = (kind: 'accept' | 'answer', scope: string) => `${kind}|${scope}`;
export const medianId = (kind: 'daysToDecide' | 'daysToAnswer', scope: string) => `${kind}|${scope}`;

/** The twelve China months ending with the one `today` is in, oldest first. */
export function lastTwelveMonths(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const index = y * 12 + (m - 1) - (11 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** The taxonomy as the statistics use it: categories in content order, then "not sure". */
export function statsTaxonomy(directory: Directory) {
  const aspects = [...directory.aspects.keys(), UNSURE_ASPECT];
  const categoryOf = (aspect: string) => directory.aspects.get(aspect)?.category ?? UNSURE_CATEGORY;
  const categories = [...new Set(aspects.map(categoryOf))];
  return { aspects, categories, categoryOf };
}
