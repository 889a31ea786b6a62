import { complaintIndicators } from '../../domain/assessment/complaintIndicators';
import { bulletinFigures } from '../../domain/assessment/bulletinFigures';
import type { PeriodRecord } from '../../domain/assessment/frozenPeriod';
import { INDICATORS, type AssessmentRules, type IndicatorInputs } from '../../domain/assessment/indicators';
import { periodDays } from '../../domain/assessment/periods';
import { scorecard } from '../../domain/assessment/scorecard';
import type { ComplaintRecord } from '../../domain/complaint';
import { addDays, chinaDate } from '../../domain/deadlines';
import type { Directory } from '../../domain/directory';
import { statsTally } from '../../domain/statsTally';
import type { SuppressionRules } from '../../domain/suppression';
import type { AssessmentSources } from './assessmentSources';

/** The last instant of a period's last China day (UTC+8, no daylight saving). */
const endOf = (period: string) => new Date(Date.parse(`${addDays(periodDays(period).last, 1)}T00:00:00+08:00`) - 1);

/**
 * Counts one closed period while the statistics job walks the complaints:
 * the statistics as of its last day (complaints filed up to then) and the
 * scorecard's complaint indicators. `finish` adds the other indicators from
 * their sources and makes the record that will be frozen.
 */
export function periodFigures(deps: {
  directory: Directory;
  period: string;
  rules: SuppressionRules;
  assessment: AssessmentRules;
  sources: AssessmentSources;
}) {
  const end = endOf(deps.period);
  const lastDay = periodDays(deps.period).last;
  const tally = statsTally(deps.directory, end);
  const complaints = complaintIndicators(deps.directory, deps.period);
  const bulletins = bulletinFigures(deps.directory, deps.period);
  return {
    add(record: ComplaintRecord) {
      // Filed after the period: not part of it, whenever the job runs.
      if (chinaDate(new Date(record.filedAt)) > lastDay) return;
      tally.add(record);
      complaints.add(record);
      bulletins.add(record);
    },
    async finish(computedAt: Date): Promise<PeriodRecord> {
      const bureaus = [...deps.directory.bureaus.keys()];
      const inputs = [];
      for (const bureau of bureaus) {
        const fromComplaints = complaints.of(bureau);
        const of: IndicatorInputs = {
          ...fromComplaints,
          disclosureOnTime: await deps.sources.disclosureOnTime(bureau, deps.period),
          ledgerRowsOnTime: await deps.sources.ledgerRowsOnTime(bureau, deps.period),
          itemsClosedOnTime: await deps.sources.itemsClosedOnTime(bureau, deps.period),
          bulletinsPublished: await deps.sources.bulletinsPublished(bureau, deps.period),
        };
        inputs.push({ bureau, inputs: Object.fromEntries(INDICATORS.map((i) => [i, of[i]])) as IndicatorInputs });
      }
      return {
        period: deps.period,
        computedAt: computedAt.toISOString(),
        snapshot: tally.publish(deps.rules),
        scorecard: scorecard(deps.period, computedAt.toISOString(), inputs, deps.assessment, deps.rules),
        bulletins: bulletins.all(bureaus),
      };
    },
  };
}
