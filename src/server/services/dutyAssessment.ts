import type { ContentSet } from '../../catalogue/integrity';
import type { NoticeEntry } from '../../catalogue/sources';
import { dutyFacts } from '../../catalogue/dutyFacts';
import { periodDays } from '../../domain/assessment/periods';
import { addDays } from '../../domain/deadlines';
import type { Tally } from '../../domain/assessment/indicators';
import type { Directory } from '../../domain/directory';
import { dueBetween, dutyStatus, isLate, type DutyStatus } from '../../domain/duties';

/**
 * The duties evaluation as the county assessment reads it (issue 25): how
 * a bureau's schools met their disclosure duties falling due in one month,
 * judged on the day after the month (when its figures are frozen), so that a
 * closed month's figure does not move afterwards. Judged on the last day
 * itself, a duty due that day (the monthly update is due on the month's
 * last day) would still be 尚未到期 and drop out of every month's count. Only schools' duties count here ("学校按期公示"); the
 * bureau's own bulletins are an indicator of their own.
 */
export function dutyAssessment(deps: { catalogue: () => Promise<{ content: ContentSet & { notices: NoticeEntry[] } }>; directory: Directory }) {
  const owed = async (bureau: string, period: string): Promise<DutyStatus[]> => {
    const { first, last } = periodDays(period);
    const { content } = await deps.catalogue();
    return dutyStatus(dutyFacts(content, addDays(last, 1)), dueBetween(first, last), { bureau }).filter(
      (s) => s.of === 'school' && s.state !== 'not-owed' && s.state !== 'not-due',
    );
  };
  return {
    /** Disclosures due in the month and published on time, of those due; null when none fell due. */
    async disclosure(bureau: string, period: string): Promise<Tally | null> {
      const due = await owed(bureau, period);
      return due.length === 0 ? null : { met: due.filter((s) => s.state === 'on-time').length, due: due.length };
    },
    /** The schools late with a disclosure due in the month (for the draft bulletin), by name, each once. */
    async lateSchools(bureau: string, period: string): Promise<string[] | null> {
      const late = (await owed(bureau, period)).filter(isLate);
      return [...new Set(late.map((s) => deps.directory.schools.get(s.by)?.name ?? s.by))];
    },
  };
}
