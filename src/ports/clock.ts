/** The current time, injected so that deadlines can be tested. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const DAY_MS = 86_400_000;
const CHINA_MS = 8 * 3_600_000;

/**
 * A clock moved to another day in China, for trying the site out on a date
 * (`SCHOOLWATCH_TODAY`, README): it runs on from that day's time of the real
 * clock, so that retries, sessions and the next day still come.
 */
export function movedClock(today: string, real: Clock = systemClock): Clock {
  const now = real.now().getTime();
  const realDayStart = Math.floor((now + CHINA_MS) / DAY_MS) * DAY_MS;
  const offset = Date.parse(`${today}T00:00:00Z`) - realDayStart;
  return { now: () => new Date(real.now().getTime() + offset) };
}
