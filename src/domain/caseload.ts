import type { ComplaintRecord, ComplaintStatus } from './complaint';
import { UNSURE_ASPECT, type Directory } from './directory';
import { daysBetween } from './deadlines';
import { CLOSED, pendingDeadline, statusLabel } from './status';

/** "Due soon" in the caseload: the pending deadline is today or within this many days. */
export const SOON_DAYS = 3;
/** Rows per page of the caseload. */
export const CASES_PER_PAGE = 20;

/** The workspace's name for the one table of status words (status.ts). */

/** One row of a caseload. */
export interface CaseRow {
  reference: string;
  filedAt: string;
  school: { id: string; name: string };
  aspect: { id: string; name: string };
  status: ComplaintStatus;
  statusLabel: string;
  /** The deadline the complaint waits on, if any: accepting or answering, by which day. */
  deadline?: { kind: 'accept' | 'resolve'; by: string };
  /** Days from today to that deadline; negative when it has passed. */
  daysLeft?: number;
}

export interface CaseFilter {
  status?: ComplaintStatus;
  school?: string;
  aspect?: string;
  due?: 'overdue' | 'soon';
}

/** A caseload row of a record on `today` (China's date). */
export function caseRow(record: ComplaintRecord, directory: Directory, today: string): CaseRow {
  const deadline = pendingDeadline(record);
  return {
    reference: record.reference,
    filedAt: record.filedAt,
    school: { id: record.school, name: directory.schools.get(record.school)?.name ?? record.school },
    aspect: { id: record.aspect, name: record.aspect === UNSURE_ASPECT ? '不确定属于哪一类' : (directory.aspects.get(record.aspect)?.name ?? record.aspect) },
    status: record.status,
    statusLabel: statusLabel[record.status],
    ...(deadline ? { deadline, daysLeft: daysBetween(today, deadline.by) } : {}),
  };
}

/** Days left in words: 剩 5 天, 今天到期, 逾期 3 天; empty when nothing is pending. */
export function daysLeftText(row: Pick<CaseRow, 'daysLeft'>): string {
  if (row.daysLeft === undefined) return '';
  if (row.daysLeft > 0) return `剩 ${row.daysLeft} 天`;
  if (row.daysLeft === 0) return '今天到期';
  return `逾期 ${-row.daysLeft} 天`;
}

/**
 * The filter a query asks for. A value that is not one of the choices is
 * dropped rather than refused: an old bookmark still opens the list.
 */
export function parseCaseFilter(query: URLSearchParams, choices: { schools: ReadonlySet<string>; aspects: ReadonlySet<string> }): CaseFilter {
  const filter: CaseFilter = {};
  const status = query.get('status');
  if (status && status in statusLabel) filter.status = status as ComplaintStatus;
  const school = query.get('school');
  if (school && choices.schools.has(school)) filter.school = school;
  const aspect = query.get('aspect');
  if (aspect && choices.aspects.has(aspect)) filter.aspect = aspect;
  const due = query.get('due');
  if (due === 'overdue' || due === 'soon') filter.due = due;
  return filter;
}

export function matchesFilter(row: CaseRow, filter: CaseFilter): boolean {
  if (filter.status && row.status !== filter.status) return false;
  if (filter.school && row.school.id !== filter.school) return false;
  if (filter.aspect && row.aspect.id !== filter.aspect) return false;
  if (filter.due === 'overdue' && !(row.daysLeft !== undefined && row.daysLeft < 0)) return false;
  if (filter.due === 'soon' && !(row.daysLeft !== undefined && row.daysLeft >= 0 && row.daysLeft <= SOON_DAYS)) return false;
  return true;
}

/** The filter as query parameters, for links that keep it (paging) and the export form. */
export function filterParams(filter: CaseFilter): Array<[string, string]> {
  return Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string');
}

/** One page of a list (1-based, clamped to the pages there are). */
export function pageOf<T>(items: T[], requested: number, size = CASES_PER_PAGE): { items: T[]; currentPage: number; lastPage: number } {
  const lastPage = Math.max(1, Math.ceil(items.length / size));
  const currentPage = Number.isInteger(requested) ? Math.min(Math.max(requested, 1), lastPage) : 1;
  return { items: items.slice((currentPage - 1) * size, currentPage * size), currentPage, lastPage };
}

/** What the supervision office counts per bureau: complaints still open, past their deadline, and disputed. */
export function bureauCounts(records: ComplaintRecord[], today: string): { open: number; overdue: number; disputed: number } {
  let [open, overdue, disputed] = [0, 0, 0];
  for (const record of records) {
    if (!CLOSED.has(record.status)) open++;
    const pending = pendingDeadline(record);
    if (pending && today > pending.by) overdue++;
    if (record.status === 'disputed') disputed++;
  }
  return { open, overdue, disputed };
}
