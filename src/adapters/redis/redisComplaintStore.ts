import { randomUUID } from 'node:crypto';
import type { ComplaintRecord, NotificationJob } from '../../domain/complaint';
import { pendingDeadline } from '../../domain/status';
import { endOfChinaDay } from '../../domain/deadlines';
import type { ComplaintStore, Limited } from '../../ports/complaintStore';
import type { RedisConnection } from './connect';
import { keyspace } from './keyspace';
import { BUREAU, BUREAU_RECORDS, COMPLETE, ENQUEUE, FILE, HIT_ONLY, LEASE, LOOKUP, SAVE_CHANGE, SETTLE_JOB, UNLOCK } from './scripts';
import { redisWaiting } from './redisWaiting';
import { guarded } from './guarded';
import { jobArgs, jobKeys } from './queuedJobs';
import { fileOutcome, siteArgs } from './filing';
import { waitGroup } from '../../domain/waiting';

// Kept importable from here for the other Redis stores.
export { guarded };

const parse = <T>(value: unknown): T | null => (typeof value === 'string' ? (JSON.parse(value) as T) : null);
const limited = (ms: string | undefined): Limited => ({ kind: 'limited', retryAfterMs: Number(ms) });

/**
 * The complaint store on Redis, through the Upstash client (built with
 * automatic deserialization off in connect.ts: every value is a string we
 * encode ourselves, so a reference or phone number is never read back as a
 * number). Every write of more than one key is one Lua script (scripts.ts),
 * so the transport under the client only ever carries single commands.
 */
export function redisComplaintStore(connection: RedisConnection, prefix = 'sw'): ComplaintStore {
  const { redis } = connection;
  const k = keyspace(prefix);
  const [file, lookup, hit, unlock, enqueue, lease, bureau, saveChange, settle] = [
    FILE,
    LOOKUP,
    HIT_ONLY,
    UNLOCK,
    ENQUEUE,
    LEASE,
    BUREAU,
    SAVE_CHANGE,
    SETTLE_JOB,
  ].map((lua) => redis.createScript(lua));
  const bureauRecords = redis.createScript(BUREAU_RECORDS);
  const complete = redis.createScript(COMPLETE);
  const settleJob = (job: NotificationJob, outcome: 'retry' | 'dead', atMs = 0) =>
    guarded(
      async () =>
        void (await settle!.exec([k.job(job.id), k.jobsDue(), k.jobLease(job.id), k.jobsDead()], [job.id, outcome, JSON.stringify(job), String(atMs)])),
    );

  return {
    describe: connection.describe,
    ping: async () => {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    close: () => connection.close(),

    file: ({ complaint, job, rate, idempotency, site }) =>
      guarded(async () => {
        const c = complaint;
        const [kind, value, waiting] = (await file!.exec(
          [
            k.idempotency(idempotency?.hash ?? '-'),
            k.rate(rate.bucket),
            k.complaint(c.reference),
            k.receipt(c.receiptHash),
            k.bureauComplaints(c.bureau),
            k.openByDeadline(),
            k.job(job.id),
            k.jobsDue(),
            site ? k.rate(site.bucket) : '-',
            k.waitingGroup(waitGroup(c.school, c.aspect)),
          ],
          [
            idempotency?.answer ?? '',
            String(idempotency?.ttlSeconds ?? 0),
            String(rate.max),
            String(rate.windowSeconds * 1000),
            JSON.stringify(c),
            c.reference,
            String(endOfChinaDay(c.acceptBy)),
            JSON.stringify(job),
            job.id,
            String(Date.parse(job.createdAt)),
            String(Date.parse(c.filedAt)),
            ...siteArgs(site),
          ],
        )) as [string, string?, string?];
        return fileOutcome(kind, value, waiting);
      }),

    ...redisWaiting(connection, k),

    lookup: ({ receiptHash, rate }) =>
      guarded(async () => {
        const [kind, value] = (await lookup!.exec(
          [k.rate(rate.bucket), k.receipt(receiptHash)],
          [String(rate.max), String(rate.windowSeconds * 1000), k.complaint('')],
        )) as [string, string?];
        if (kind === 'limited') return limited(value);
        if (kind === 'withdrawn') return { kind };
        return kind === 'found' ? { kind, record: JSON.parse(value!) as ComplaintRecord } : { kind: 'missing' as const };
      }),

    // A waiting complaint is nobody's case yet: only its receipt code finds it.
    byReference: (reference, options) =>
      guarded(async () => {
        const found = parse<ComplaintRecord>(await redis.get(k.complaint(reference)));
        return found?.waiting && !options?.includeWaiting ? null : found;
      }),

    bureauComplaints: (id) => guarded(async () => (await bureau!.exec([k.bureauComplaints(id)], [k.complaint('')])) as string[]),

    hit: (rate) =>
      guarded(async () => {
        const [kind, value] = (await hit!.exec([k.rate(rate.bucket)], [String(rate.max), String(rate.windowSeconds * 1000)])) as [string, string?];
        return kind === 'limited' ? limited(value) : { kind: 'allowed' as const };
      }),

    withLock: async (name, ttlMs, fn) => {
      const key = k.lock(name);
      const owner = randomUUID();
      if ((await guarded(() => redis.set(key, owner, { nx: true, px: ttlMs }))) !== 'OK') return 'busy';
      try {
        return await fn();
      } finally {
        // Only our own lock: if it expired and someone else took it, theirs stays.
        await guarded(() => unlock!.exec([key], [owner])).catch(() => undefined);
      }
    },

    saveChange: ({ before, after, jobs, retentionSeconds }) =>
      guarded(async () => {
        const pending = pendingDeadline(after);
        await saveChange!.exec(
          [
            k.complaint(after.reference),
            k.receipt(after.receiptHash),
            k.bureauComplaints(before.bureau),
            k.bureauComplaints(after.bureau),
            k.openByDeadline(),
            k.jobsDue(),
            ...jobKeys(k, jobs),
          ],
          [
            JSON.stringify(after),
            after.reference,
            after.closedAt ? String(retentionSeconds) : '',
            String(Date.parse(after.filedAt)),
            pending ? String(endOfChinaDay(pending.by)) : '',
            ...jobArgs(jobs),
          ],
        );
      }),

    pastDeadline: (beforeMs) => guarded(async () => (await redis.zrange(k.openByDeadline(), 0, beforeMs, { byScore: true })) as string[]),

    enqueue: (job) =>
      guarded(
        async () =>
          Number(await enqueue!.exec([k.jobDone(job.id), k.job(job.id), k.jobsDue()], [JSON.stringify(job), String(Date.parse(job.createdAt)), job.id])) === 1,
      ),

    dueJobs: (nowMs, limit) => guarded(async () => (await redis.zrange(k.jobsDue(), 0, nowMs, { byScore: true, offset: 0, count: limit })) as string[]),

    leaseJobs: (ids, nowMs, ms) =>
      ids.length === 0
        ? Promise.resolve([])
        : guarded(async () =>
            ((await lease!.exec([k.jobsDue(), ...ids.flatMap((id) => [k.jobLease(id), k.job(id)])], [String(ms), String(nowMs), ...ids])) as string[]).map(
              (text) => JSON.parse(text) as NotificationJob,
            ),
          ),

    job: (id) => guarded(async () => parse<NotificationJob>(await redis.get(k.job(id)))),

    completeJobs: (ids) =>
      ids.length === 0
        ? Promise.resolve()
        : guarded(async () => void (await complete.exec([k.jobsDue(), ...ids.flatMap((id) => [k.job(id), k.jobLease(id), k.jobDone(id)])], ids))),
    rescheduleJob: (job, atMs) => settleJob(job, 'retry', atMs),
    deadLetterJob: (job) => settleJob(job, 'dead'),
    deadJobIds: () => guarded(async () => (await redis.smembers(k.jobsDead())) as string[]),

    bureauRecords: (id) =>
      guarded(async () =>
        ((await bureauRecords.exec([k.bureauComplaints(id)], [k.complaint('')])) as string[]).map((text) => JSON.parse(text) as ComplaintRecord),
      ),

    // SCAN never blocks Redis (unlike KEYS) and works on Upstash; COUNT is a hint, so a page may be short or empty.
    complaintsPage: (cursor, limit) =>
      guarded(async () => {
        const [next, keys] = (await redis.scan(cursor ?? '0', { match: k.complaint('*'), count: limit })) as [string | number, string[]];
        const values = keys.length ? ((await redis.mget(...keys)) as Array<string | null>) : [];
        return {
          // Waiting complaints are in no statistic until they go.
          records: values.flatMap((value) => (value === null ? [] : [JSON.parse(value) as ComplaintRecord]).filter((r) => !r.waiting)),
          next: String(next) === '0' ? null : String(next),
        };
      }),
  };
}
