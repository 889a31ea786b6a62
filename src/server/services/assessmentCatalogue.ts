import { ledgerItems } from '../../catalogue/ledger';
import type { NoticeEntry } from '../../catalogue/sources';
import { periodDays } from '../../domain/assessment/periods';
import type { Directory } from '../../domain/directory';
import { noAssessmentSources, type AssessmentSources } from './assessmentSources';

/**
 * The indicators read from what was published (content/notices and the
 * notices published in the site, as the live catalogue merges them): the
 * bureaus' bulletins and the schools' ledger rows. Disclosure on time comes
 * from the duties evaluation when it is wired (`disclosure`); items closed on
 * time have no source yet and stay "no data".
 */
export function catalogueSources(deps: {
  notices: () => Promise<readonly NoticeEntry[]>;
  directory: Directory;
  bulletinsPerMonth: number;
  disclosure?: AssessmentSources['disclosureOnTime'];
  /** Rectification items from complaints closed on time (services/itemsAssessment.ts). */
  itemsClosed?: AssessmentSources['itemsClosedOnTime'];
}): AssessmentSources {
  const schoolsOf = (bureau: string) => new Set([...deps.directory.schools].filter(([, s]) => s.bureau === bureau).map(([id]) => id));
  return {
    ...noAssessmentSources,
    ...(deps.disclosure ? { disclosureOnTime: deps.disclosure } : {}),
    ...(deps.itemsClosed ? { itemsClosedOnTime: deps.itemsClosed } : {}),
    async bulletinsPublished(bureau, period) {
      if (deps.bulletinsPerMonth === 0) return null;
      const { first, last } = periodDays(period);
      const published = (await deps.notices()).filter(
        ({ data }) => data.kind === 'bulletin' && data.bureau === bureau && data.publishedOn >= first && data.publishedOn <= last,
      ).length;
      return { met: Math.min(published, deps.bulletinsPerMonth), due: deps.bulletinsPerMonth };
    },
    async ledgerRowsOnTime(bureau, period) {
      const { last } = periodDays(period);
      const schools = schoolsOf(bureau);
      const bySchool = new Map<string, NoticeEntry[]>();
      for (const entry of await deps.notices()) {
        if (entry.data.kind !== 'rectification' || !schools.has(entry.data.school) || entry.data.publishedOn > last) continue;
        bySchool.set(entry.data.school, [...(bySchool.get(entry.data.school) ?? []), entry]);
      }
      const rows = [...bySchool.values()].flatMap((entries) => ledgerItems(entries));
      // Overdue at the period's end: past its deadline on its last day and not 已整改.
      const overdue = rows.filter((row) => row.status !== '已整改' && row.deadline <= last).length;
      return { met: rows.length - overdue, due: rows.length };
    },
  };
}
