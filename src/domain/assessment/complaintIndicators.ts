import type { ComplaintRecord } from '../complaint';
import type { Directory } from '../directory';
import { handlingOf } from '../handling';
import type { Tally } from './indicators';
import { periodDays } from './periods';

export type ComplaintIndicator = 'acceptedOnTime' | 'answeredOnTime' | 'noRecurrence' | 'ratings';

/**
 * Counts one period's complaints per county bureau for the scorecard:
 * handling counts for the bureau that handles the complaint (as in the
 * statistics), recurrences and ratings for the bureau of the school.
 * `asOf` is the China day the period is assessed (its first day after).
 */
export function complaintIndicators(directory: Directory, period: string, asOf: string) {
  const { first, last } = periodDays(period);
  const tallies = new Map<string, Record<ComplaintIndicator, Tally>>();
  const of = (bureau: string) => {
    let tally = tallies.get(bureau);
    if (!tally) {
      tally = { acceptedOnTime: { met: 0, due: 0 }, answeredOnTime: { met: 0, due: 0 }, noRecurrence: { met: 0, due: 0 }, ratings: { met: 0, due: 0 } };
      tallies.set(bureau, tally);
    }
    return tally;
  };
  const count = (tally: Tally, due: boolean, met: boolean) => {
    if (!due) return;
    tally.due += 1;
    if (met) tally.met += 1;
  };
  return {
    add(record: ComplaintRecord) {
      const school = directory.schools.get(record.school);
      if (!school) return;
      const h = handlingOf(record, directory.deadlines, asOf);
      if (h.filedOn < first || h.filedOn > last) return;
      const handler = of(h.bureau);
      count(handler.acceptedOnTime, h.acceptDue, h.acceptedOnTime);
      count(handler.answeredOnTime, h.answerDue, h.answeredOnTime);
      const supervisor = of(school.bureau);
      count(supervisor.noRecurrence, true, !record.recurrenceOf);
      count(supervisor.ratings, record.rating !== undefined, record.rating === 'satisfied' || record.rating === 'basically');
    },
    /** The county's tallies (all zero when it had no complaints). */
    of: (bureau: string) => of(bureau),
  };
}
