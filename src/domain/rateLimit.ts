import type { ComplaintStore, RateLimit } from '../ports/complaintStore';
import type { Keys } from '../ports/keys';

/** How many of an action one client may take in a window. */
export interface Limit {
  max: number;
  windowSeconds: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The limit of one client for one action. The client's address is only ever
 * seen here, as a keyed hash in the bucket's name with a short TTL: raw IPs
 * are never stored.
 */
export async function rateFor(keys: Keys, action: string, clientAddress: string, limit: Limit): Promise<RateLimit> {
  return { bucket: `${action}:${await keys.clientHash(clientAddress)}`, ...limit };
}

/** Counts one action of a client on its own (when it is not part of a filing or a lookup). */
export async function checkRate(deps: { store: ComplaintStore; keys: Keys }, action: string, clientAddress: string, limit: Limit): Promise<RateDecision> {
  const outcome = await deps.store.hit(await rateFor(deps.keys, action, clientAddress, limit));
  return outcome.kind === 'allowed' ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)) };
}
