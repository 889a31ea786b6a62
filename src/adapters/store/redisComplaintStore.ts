import type { Redis } from '@upstash/redis';
import type { ComplaintRecord, NotificationJob } from '../../domain/complaint';
import { StoreUnavailableError, type ComplaintStore } from '../../ports/complaintStore';
import { keyspace, type Keyspace } from './keyspace';
import { pendingDeadline } from '../../domain/status';

/** End of a China day (YYYY-MM-DD) in epoch ms: a deadline day counts in full. */
const endOfDay = (day: string) => Date.parse(`${day}T23:59:59+08:00`);

/**
 * Runs a store operation and turns any transport failure into
 * StoreUnavailableError, so the boundary answers 503 and never 500.
 * Only the error's name is kept: messages can echo keys or values.
 */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(`store operation failed (${(error as Error)?.name ?? 'unknown'})`);
  }
}

const parse = <T>(value: unknown): T | null => (typeof value === 'string' ? (JSON.parse(value) as T) : null);

/**
 * The complaint store over the Upstash client API. The client must be built
 * with `automaticDeserialization: false` (src/adapters/redis/connect.ts):
 * every value is a string we encode ourselves, so a reference or phone number
 * is never read back as a number.
 */
export function redisComplaintStore(redis: Redis, prefix = 'sw'): ComplaintStore & { redis: Redis; keys: Keyspace } {
  const k = keyspace(prefix);
  return {
    redis,
    keys: k,
    ping: async () => {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },

    fileNew: ({ complaint, job, idempotency }) =>
      guarded(async () => {
        const tx = redis.multi();
        tx.set(k.complaint(complaint.reference), JSON.stringify(complaint));
        tx.set(k.receipt(complaint.receiptHash), complaint.reference);
        tx.sadd(k.bureauComplaints(complaint.bureau), complaint.reference);
        // Open complaints by their next deadline: the overdue digest reads this.
        tx.zadd(k.openByDeadline(), { score: endOfDay(complaint.acceptBy), member: complaint.reference });
        tx.set(k.job(job.id), JSON.stringify(job));
        tx.zadd(k.jobsDue(), { score: Date.parse(job.createdAt), member: job.id });
        if (idempotency) tx.set(k.idempotency(idempotency.hash), idempotency.sealedAnswer, { ex: idempotency.ttlSeconds });
        await tx.exec();
      }),

    claimIdempotency: (hash, ttlSeconds) =>
      guarded(async () => {
        const key = k.idempotency(hash);
        const set = await redis.set(key, 'pending', { nx: true, ex: ttlSeconds });
        if (set === 'OK') return { claimed: true as const };
        const value = await redis.get<string>(key);
        // Expired between the two calls: try once more through the caller's loop.
        return { claimed: false as const, value: value ?? 'pending' };
      }),

    releaseIdempotency: (hash) =>
      guarded(async () => {
        const key = k.idempotency(hash);
        // Only a reservation is released, never a stored answer.
        if ((await redis.get<string>(key)) === 'pending') await redis.del(key);
      }),

    referenceExists: (reference) => guarded(async () => (await redis.exists(k.complaint(reference))) === 1),

    byReference: (reference) => guarded(async () => parse<ComplaintRecord>(await redis.get(k.complaint(reference)))),

    byReceiptHash: (hash) =>
      guarded(async () => {
        const reference = await redis.get<string>(k.receipt(hash));
        return reference ? parse<ComplaintRecord>(await redis.get(k.complaint(reference))) : null;
      }),

    hit: (bucket, windowSeconds) =>
      guarded(async () => {
        const key = k.rate(bucket);
        // A fixed window from INCR and EXPIRE in one transaction: no Lua, so
        // Debian's Redis 7.0 and the embedded store behave alike.
        const tx = redis.multi();
        tx.set(key, '0', { nx: true, ex: windowSeconds });
        tx.incr(key);
        tx.pttl(key);
        const [, count, ttl] = (await tx.exec()) as [unknown, number, number];
        return { count: Number(count), resetMs: Math.max(Number(ttl), 0) };
      }),

    withLock: async (name, ttlMs, fn) => {
      const key = k.lock(name);
      const owner = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const got = await guarded(() => redis.set(key, owner, { nx: true, px: ttlMs }));
      if (got !== 'OK') return 'busy';
      try {
        return await fn();
      } finally {
        // Release only our own lock; if it expired and someone else took it, leave theirs.
        await guarded(async () => {
          if ((await redis.get<string>(key)) === owner) await redis.del(key);
        }).catch(() => undefined);
      }
    },

    saveChange: ({ before, after, jobs, retentionSeconds }) =>
      guarded(async () => {
        const tx = redis.multi();
        const key = k.complaint(after.reference);
        // SET without EX also clears an earlier expiry: a reopened complaint is kept again.
        if (after.closedAt) tx.set(key, JSON.stringify(after), { ex: retentionSeconds });
        else tx.set(key, JSON.stringify(after));
        if (after.closedAt) tx.expire(k.receipt(after.receiptHash), retentionSeconds);
        else tx.set(k.receipt(after.receiptHash), after.reference);
        if (before.bureau !== after.bureau) {
          tx.srem(k.bureauComplaints(before.bureau), after.reference);
          tx.sadd(k.bureauComplaints(after.bureau), after.reference);
        }
        const pending = pendingDeadline(after);
        if (pending) tx.zadd(k.openByDeadline(), { score: endOfDay(pending.by), member: after.reference });
        else tx.zrem(k.openByDeadline(), after.reference);
        for (const job of jobs) {
          tx.set(k.job(job.id), JSON.stringify(job));
          tx.zadd(k.jobsDue(), { score: Date.parse(job.createdAt), member: job.id });
        }
        await tx.exec();
      }),

    pastDeadline: (beforeMs) => guarded(async () => (await redis.zrange(k.openByDeadline(), 0, beforeMs, { byScore: true })) as string[]),

    enqueue: (job) =>
      guarded(async () => {
        if ((await redis.exists(k.jobDone(job.id))) === 1) return false;
        const created = await redis.set(k.job(job.id), JSON.stringify(job), { nx: true });
        if (created !== 'OK') return false;
        await redis.zadd(k.jobsDue(), { score: Date.parse(job.createdAt), member: job.id });
        return true;
      }),

    dueJobs: (nowMs, limit) => guarded(async () => (await redis.zrange(k.jobsDue(), 0, nowMs, { byScore: true, offset: 0, count: limit })) as string[]),

    leaseJob: (id, ms) => guarded(async () => (await redis.set(k.jobLease(id), '1', { nx: true, px: ms })) === 'OK'),

    job: (id) => guarded(async () => parse<NotificationJob>(await redis.get(k.job(id)))),

    completeJob: (id) =>
      guarded(async () => {
        const tx = redis.multi();
        tx.zrem(k.jobsDue(), id);
        tx.del(k.job(id));
        // The lease outlives the job briefly, so a dispatcher that read the
        // due list before this commit cannot lease and resend it.
        tx.set(k.jobLease(id), 'done', { px: 120_000 });
        tx.set(k.jobDone(id), '1', { ex: 2 * 86_400 });
        await tx.exec();
      }),

    rescheduleJob: (job, atMs) =>
      guarded(async () => {
        const tx = redis.multi();
        tx.set(k.job(job.id), JSON.stringify(job));
        tx.zadd(k.jobsDue(), { score: atMs, member: job.id });
        tx.del(k.jobLease(job.id));
        await tx.exec();
      }),

    deadLetterJob: (job) =>
      guarded(async () => {
        const tx = redis.multi();
        tx.zrem(k.jobsDue(), job.id);
        tx.set(k.job(job.id), JSON.stringify(job));
        tx.sadd(k.jobsDead(), job.id);
        tx.del(k.jobLease(job.id));
        await tx.exec();
      }),

    deadJobIds: () => guarded(async () => (await redis.smembers(k.jobsDead())) as string[]),
  };
}

export type { NotificationJob };
