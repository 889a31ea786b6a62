import type { DutySettings } from '../../catalogue/schemas/duties';
import { daysBetween } from '../deadlines';
import { evaluateDuty, type DutyState, type DutyStatus, type Publication } from './evaluate';
import { dutyPeriods, type DutyPeriod, type PhaseSpan } from './periods';

/** Who owes duties: every school (with its bureau) and every bureau. */
export interface DutySubjects {
  schools: ReadonlyArray<{ id: string; bureau: string }>;
  bureaus: ReadonlyArray<{ id: string }>;
}

export interface DutyFacts {
  duties: DutySettings;
  /** The campaign's phases, for duties limited to some. */
  phases: readonly PhaseSpan[];
  subjects: DutySubjects;
  /** Everything published, by anyone (other publishers' are ignored). */
  publications: readonly Publication[];
  /** Per school: the day its oldest ledger row still open was published (absent: no open row). */
  openRowsSince: Readonly<Record<string, string>>;
  /** China's date today. */
  today: string;
}

/** Which periods of a duty a status is asked for. */
export type PeriodChoice = (periods: DutyPeriod[], today: string) => DutyPeriod[];

/** Every period whose due day falls from `from` to `to` (both included): what an assessment period counts. */
export const dueBetween =
  (from: string, to: string): PeriodChoice =>
  (periods) =>
    periods.filter((p) => p.dueOn >= from && p.dueOn <= to);

/** The period under way today and the last one already due: what the board and the public pages show. */
export const currentAndLastDue: PeriodChoice = (periods, today) => {
  const current = periods.filter((p) => p.startsOn <= today && today <= p.endsOn);
  const lastDue = periods.filter((p) => p.dueOn < today).at(-1);
  return [...(lastDue && !current.includes(lastDue) ? [lastDue] : []), ...current];
};

/**
 * How every school and bureau met every duty in the chosen periods, one
 * entry per duty × period × publisher (schools in the order given). The
 * assessment counts "disclosure on time" from this (`on-time` among owed
 * entries whose due day passed); the board and the public pages show it.
 */
export function dutyStatus(facts: DutyFacts, choose: PeriodChoice = currentAndLastDue, only?: { school?: string; bureau?: string }): DutyStatus[] {
  const { duties, phases, subjects, publications, openRowsSince, today } = facts;
  const byPublisher = new Map<string, Publication[]>();
  for (const p of publications) byPublisher.set(p.by, [...(byPublisher.get(p.by) ?? []), p]);
  const out: DutyStatus[] = [];
  for (const duty of duties.list) {
    const periods = choose(dutyPeriods(duties, duty, phases), today);
    const who =
      duty.by === 'school'
        ? subjects.schools.filter((s) => (!only?.school || s.id === only.school) && (!only?.bureau || s.bureau === only.bureau)).map((s) => s.id)
        : only?.school
          ? []
          : subjects.bureaus.filter((b) => !only?.bureau || b.id === only.bureau).map((b) => b.id);
    for (const period of periods)
      for (const by of who) {
        const state = evaluateDuty(duty, period, byPublisher.get(by) ?? [], today, openRowsSince[by]);
        out.push({ ...state, duty: duty.id, dutyName: duty.name, by, of: duty.by, period: period.id, periodName: period.name, dueOn: period.dueOn });
      }
  }
  return out;
}

/** A ledger row past its deadline and not 已整改: the days since (1 the day after the deadline), else undefined. */
export function overdueDays(row: { deadline: string; status: string }, today: string): number | undefined {
  if (row.status === '已整改' || row.deadline >= today) return undefined;
  return daysBetween(row.deadline, today);
}

/** Published late, or not at all and past due: what the pages tag 逾期 and the reminders chase. */
export const isLate = (status: { state: string }): boolean => status.state === 'late' || status.state === 'missing';

/** The words of a status, as the public pages and the board say it. */
export function dutyWords(status: DutyState): string {
  switch (status.state) {
    case 'on-time':
      return '按期';
    case 'late':
      return `逾期 ${status.daysLate} 天`;
    case 'not-due':
      return '尚未到期';
    case 'missing':
      return `未公示（已逾期 ${status.daysLate} 天）`;
    default:
      return '无需公示';
  }
}
