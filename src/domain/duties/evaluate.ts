import type { Duty } from '../../catalogue/schemas/duties';
import type { NoticeKind } from '../../catalogue/schemas/notices';
import { daysBetween } from '../deadlines';
import type { DutyPeriod } from './periods';

/**
 * Something a school or bureau published on a day (China's date): a notice's
 * first version, a later version, or (for rectification notices) a ledger
 * row's progress. What duties are checked against.
 */
export interface Publication {
  /** The school or bureau id that published it. */
  by: string;
  kind: NoticeKind;
  on: string;
}

/**
 * How one school or bureau met one duty in one period:
 * - `on-time` (按期): published by the due day;
 * - `late` (逾期 N 天): published, `daysLate` days after the due day;
 * - `not-due` (尚未到期): nothing yet, and the due day has not passed;
 * - `missing` (未公示): nothing, and the due day passed `daysLate` days ago;
 * - `not-owed`: a duty owed only while rows are open, and none were.
 */
export type DutyState =
  | { state: 'on-time'; publishedOn: string }
  | { state: 'late'; publishedOn: string; daysLate: number }
  | { state: 'not-due'; daysLeft: number }
  | { state: 'missing'; daysLate: number }
  | { state: 'not-owed' };

export type DutyStatus = DutyState & {
  duty: string;
  dutyName: string;
  /** Who owes it: a school's or a bureau's id (`of` says which: ids of the two may coincide). */
  by: string;
  of: 'school' | 'bureau';
  period: string;
  periodName: string;
  dueOn: string;
};

/**
 * One duty, one period, one publisher. A publication counts for the period
 * when it is of the duty's kind and made from the period's first day to its
 * last day or its due day, whichever is later; the earliest counts. With
 * `while: open-rows` the duty is owed only when `openRowsSince` (the first
 * day of the publisher's oldest row still open) is before the period began:
 * rows published during the period are that period's update themselves.
 */
export function evaluateDuty(
  duty: Pick<Duty, 'kind' | 'while'>,
  period: Pick<DutyPeriod, 'startsOn' | 'endsOn' | 'dueOn'>,
  publications: readonly Publication[],
  today: string,
  openRowsSince?: string,
): DutyState {
  if (duty.while === 'open-rows' && !(openRowsSince !== undefined && openRowsSince < period.startsOn)) return { state: 'not-owed' };
  const until = period.endsOn > period.dueOn ? period.endsOn : period.dueOn;
  const first = publications
    .filter((p) => p.kind === duty.kind && p.on >= period.startsOn && p.on <= until && p.on <= today)
    .map((p) => p.on)
    .sort()[0];
  if (first !== undefined)
    return first <= period.dueOn ? { state: 'on-time', publishedOn: first } : { state: 'late', publishedOn: first, daysLate: daysBetween(period.dueOn, first) };
  if (today <= period.dueOn) return { state: 'not-due', daysLeft: daysBetween(today, period.dueOn) };
  return { state: 'missing', daysLate: daysBetween(period.dueOn, today) };
}
