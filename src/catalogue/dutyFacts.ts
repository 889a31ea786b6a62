import type { DutyFacts, Publication } from '../domain/duties';
import { overdueDays } from '../domain/duties';
import type { ContentSet } from './integrity';
import { ledgerItems, type LedgerItem } from './ledger';
import { indexes } from './indexes';
import type { NoticeEntry } from './sources';

/**
 * What the duties are checked against, from the catalogue (content/notices
 * and the store's notices): every publication and update with its day, and
 * each school's open ledger rows. The board, the public pages, the reminders
 * and the county assessment all read duties through this one function.
 */
export function dutyFacts(content: ContentSet & { notices: NoticeEntry[] }, today: string): DutyFacts {
  // Once per catalogue and day: a bureau page, its schools' pages and the board all ask for the same.
  const held = made.get(content);
  if (held?.today === today) return held;
  const facts = makeFacts(content, today);
  made.set(content, facts);
  return facts;
}

const made = new WeakMap<ContentSet, DutyFacts>();

function makeFacts(content: ContentSet & { notices: NoticeEntry[] }, today: string): DutyFacts {
  const publications: Publication[] = [];
  for (const { data, updates } of content.notices) {
    const by = 'school' in data ? data.school : data.bureau;
    publications.push({ by, kind: data.kind, on: data.publishedOn });
    for (const on of updates ?? []) publications.push({ by, kind: data.kind, on });
  }
  const openRowsSince: Record<string, string> = {};
  for (const school of content.schools) {
    const open = schoolLedger(content, school.id).filter((row) => row.status !== '已整改');
    const since = open.map((row) => row.publishedOn).sort()[0];
    if (since) openRowsSince[school.id] = since;
  }
  const { settings } = content;
  return {
    duties: settings.duties,
    phases: settings.campaign.phases,
    subjects: { schools: content.schools, bureaus: content.bureaus },
    publications,
    openRowsSince,
    today,
  };
}

/** A school's current ledger (its own rectification notices, latest status of each row). */
export const schoolLedger = (content: ContentSet, school: string): LedgerItem[] =>
  ledgerItems(
    indexes(content)
      .forSchool(school)
      .filter(({ data }) => 'school' in data && data.school === school),
  );

/** A school's rows past their deadline and not 已整改, with the days since, most overdue first. */
export function overdueRows(content: ContentSet, school: string, today: string): Array<LedgerItem & { daysOverdue: number }> {
  return schoolLedger(content, school)
    .flatMap((row) => {
      const days = overdueDays(row, today);
      return days === undefined ? [] : [{ ...row, daysOverdue: days }];
    })
    .sort((a, b) => b.daysOverdue - a.daysOverdue);
}
