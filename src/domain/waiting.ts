import type { ComplaintRecord, NotificationJob } from './complaint';
import type { Directory } from './directory';
import { acceptBy, addDays, chinaDate } from './deadlines';
import { formatDate } from './dates';

/**
 * "等到至少 N 位家长反映同一问题再转给教育局": a complaint that waits for other
 * parents of the same school before it goes to the bureau. One family is easy
 * to single out, several are not. Until it goes it has no legal clock and is
 * in no list, count or email: only its parent (through the receipt code)
 * learns that it exists. Pure: the caller passes the time and the counts.
 */

/** What the parent chose for the end of the wait: go alone, or be withdrawn and deleted. */
export type WaitEnd = 'alone' | 'withdraw';

/** A waiting complaint's terms, fixed when it was filed. */
export interface Waiting {
  /** Complaints about the school and aspect (this one included) that send it. */
  need: number;
  /** The wait ends at this instant (ISO); the day it ends (China) is `untilDay`. */
  until: string;
  untilDay: string;
  then: WaitEnd;
}

export const DEFAULT_WAIT = { parents: 3, days: 30 } as const;

export const waitSettings = (directory: Directory) => directory.waitForOthers ?? DEFAULT_WAIT;

/** The group a waiting complaint waits in: one school, one aspect. */
export const waitGroup = (school: string, aspect: string) => `${school}|${aspect}`;

/** The terms of a complaint filed `now` that waits, under the site's settings. */
export function startWaiting(now: Date, settings: { parents: number; days: number }, then: WaitEnd): Waiting {
  const until = new Date(now.getTime() + settings.days * 86_400_000);
  return { need: settings.parents, until: until.toISOString(), untilDay: chinaDate(until), then };
}

/** Complaints that count toward a group at `now`: same school and aspect, filed within the window, waiting or not. */
export function countsToward(records: readonly ComplaintRecord[], school: string, aspect: string, now: Date, days: number): number {
  const since = now.getTime() - days * 86_400_000;
  return records.filter((r) => r.school === school && r.aspect === aspect && Date.parse(r.filedAt) >= since).length;
}

/** What becomes of a waiting complaint at `now`, given how many complaints count toward its group. */
export type WaitDecision = 'wait' | 'release' | 'alone' | 'withdraw';

export function decideWaiting(waiting: Waiting, counted: number, now: Date): WaitDecision {
  if (counted >= waiting.need) return 'release';
  if (now.getTime() < Date.parse(waiting.until)) return 'wait';
  return waiting.then === 'alone' ? 'alone' : 'withdraw';
}

/** The complaint as it goes to the bureau at `now`: its legal clock starts that day (acceptBy counted from it). */
export function releasedRecord(record: ComplaintRecord, now: Date, acceptDays: number): ComplaintRecord {
  const { waiting: _waiting, ...rest } = record;
  return { ...rest, acceptBy: acceptBy(now, acceptDays), releasedAt: now.toISOString() };
}

/** The last part of the SMS job's id that tells the parent their complaint went, where other SMS jobs carry a step's number. */
export const RELEASED_SMS = 'released';

/**
 * What a release queues, with the complaint in one step of the store: the
 * bureau's email as for any filing, and one note to the parent who left an
 * email (`notifyParent`) or a mobile for updates (`notifySms`), since nobody
 * else tells them it went. The ids carry no sequence, so each is queued once
 * per complaint however often a release is tried.
 */
export function releaseJobs(record: ComplaintRecord, now: Date): NotificationJob[] {
  const job = (id: string, event: NotificationJob['event']): NotificationJob => ({
    id,
    event,
    reference: record.reference,
    createdAt: now.toISOString(),
    attempts: 0,
  });
  return [
    job(`complaint.filed/${record.reference}`, 'complaint.filed'),
    ...(record.notifyParent ? [job(`parent.released/${record.reference}`, 'parent.released')] : []),
    ...(record.notifySms ? [job(`parent.sms/${record.reference}/${RELEASED_SMS}`, 'parent.sms')] : []),
  ];
}

/** Where a waiting complaint stands, for its parent's status page. */
export interface WaitStanding {
  have: number;
  missing: number;
  untilDay: string;
  then: WaitEnd;
  text: string;
}

export function waitStanding(waiting: Waiting, counted: number): WaitStanding {
  const have = Math.max(1, counted);
  const missing = Math.max(0, waiting.need - have);
  const end = waiting.then === 'alone' ? '到期仍不够人数时，您的举报将单独转给教育局' : '到期仍不够人数时，您的举报将撤回并删除';
  return {
    have,
    missing,
    untilDay: waiting.untilDay,
    then: waiting.then,
    text: `等待其他家长：已有 ${have} 位，还需 ${missing} 位，最晚 ${formatDate(waiting.untilDay)}。${end}。`,
  };
}

/** The last day a complaint filed on `filedOn` waits, as the form tells the parent. */
export const waitEndsOn = (filedOn: string, days: number) => addDays(filedOn, days);
