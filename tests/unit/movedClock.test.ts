import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/config/env';
import { movedClock } from '../../src/ports/clock';
import { chinaDate } from '../../src/domain/deadlines';

// A documented way to run with a date (issue 25, "Done when"): SCHOOLWATCH_TODAY, read only in src/config.
describe('SCHOOLWATCH_TODAY', () => {
  it('moves the clock to that day in China and lets it run on', () => {
    let real = Date.parse('2026-12-07T06:30:00Z'); // 14:30 in China
    const clock = movedClock('2027-03-01', { now: () => new Date(real) });
    expect(clock.now().toISOString()).toBe('2027-03-01T06:30:00.000Z');
    expect(chinaDate(clock.now())).toBe('2027-03-01');
    real += 10 * 3_600_000; // 00:30 the next day in China
    expect(chinaDate(clock.now())).toBe('2027-03-02');
  });
  it("late in China's evening, still the given day", () => {
    const clock = movedClock('2027-03-01', { now: () => new Date('2026-12-07T15:59:00Z') }); // 23:59 in China
    expect(chinaDate(clock.now())).toBe('2027-03-01');
  });
  it('is read by the configuration with the local outbox', () => {
    const check = checkConfig({ SCHOOLWATCH_TODAY: '2027-03-01' });
    expect(check.ok && check.config.today).toBe('2027-03-01');
  });
  it.each([
    [{ SCHOOLWATCH_TODAY: '2027-02-30' }, 'Invalid environment variable SCHOOLWATCH_TODAY: must be a real day, YYYY-MM-DD (e.g. 2027-03-01)'],
    [{ SCHOOLWATCH_TODAY: '1 March' }, 'Invalid environment variable SCHOOLWATCH_TODAY: must be a day, YYYY-MM-DD (e.g. 2027-03-01)'],
    [
      { SCHOOLWATCH_TODAY: '2027-03-01', RESEND_API_KEY: 're_x', MAIL_FROM: 'a@b.example', SITE_SECRET: 'x'.repeat(32) },
      'Invalid environment variable SCHOOLWATCH_TODAY: a moved clock is for trying the site out; it is refused with a real mailer (RESEND_API_KEY, SMTP_URL) and on Vercel',
    ],
  ])('is refused: %o', (env, problem) => {
    const check = checkConfig(env);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problems).toContain(problem);
  });
  it('is refused on Vercel', () => {
    const check = checkConfig({
      SCHOOLWATCH_TODAY: '2027-03-01',
      VERCEL: '1',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SITE_SECRET: 'x'.repeat(32),
      CRON_SECRET: 'y'.repeat(16),
      MAIL_OUTBOX: '1',
    });
    expect(!check.ok && check.problems.some((p) => p.startsWith('Invalid environment variable SCHOOLWATCH_TODAY'))).toBe(true);
  });
});
