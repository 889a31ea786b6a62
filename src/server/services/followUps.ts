import { applyAction } from '../../domain/status';
import type { ComplaintRecord } from '../../domain/complaint';
import type { Directory } from '../../domain/directory';
import { chinaDate } from '../../domain/deadlines';
import { newReceiptCode, newReference } from '../../domain/codes';
import { rateFor, type Limit } from '../../domain/rateLimit';
import { DEFAULT_FOLLOW_UP_DAYS, followUpDue, type FollowUpAnswer } from '../../domain/ratings';
import { followUpAskJob, followUpSmsJob, recurrenceOf } from '../../domain/recurrence';
import type { Clock } from '../../ports/clock';
import type { Keys } from '../../ports/keys';
import type { Random } from '../../ports/random';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { Dispatcher } from '../dispatcher';
import type { Client } from './client';
import { whileStoreUp } from './outcome';

/** The parent's answer saved; with 'persists', the follow-up complaint and its receipt code (shown once). */
export type FollowUpResult =
  | { kind: 'ok'; record: ComplaintRecord; recurrence?: { reference: string; receiptCode: string; acceptBy: string } }
  | { kind: 'not-found' | 'conflict' | 'invalid' | 'unavailable'; error: string }
  | { kind: 'limited'; retryAfterSeconds: number; error: string };

const HOUR = 3600;

/**
 * 回访: asking the parent "问题还存在吗？" a set time after closure, and
 * taking their answer. "还存在" opens a follow-up complaint with its own
 * reference, receipt code and fresh clocks at the same bureau. A new code
 * rather than the old one: the store's receipt index maps one code to one
 * complaint, so both complaints keep their own credential and their own
 * page, and the filing goes through the store's one atomic `file` step
 * (rate limit, record, indexes, the bureau's email) unchanged on both engines.
 */
export function followUpService(deps: {
  store: ComplaintStore;
  keys: Keys;
  clock: Clock;
  random: Random;
  directory: Directory;
  dispatcher: Dispatcher;
  limits: { intakePerHour: number };
}) {
  const days = deps.directory.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS;
  const intakeLimit: Limit = { max: deps.limits.intakePerHour, windowSeconds: HOUR };
  /** What is left of a closed complaint's retention: answering or asking never extends it. */
  const retentionLeft = (record: ComplaintRecord, now: Date) => {
    const full = deps.directory.retentionDays * 86_400;
    const used = record.closedAt ? Math.floor((now.getTime() - Date.parse(record.closedAt)) / 1000) : 0;
    return Math.max(HOUR, full - used);
  };
  const down = { kind: 'unavailable' as const, error: '系统暂时无法保存，请稍后再试。' };

  /** Files the follow-up complaint; draws another reference in the rare case one is taken. */
  type Filed = { reference: string; receiptCode: string; acceptBy: string };
  const fileRecurrence = async (original: ComplaintRecord, now: Date, client: Client): Promise<Filed | { limited: number }> => {
    const rate = await rateFor(deps.keys, 'intake', client.address, intakeLimit);
    for (;;) {
      const reference = newReference(deps.random, chinaDate(now));
      const receiptCode = newReceiptCode(deps.random);
      const complaint = recurrenceOf(original, {
        reference,
        receiptHash: await deps.keys.receiptHash(receiptCode),
        now,
        acceptDays: deps.directory.deadlines.acceptDays,
      });
      const job = { id: `complaint.filed/${reference}`, event: 'complaint.filed' as const, reference, createdAt: now.toISOString(), attempts: 0 };
      const outcome = await deps.store.file({ complaint, job, rate });
      if (outcome.kind === 'reference-taken') continue;
      if (outcome.kind === 'limited') return { limited: Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)) };
      return { reference, receiptCode, acceptBy: complaint.acceptBy };
    }
  };

  return {
    /** The parent's answer to "问题还存在吗？", under the complaint's lock so that two clicks open one follow-up. */
    answer: (reference: string, answer: FollowUpAnswer, client: Client): Promise<FollowUpResult> =>
      whileStoreUp(async (): Promise<FollowUpResult> => {
        const outcome = await deps.store.withLock(`complaint:${reference}`, 10_000, async (): Promise<FollowUpResult> => {
          const record = await deps.store.byReference(reference);
          if (!record) return { kind: 'not-found', error: '找不到这件举报，它可能已过保存期限。' };
          const now = deps.clock.now();
          const result = applyAction(record, { type: 'followUp', answer }, { kind: 'parent' }, now, deps.directory);
          if (!result.ok) return { kind: 'invalid', error: result.error };
          let after = result.record;
          let recurrence: { reference: string; receiptCode: string; acceptBy: string } | undefined;
          if (answer === 'persists') {
            const filed = await fileRecurrence(record, now, client);
            if ('limited' in filed) return { kind: 'limited', retryAfterSeconds: filed.limited, error: '提交太频繁，请过一段时间再试。' };
            recurrence = filed;
            after = { ...after, recurrence: filed.reference };
          }
          await deps.store.saveChange({ before: record, after, jobs: result.jobs, retentionSeconds: retentionLeft(record, now) });
          return { kind: 'ok', record: after, ...(recurrence ? { recurrence } : {}) };
        });
        if (outcome === 'busy') return { kind: 'conflict', error: '这件举报正在被处理，请稍后刷新页面再试。' };
        // The bureau's email about the follow-up complaint goes out now, without making the parent wait.
        if (outcome.kind === 'ok' && outcome.recurrence) {
          const sending = deps.dispatcher.kick();
          client.waitUntil?.(sending);
        }
        return outcome;
      }, down),

    /**
     * Queues the question by email for every complaint whose parent left one
     * and whose question is due. The mark on the record and the job are
     * saved in one transaction, so each parent is asked exactly once however
     * often this runs. Returns how many were queued.
     */
    async queueDue(): Promise<{ asked: number }> {
      const now = deps.clock.now();
      const today = chinaDate(now);
      // Asked by email, or by SMS when the parent left a mobile number for updates (domain/smsNotice.ts).
      const due = (r: ComplaintRecord) => (r.notifyParent || r.notifySms === true) && !r.followUpAskedAt && followUpDue(r, days, today);
      const references = new Set<string>();
      let cursor: string | null = null;
      do {
        const page = await deps.store.complaintsPage(cursor, 200);
        for (const record of page.records) if (due(record)) references.add(record.reference);
        cursor = page.next;
      } while (cursor);
      let asked = 0;
      for (const reference of references) {
        const done = await deps.store.withLock(`complaint:${reference}`, 10_000, async () => {
          const record = await deps.store.byReference(reference);
          if (!record || !due(record)) return false;
          const after = { ...record, followUpAskedAt: now.toISOString() };
          const jobs = [...(record.notifyParent ? [followUpAskJob(reference, now)] : []), ...(record.notifySms ? [followUpSmsJob(reference, now)] : [])];
          await deps.store.saveChange({ before: record, after, jobs, retentionSeconds: retentionLeft(record, now) });
          return true;
        });
        if (done === true) asked++;
      }
      if (asked > 0) await deps.dispatcher.kick();
      return { asked };
    },
  };
}

export type FollowUpService = ReturnType<typeof followUpService>;
