import type { ComplaintRecord } from '../complaint';
import { addDays, chinaDate } from '../deadlines';
import type { Directory } from '../directory';
import { COUNTED_FINDINGS, countedFinding, type CountedFinding } from '../findingStats';
import { handlingOf } from '../handling';
import { periodDays } from './periods';

/** One bureau's complaints of one period, for its draft bulletin (督查通报). */
export interface BulletinFigures {
  /** Complaints filed in the period about the bureau's schools. */
  received: number;
  /** Of them, answered by the period's end, by the finding of the latest answer. */
  byFinding: Record<CountedFinding, number>;
  /** Complaints the bureau handles that were past a deadline at the period's end, whenever filed. */
  overdue: number;
}

const blank = (): BulletinFigures => ({
  received: 0,
  byFinding: Object.fromEntries(COUNTED_FINDINGS.map((f) => [f, 0])) as BulletinFigures['byFinding'],
  overdue: 0,
});

/** Counts a period per bureau as the job walks the complaints; each record as it stood at the period's end. */
export function bulletinFigures(directory: Directory, period: string) {
  const { first, last } = periodDays(period);
  const figures = new Map<string, BulletinFigures>();
  const of = (bureau: string) => figures.get(bureau) ?? (figures.set(bureau, blank()), figures.get(bureau)!);
  return {
    add(record: ComplaintRecord) {
      const school = directory.schools.get(record.school);
      if (!school) return;
      const then = { ...record, history: record.history.filter((e) => chinaDate(new Date(e.at)) <= last) };
      const h = handlingOf(then, directory.deadlines, addDays(last, 1));
      if (h.filedOn > last) return;
      // Overdue at the end of the period: a decision or an answer due by then and not made.
      if (
        (h.acceptDue && !then.history.some((e) => e.type === 'accepted' || e.type === 'rejected')) ||
        (h.answerDue && !then.history.some((e) => e.type === 'resolved'))
      )
        of(h.bureau).overdue += 1;
      if (h.filedOn < first) return;
      const mine = of(school.bureau);
      mine.received += 1;
      const finding = countedFinding(then);
      if (finding) mine.byFinding[finding] += 1;
    },
    all: (bureaus: readonly string[]) => Object.fromEntries(bureaus.map((b) => [b, of(b)])) as Record<string, BulletinFigures>,
  };
}
