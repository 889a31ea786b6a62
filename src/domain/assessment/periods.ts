import { addDays } from '../deadlines';

/**
 * Periods are China calendar months (YYYY-MM). A period is closed once its
 * last day has passed; figures below the bureau totals are published only
 * for closed periods (issue 25, point 7).
 */
export const isPeriod = (text: string | undefined): text is string => typeof text === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(text);

/** The month before `period`. */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - 1;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last closed period on a China day (YYYY-MM-DD): the month before the one it is in. */
export const lastClosedPeriod = (today: string) => previousPeriod(today.slice(0, 7));

/** The first and last China day of a period. */
export function periodDays(period: string): { first: string; last: string } {
  const first = `${period}-01`;
  const [y, m] = period.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { first, last: addDays(next, -1) };
}

/** The day the figures of the period a China day is in will appear: the first day of the next month. */
export function nextPublicationDay(today: string): string {
  return addDays(periodDays(today.slice(0, 7)).last, 1);
}

/** "2026年11月". */
export const periodName = (period: string) => `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
