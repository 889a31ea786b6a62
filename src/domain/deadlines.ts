/** Adds calendar days to a `YYYY-MM-DD` date. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Today's date in China (UTC+8, no daylight saving). */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The last day on which the bureau must accept (受理) or refuse a complaint
 * filed at `filedAt`: `acceptDays` calendar days after the day of filing.
 */
export function acceptBy(filedAt: Date, acceptDays: number): string {
  return addDays(chinaDate(filedAt), acceptDays);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The last second of a China day (`YYYY-MM-DD`) in epoch ms: a deadline day counts in full. */
export const endOfChinaDay = (day: string): number => Date.parse(`${day}T23:59:59+08:00`);
