import type { ComplaintRecord } from './complaint';
import { addDays, daysBetween } from './deadlines';
import { isCalendarDate } from './calendarDate';
import { formatDate } from './dates';

/**
 * How a complaint reached the bureau: the web form, or one of the channels
 * a bureau officer records for the parent (来电, 来信, 来访, a 12345 hotline
 * transfer). Each enters the same clocks, status machine and statistics.
 */
export const CHANNELS = ['web', 'phone', 'letter', 'visit', 'hotline'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels an officer records; `web` is the parent's own form. */
export const STAFF_CHANNELS = ['phone', 'letter', 'visit', 'hotline'] as const satisfies readonly Channel[];
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

export const channelLabel: Record<Channel, string> = {
  web: '网上举报',
  phone: '电话',
  letter: '来信',
  visit: '来访',
  hotline: '12345 转办',
};

/** The channel of a stored complaint: records filed through the form carry none, and are `web`. */
export const channelOf = (record: Pick<ComplaintRecord, 'channel'>): Channel => record.channel ?? 'web';

/**
 * How far back an officer may date a complaint's arrival, beyond the
 * acceptance period. The form is for complaints entered as they arrive; a
 * date older than a whole acceptance period plus this margin is far more
 * often a mistyped month or year than a real arrival, and a wrong date
 * silently makes a case overdue in the public statistics. Two weeks covers a
 * letter that waited over a holiday (国庆 is seven days) before it was opened.
 */
export const RECEIVED_MARGIN_DAYS = 14;

/** The earliest day an officer may give as the day a complaint was received. */
export const earliestReceivedOn = (today: string, acceptDays: number) => addDays(today, -(acceptDays + RECEIVED_MARGIN_DAYS));

/**
 * Checks the day an officer says a complaint was received: a real day, not
 * after today (China), not before `earliestReceivedOn`. Returns the day, or
 * the sentence the form shows.
 */
export function checkReceivedOn(value: unknown, today: string, acceptDays: number): { ok: true; day: string } | { ok: false; error: string } {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return { ok: false, error: '请填写收到举报的日期' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return { ok: false, error: '日期格式应为 年-月-日，例如 2026-11-20' };
  if (!isCalendarDate(text)) return { ok: false, error: `日历上没有 ${text} 这一天，请检查年、月、日` };
  if (text > today) return { ok: false, error: `收到日期不能晚于今天（${formatDate(today)}）` };
  const earliest = earliestReceivedOn(today, acceptDays);
  if (text < earliest)
    return {
      ok: false,
      error: `收到日期不能早于 ${formatDate(earliest)}（${daysBetween(earliest, today)} 天前）。请检查年份和月份是否写错；确实更早收到的举报，请报督导机构处理。`,
    };
  return { ok: true, day: text };
}

/**
 * When a recorded complaint counts as filed: the day it was received, for
 * every clock (acceptance, the statistics' month, "days to decide"). Received
 * today, it is the moment of recording; received earlier, the start of that
 * day in China, since the hour it came in is not known.
 */
export function receivedAt(receivedOn: string, today: string, now: Date): Date {
  return receivedOn === today ? now : new Date(`${receivedOn}T00:00:00+08:00`);
}
