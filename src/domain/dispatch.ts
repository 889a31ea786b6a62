import type { ComplaintStore } from '../ports/complaintStore';
import type { Mailer, OutgoingMail, SendResult } from '../ports/mailer';
import type { SmsSender } from '../ports/smsSender';
import type { Keys } from '../ports/keys';
import type { Clock } from '../ports/clock';
import type { ComplaintPrivate, NotificationJob } from './complaint';
import type { Directory } from './directory';
import { signAnswerToken, ANSWER_LINK_DAYS } from './answerLink';
import { bureauEmail, type BureauEmailKind } from './emails/bureauEmail';
import { followUpEmail, parentRectifiedEmail, parentReleasedEmail, parentUpdateEmail } from './emails/parentEmail';
import { overdueDigestEmail, type OverdueLine } from './emails/digestEmail';
import { escalationEmail } from './emails/escalationEmail';
import { formatDate } from './dates';
import { chinaDate, addDays } from './deadlines';
import { openParentWords } from './parentWords';
import { smsForStep, type SmsSettings } from './smsNotice';
import { FOLLOW_UP_SMS } from './recurrence';
import { completions } from './jobCompletions';
import { RELEASED_SMS } from './waiting';

export interface DispatchDeps {
  store: ComplaintStore;
  mailer: Mailer;
  keys: Keys;
  directory: Directory;
  clock: Clock;
  /** Public origin for links in emails, e.g. https://schoolwatch.example. */
  siteUrl: string;
  /** Short messages to parents; absent when content/site.yaml has no `sms` settings (then SMS jobs send nothing). */
  sms?: { sender: SmsSender; settings: SmsSettings };
}

export interface DispatchOptions {
  /** Jobs taken per run. */
  limit: number;
  /** How long a dispatcher holds a job; longer than the mailer's timeout. */
  leaseMs: number;
  /** Attempts before a job is dead-lettered. */
  maxAttempts: number;
  /** First retry delay; doubles each attempt, capped at an hour. */
  baseDelayMs: number;
  /** Jobs sent at once. */
  concurrency: number;
  /**
   * The least wait before retrying a send that may have been delivered (SMTP:
   * the whole message went out, no reply came). The retry carries the same
   * Message-ID, which many receiving servers drop as a repeat; waiting first
   * makes a second copy less likely, and a lost notice with a legal deadline
   * is worse than a duplicate.
   */
  uncertainDelayMs: number;
}

export const DEFAULT_DISPATCH: DispatchOptions = {
  limit: 200,
  leaseMs: 60_000,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  concurrency: 8,
  uncertainDelayMs: 15 * 60_000,
};

export interface DispatchReport {
  sent: number;
  retried: number;
  dead: number;
  /** Taken by another dispatcher, or already done. */
  skipped: number;
  /** The jobs given up on in this run, for the operator's log: event, attempts and the short reason only. */
  deadLettered: Array<{ event: NotificationJob['event']; attempts: number; reason: string }>;
  /** The jobs that failed for now, for the operator's log: a mail server refusing is seen at once, not after the last attempt. */
  retrying: Array<{ event: NotificationJob['event']; attempts: number; reason: string; retryInSeconds: number }>;
}

const bureauKinds: Partial<Record<NotificationJob['event'], BureauEmailKind>> = {
  'complaint.filed': 'filed',
  'complaint.transferred': 'transferred',
  'complaint.disputed': 'disputed',
  'bureau.escalated': 'escalated',
  'complaint.replied': 'replied',
};

/** The email a job stands for, or undefined when there is nothing left to send (complaint expired, no parent email). */
async function compose(job: NotificationJob, deps: DispatchDeps): Promise<OutgoingMail | undefined> {
  const base = { idempotencyKey: job.id };
  if (job.event === 'overdue.digest') {
    const { today, lines } = job.payload as { today: string; lines: OverdueLine[] };
    return { ...base, to: deps.directory.supervisor.email, ...overdueDigestEmail(deps.directory.supervisor.name, today, lines) };
  }
  // About a notice, not a complaint: composed when the step was saved (services/noticeMail.ts).
  if (job.event === 'notice.mail') return { ...base, ...(job.payload as Omit<OutgoingMail, 'idempotencyKey'>) };
  const record = job.reference ? await deps.store.byReference(job.reference) : null;
  if (!record) return undefined;
  if (job.event === 'complaint.escalated')
    return {
      ...base,
      to: deps.directory.supervisor.email,
      ...escalationEmail(record, deps.directory, new Date(job.createdAt), `${deps.siteUrl}/bureau/office/`),
    };
  const hidden = JSON.parse(await deps.keys.open(record.sealed)) as ComplaintPrivate;
  const kind = bureauKinds[job.event];
  if (kind) {
    // Dated from the job, not from this attempt: a retry must send the same
    // body under the same idempotency key, or Resend refuses it (409).
    const now = new Date(job.createdAt);
    const token = await signAnswerToken(deps.keys, record, now);
    const url = `${deps.siteUrl}/answer/?t=${encodeURIComponent(token)}`;
    const expires = formatDate(addDays(chinaDate(now), ANSWER_LINK_DAYS));
    return {
      ...base,
      to: deps.directory.bureaus.get(record.bureau)!.email,
      ...bureauEmail(kind, await openParentWords(deps.keys, record), hidden, deps.directory, url, expires),
    };
  }
  if (job.event === 'parent.update' && hidden.contact?.email) {
    // The step this job announces (its id ends with the history length then), not whatever happened since.
    const step = record.history[Number(job.id.split('/').at(-1)) - 1] ?? record.history.at(-1)!;
    return { ...base, to: hidden.contact.email, ...parentUpdateEmail(record.reference, step.type, `${deps.siteUrl}/report/status/`, step.finding) };
  }
  if (job.event === 'parent.released' && hidden.contact?.email) {
    return { ...base, to: hidden.contact.email, ...parentReleasedEmail(record.reference, `${deps.siteUrl}/report/status/`) };
  }
  if (job.event === 'rectification.done' && hidden.contact?.email) {
    return { ...base, to: hidden.contact.email, ...parentRectifiedEmail(record.reference, `${deps.siteUrl}/report/status/`) };
  }
  // Answered meanwhile (on the status page): nothing left to ask.
  if (job.event === 'followup.ask' && hidden.contact?.email && !record.followUpAnswer)
    return { ...base, to: hidden.contact.email, ...followUpEmail(record.reference, `${deps.siteUrl}/report/status/`) };
  return undefined;
}

/**
 * Sends the jobs that are due. Each job is leased before it is sent, so two
 * dispatchers running at once never send one job twice; the job id is the
 * mailer's idempotency key, so a send whose reply was lost is not repeated
 * either. A failure is retried with exponential backoff and dead-lettered
 * after `maxAttempts`.
 */
export async function dispatchDue(deps: DispatchDeps, options: Partial<DispatchOptions> = {}): Promise<DispatchReport> {
  const o = { ...DEFAULT_DISPATCH, ...options };
  const report: DispatchReport = { sent: 0, retried: 0, dead: 0, skipped: 0, deadLettered: [], retrying: [] };
  const now = deps.clock.now().getTime();
  const ids = await deps.store.dueJobs(now, o.limit);
  const complete = completions(deps.store);
  // Leased a handful at a time, just before they are sent together: a lease
  // must outlast the sends it covers (leaseMs is longer than one mailer
  // timeout), and one step leases the handful instead of one step each.
  for (let at = 0; at < ids.length; at += o.concurrency) {
    const asked = ids.slice(at, at + o.concurrency);
    // A job that is not one asked for would send one email and mark another sent.
    const jobs = (await deps.store.leaseJobs(asked, now, o.leaseMs)).filter((job) => asked.includes(job.id));
    report.skipped += asked.length - jobs.length;
    await Promise.all(jobs.map((job) => dispatchOne(job, deps, o, report, complete)));
  }
  return report;
}

/**
 * Sends one short message to the parent, within the caps of settings: a
 * message over a cap is not lost but waits (the number's or the site's
 * window to end), without counting as a failed attempt.
 */
async function sendSms(job: NotificationJob, deps: DispatchDeps): Promise<SendResult | { ok: 'later'; atMs: number }> {
  const record = job.reference ? await deps.store.byReference(job.reference) : null;
  if (!record || !deps.sms) return { ok: true, id: 'nothing-to-send' };
  const hidden = JSON.parse(await deps.keys.open(record.sealed)) as ComplaintPrivate;
  if (!hidden.smsMobile) return { ok: true, id: 'nothing-to-send' };
  const { settings, sender } = deps.sms;
  // Caps count per China calendar day; a message over one waits for the next day's first minute.
  const today = chinaDate(deps.clock.now());
  for (const rate of [
    { bucket: `sms-site:${today}`, max: settings.perDay, windowSeconds: 2 * 86_400 },
    { bucket: `sms-number:${today}:${await deps.keys.clientHash(`sms|${hidden.smsMobile}`)}`, max: settings.perNumberPerDay, windowSeconds: 2 * 86_400 },
  ]) {
    const hit = await deps.store.hit(rate);
    if (hit.kind === 'limited') return { ok: 'later', atMs: Date.parse(`${addDays(today, 1)}T00:01:00+08:00`) };
  }
  // The follow-up question's job and the release's name no step; every other SMS job names the step it announces.
  const last = job.id.split('/').at(-1)!;
  if (last === FOLLOW_UP_SMS && record.followUpAnswer) return { ok: true, id: 'nothing-to-send' };
  const named: Record<string, string> = { [FOLLOW_UP_SMS]: 'follow-up-asked', [RELEASED_SMS]: 'released' };
  const step = named[last] ?? (record.history[Number(last) - 1] ?? record.history.at(-1)!).type;
  const sms = smsForStep(record.reference, step, hidden.smsMobile, job.id, settings);
  return sender.send(job.uncertain ? { ...sms, afterUncertain: true } : sms);
}

async function dispatchOne(job: NotificationJob, deps: DispatchDeps, o: DispatchOptions, report: DispatchReport, complete: (id: string) => Promise<void>) {
  let result: SendResult;
  try {
    if (job.event === 'parent.sms') {
      const sent = await sendSms(job, deps);
      if (sent.ok === 'later') {
        await deps.store.rescheduleJob(job, sent.atMs);
        report.retried++;
        return;
      }
      result = sent;
    } else {
      const mail = await compose(job, deps);
      result = mail ? await deps.mailer.send(mail) : { ok: true, id: 'nothing-to-send' };
    }
  } catch (error) {
    result = { ok: false, retryable: true, reason: (error as Error)?.name ?? 'error' };
  }
  if (result.ok) {
    await complete(job.id);
    report.sent++;
    return;
  }
  const failed: NotificationJob = {
    ...job,
    attempts: job.attempts + 1,
    lastError: result.reason,
    ...(result.maybeDelivered || job.uncertain ? { uncertain: true } : {}),
  };
  if (!result.retryable || failed.attempts >= o.maxAttempts) {
    await deps.store.deadLetterJob(failed);
    report.dead++;
    report.deadLettered.push({ event: job.event, attempts: failed.attempts, reason: result.reason });
    return;
  }
  const backoff = Math.min(o.baseDelayMs * 2 ** (failed.attempts - 1), 3_600_000);
  const delay = !result.ok && result.maybeDelivered ? Math.max(backoff, o.uncertainDelayMs) : backoff;
  await deps.store.rescheduleJob(failed, deps.clock.now().getTime() + delay);
  report.retried++;
  report.retrying.push({ event: job.event, attempts: failed.attempts, reason: result.reason, retryInSeconds: Math.round(delay / 1000) });
}
