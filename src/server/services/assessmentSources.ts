import type { Tally } from '../../domain/assessment/indicators';

/**
 * Where the scorecard's indicators that are not counted from complaints come
 * from: the duties evaluation (schools' disclosures), the ledgers, the
 * rectification items and the bureaus' bulletins. Each answers for one
 * county bureau and one closed period (YYYY-MM), or null when it has no data,
 * which leaves the indicator out of the score ("未评分") for that county.
 */
export interface AssessmentSources {
  /** Schools' disclosures due in the period and published on time (the duties evaluation, src/domain/duties/). */
  disclosureOnTime(bureau: string, period: string): Promise<Tally | null>;
  /** Ledger rows of the bureau's schools at the period's end: not past their deadline (or 已整改), of all rows. */
  ledgerRowsOnTime(bureau: string, period: string): Promise<Tally | null>;
  /** Rectification items from complaints due in the period: done by their deadline, of those due. */
  itemsClosedOnTime(bureau: string, period: string): Promise<Tally | null>;
  /** Bulletins the bureau published in the period, of those due (at most the number due counts). */
  bulletinsPublished(bureau: string, period: string): Promise<Tally | null>;
}

/** No source wired: every such indicator is "no data", left out of the score. */
export const noAssessmentSources: AssessmentSources = {
  disclosureOnTime: async () => null,
  ledgerRowsOnTime: async () => null,
  itemsClosedOnTime: async () => null,
  bulletinsPublished: async () => null,
};
