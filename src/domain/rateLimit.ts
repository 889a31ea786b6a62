import type { ComplaintStore } from '../ports/complaintStore';
import type { Keys } from '../ports/keys';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A fixed-window limit per client. The client's address is only ever seen
 * here, as a keyed hash with a short TTL: raw IPs are never stored.
 */
export async function checkRate(
  deps: { store: ComplaintStore; keys: Keys },
  action: 'intake' | 'lookup' | 'answer',
  clientAddress: string,
  limit: { max: number; windowSeconds: number },
): Promise<RateDecision> {
  const bucket = `${action}:${await deps.keys.clientHash(clientAddress)}`;
  const { count, resetMs } = await deps.store.hit(bucket, limit.windowSeconds);
  if (count <= limit.max) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) };
}
