import type { Limited, RateLimit } from '../ports/complaintStore';
import type { Clock } from '../ports/clock';
import type { Log } from './log';

/** The site-wide count of filings, one fixed hour window in the store (shared by every process). */
const BUCKET = 'site-filings';

export type FilingAlarm = ReturnType<typeof filingAlarm>;

/**
 * A site-wide alarm for a flood of filings: more than `perHour` complaints in
 * one hour on the whole site, which the operator sets to several times a
 * usual hour (docs/operations.md). Many addresses each within their limit
 * (a botnet, or one client walking through a carrier's pool) show up here and
 * nowhere else. It refuses nobody: it logs one warning per hour it is raised
 * and tells /api/health's operator detail, and a person decides.
 */
export function filingAlarm(deps: { clock: Clock; log: Log; perHour: number }) {
  let raisedUntil = 0;
  return {
    /** The count a filing adds to, in the store's filing step itself (ComplaintStore `file`'s `site`). */
    site: { bucket: BUCKET, max: deps.perHour, windowSeconds: 3600 } satisfies RateLimit,
    /** What that step said: over the threshold raises the alarm, with one warning per hour it is raised. */
    noted(over: Limited | undefined): void {
      const now = deps.clock.now().getTime();
      if (over && now >= raisedUntil) {
        deps.log('warn', 'intake.alarm', { perHour: deps.perHour, windowEndsInSeconds: Math.ceil(over.retryAfterMs / 1000) });
        raisedUntil = now + over.retryAfterMs;
      }
    },
    /** What /api/health tells the operator: raised (and until when) or not, and the threshold. */
    state(): { raised: boolean; perHour: number; until?: string } {
      const now = deps.clock.now().getTime();
      return now < raisedUntil ? { raised: true, perHour: deps.perHour, until: new Date(raisedUntil).toISOString() } : { raised: false, perHour: deps.perHour };
    },
  };
}
