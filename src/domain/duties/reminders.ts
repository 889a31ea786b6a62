import { addDays } from '../deadlines';
import type { DutyStatus } from './evaluate';

/** One reminder to a publisher: before a duty falls due, or once it is late. */
export interface DutyReminder {
  status: DutyStatus;
  when: 'due' | 'late';
}

/**
 * The reminders to queue today. The dispatcher remembers a sent job for two
 * days, so a reminder is queued only within a two-day window and its job id
 * (`dutyReminderId`) makes it exactly once, however often the job runs:
 * `due` when `remindDaysBefore` or one day fewer are left (0: never), `late`
 * on the first and second day it is missing. A run missed on both days misses
 * that reminder; the bureau's weekly digest still lists the school.
 */
export function remindersDue(statuses: readonly DutyStatus[], remindDaysBefore: number): DutyReminder[] {
  const out: DutyReminder[] = [];
  for (const status of statuses) {
    if (status.state === 'not-due' && remindDaysBefore > 0 && status.daysLeft <= remindDaysBefore && status.daysLeft >= remindDaysBefore - 1)
      out.push({ status, when: 'due' });
    if (status.state === 'missing' && status.daysLate <= 2) out.push({ status, when: 'late' });
  }
  return out;
}

/** The job id of a reminder to one of the publisher's registered addresses (its place in the list). */
export const dutyReminderId = (r: DutyReminder, address: number) => `duty.reminder/${r.status.by}/${r.status.duty}/${r.status.period}/${r.when}/${address}`;

/**
 * The Monday of this week when today (China) is a Monday or Tuesday, else
 * undefined: weekly digests are queued on those two days under that Monday's
 * id, once (the same two-day window as reminders).
 */
export function digestWeek(today: string): string | undefined {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  if (weekday === 1) return today;
  if (weekday === 2) return addDays(today, -1);
  return undefined;
}
