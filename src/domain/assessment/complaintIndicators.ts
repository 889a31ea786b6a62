import type { ComplaintRecord } from '../complaint';
import type { Directory } from '../directory';
import { addDays, chinaDate } from '../deadlines';
import { handlingOf } from '../handling';
import type { Tally } from './indicators';
import { periodDays } from './periods';

export type ComplaintIndicator = 'acceptedOnTime' | 'answeredOnTime' | 'noRecurrence' | 'ratings';

/** The record as it stood at the end of China day `day`: later steps left out. */
const asOfDay = (record: ComplaintRecord, day: string): ComplaintRecord => ({
  ...record,
  history: record.history.filter((event) => chinaDate(new Date(event.at)) <= day),
});

/**
 * Counts one period per county bureau for the scorecard. A decision or an
 * answer counts in the period in which it was made or fell due (whichever
 * came first), so each counts once, whenever the complaint was filed, and
 * a late one counts as late in the month its deadline passed. Handling counts
 * for the bureau that handles the complaint (as in the statistics);
 * recurrences and ratings, of the complaints filed in the period, for the
 * bureau of the school.
 */
export function complaintIndicators(directory: Directory, period: string) {
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
      const before = handlingOf(asOfDay(record, addDays(first, -1)), directory.deadlines, first);
      const h = handlingOf(asOfDay(record, last), directory.deadlines, addDays(last, 1));
      if (h.filedOn > last) return;
      const handler = of(h.bureau);
      count(handler.acceptedOnTime, h.acceptDue && !before.acceptDue, h.acceptedOnTime);
      count(handler.answeredOnTime, h.answerDue && !before.answerDue, h.answeredOnTime);
      if (h.filedOn < first) return;
      const supervisor = of(school.bureau);
      count(supervisor.noRecurrence, true, !record.recurrenceOf);
      count(supervisor.ratings, record.rating !== undefined, record.rating === 'satisfied' || record.rating === 'basically');
    },
    /** The county's tallies (all zero when it had no complaints). */
    of: (bureau: string) => of(bureau),
  };
}
