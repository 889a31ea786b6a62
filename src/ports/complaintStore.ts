import type { ComplaintRecord, NotificationJob } from '../domain/complaint';

/** Thrown by a store adapter when the store cannot be reached: the boundary answers 503. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * Persistence of complaints and their notification jobs. One implementation
 * over the Upstash client serves every Redis transport (DESIGN.md).
 */
export interface ComplaintStore {
  /** True when the store answers. */
  ping(): Promise<boolean>;
  /**
   * Writes a new complaint, its indexes, its first notification job and (when
   * given) the sealed answer for its idempotency key, all in one transaction.
   */
  fileNew(args: { complaint: ComplaintRecord; job: NotificationJob; idempotency?: { hash: string; sealedAnswer: string; ttlSeconds: number } }): Promise<void>;
  /** Reserves an idempotency key: 'claimed' for the first caller, else what is stored ('pending' or the sealed answer). */
  claimIdempotency(hash: string, ttlSeconds: number): Promise<{ claimed: true } | { claimed: false; value: string }>;
  /** Frees a reservation whose filing failed, so that a retry can proceed. */
  releaseIdempotency(hash: string): Promise<void>;
  referenceExists(reference: string): Promise<boolean>;
  byReference(reference: string): Promise<ComplaintRecord | null>;
  byReceiptHash(hash: string): Promise<ComplaintRecord | null>;
  /** Counts one hit in a fixed window; returns the count so far and the ms until the window resets. */
  hit(bucket: string, windowSeconds: number): Promise<{ count: number; resetMs: number }>;
}
