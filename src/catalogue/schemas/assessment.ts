import { z } from 'astro/zod';

/** One indicator of the county scorecard: its weight (0 = reported, not scored). */
const weight = (fallback: number) => z.number().min(0, { error: '权重不能为负数' }).max(100, { error: '权重不超过 100' }).default(fallback);

/**
 * The county scorecard (市对县区政府教育履职考核, /assessment/): which duties
 * count and how much. Every indicator is a share of duties met, 0–100; the
 * score is their weighted mean. The page writes the method out from these
 * settings, so changing a weight here changes both the text and the scores.
 */
export const assessmentSchema = z
  .object({
    /** Weights of the indicators. A weight of 0 shows the indicator without scoring it. */
    weights: z
      .object({
        /** Complaints decided (accepted or refused) within the legal days. Default 20. */
        acceptedOnTime: weight(20),
        /** Complaints answered within the legal days. Default 20. */
        answeredOnTime: weight(20),
        /** Complaints that were not a repeat of an earlier one (重信重访). Default 10. */
        noRecurrence: weight(10),
        /** Schools' disclosures published on time (from the duties). Default 20. */
        disclosureOnTime: weight(20),
        /** Ledger rows not past their deadline. Default 10. */
        ledgerRowsOnTime: weight(10),
        /** Rectification items from complaints closed by their deadline. Default 10. */
        itemsClosedOnTime: weight(10),
        /** Inspection bulletins published, of those due. Default 10. */
        bulletinsPublished: weight(10),
        /** Parents satisfied with the answer. Default 0: scoring ratings invites false closures (虚假办结). */
        ratings: weight(0),
      })
      .prefault({}),
    /** Bulletins (督查通报) each bureau is expected to publish per month. Default 1. */
    bulletinsPerMonth: z.number().int().min(0).default(1),
  })
  .prefault({});

export type AssessmentSettings = z.infer<typeof assessmentSchema>;
