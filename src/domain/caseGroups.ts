import type { ComplaintRecord } from './complaint';
import { addDays, chinaDate } from './deadlines';
import { caseRow, type CaseRow } from './caseload';
import type { Directory } from './directory';
import { CLOSED, TRANSITIONS } from './status';

/**
 * Open complaints about one school and one problem (重信重访: for anonymous
 * reports, the same reported party and matter). Ten parents reporting the
 * same holiday classes are one matter for the bureau to look into, answered
 * once; each complaint still keeps its own record, clocks and history.
 */
export interface CaseGroup {
  school: CaseRow['school'];
  aspect: CaseRow['aspect'];
  /** The group's open complaints, oldest first. */
  rows: CaseRow[];
  /** Of them, how many parents filed through another's "我也遇到了" link (sameLink.ts). */
  viaLink: number;
}

/** The key of a group in a URL or a form: school and aspect ids. */
export const groupKey = (school: string, aspect: string) => `${school}|${aspect}`;

/**
 * The bureau's open complaints grouped by school and aspect, groups of at
 * least `min` only (a group of one is just a complaint), the largest first,
 * then by the oldest complaint in it.
 */
export function openGroups(records: ComplaintRecord[], directory: Directory, today: string, min = 2): CaseGroup[] {
  const groups = new Map<string, CaseGroup>();
  for (const record of records) {
    if (CLOSED.has(record.status)) continue;
    const row = caseRow(record, directory, today);
    const key = groupKey(row.school.id, row.aspect.id);
    const group = groups.get(key) ?? { school: row.school, aspect: row.aspect, rows: [], viaLink: 0 };
    group.rows.push(row);
    if (record.sameLink) group.viaLink++;
    groups.set(key, group);
  }
  return [...groups.values()]
    .filter((g) => g.rows.length >= min)
    .map((g) => ({ ...g, rows: g.rows.sort((a, b) => a.filedAt.localeCompare(b.filedAt) || a.reference.localeCompare(b.reference)) }))
    .sort((a, b) => b.rows.length - a.rows.length || a.rows[0]!.filedAt.localeCompare(b.rows[0]!.filedAt));
}

/** "12 件：城关一小 · 强制购买教辅". */
export const groupTitle = (group: Pick<CaseGroup, 'school' | 'aspect'> & { count: number }) => `${group.count} 件：${group.school.name} · ${group.aspect.name}`;

/** Whether a complaint in this status can take a bureau's answer now (the status machine's table). */
export const canAnswer = (record: Pick<ComplaintRecord, 'status'>) => TRANSITIONS[record.status].resolve?.by === 'bureau';

/** What the office watches for repeated complaints: this many about one school within this many days. */
export interface RepeatRule {
  count: number;
  days: number;
}

/** A school complained about repeatedly: a supervision signal (专项督办). */
export interface RepeatSignal {
  school: { id: string; name: string };
  bureau: { id: string; name: string };
  /** Complaints filed in the window, and of them still open. */
  count: number;
  open: number;
  /** By problem, the most first. */
  aspects: Array<{ id: string; name: string; count: number }>;
}

/**
 * Schools with at least `rule.count` complaints filed in the last
 * `rule.days` days (China dates), whichever bureau handles them now, the
 * most first. Every complaint counts, answered or not: a school whose
 * complaints keep being closed and keep coming back is the signal.
 */
export function repeatSignals(records: Iterable<ComplaintRecord>, directory: Directory, today: string, rule: RepeatRule): RepeatSignal[] {
  const since = addDays(today, -rule.days);
  const bySchool = new Map<string, { records: ComplaintRecord[] }>();
  for (const record of records) {
    if (chinaDate(new Date(record.filedAt)) <= since) continue;
    const entry = bySchool.get(record.school) ?? { records: [] };
    entry.records.push(record);
    bySchool.set(record.school, entry);
  }
  const signals: RepeatSignal[] = [];
  for (const [school, { records: list }] of bySchool) {
    if (list.length < rule.count) continue;
    const rows = list.map((r) => caseRow(r, directory, today));
    const aspects = new Map<string, { id: string; name: string; count: number }>();
    for (const row of rows) {
      const a = aspects.get(row.aspect.id) ?? { ...row.aspect, count: 0 };
      a.count += 1;
      aspects.set(row.aspect.id, a);
    }
    const bureau = directory.schools.get(school)?.bureau ?? list[0]!.bureau;
    signals.push({
      school: rows[0]!.school,
      bureau: { id: bureau, name: directory.bureaus.get(bureau)?.name ?? bureau },
      count: list.length,
      open: list.filter((r) => !CLOSED.has(r.status)).length,
      aspects: [...aspects.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id)),
    });
  }
  return signals.sort((a, b) => b.count - a.count || a.school.id.localeCompare(b.school.id));
}
