import type { Redis } from '@upstash/redis';
import type { ComplaintRecord, NotificationJob } from '../../domain/complaint';
import { StoreUnavailableError, type ComplaintStore } from '../../ports/complaintStore';
import { keyspace, type Keyspace } from './keyspace';

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
        tx.zadd(k.openByDeadline(), { score: Date.parse(`${complaint.acceptBy}T23:59:59+08:00`), member: complaint.reference });
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
  };
}

export type { NotificationJob };
