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

  /** Runs `fn` holding a short lock on `name`; 'busy' when someone else holds it. */
  withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T | 'busy'>;
  /**
   * Replaces a complaint after an action, moves its indexes (bureau, pending
   * deadline) and queues its jobs, in one transaction. A closed complaint
   * expires `retentionSeconds` later; reopening it removes the expiry.
   */
  saveChange(args: { before: ComplaintRecord; after: ComplaintRecord; jobs: NotificationJob[]; retentionSeconds: number }): Promise<void>;
  /** References whose pending deadline ended before `beforeMs`. */
  pastDeadline(beforeMs: number): Promise<string[]>;

  /** Queues a job on its own (the daily digest). A job id already queued is not queued twice. */
  enqueue(job: NotificationJob): Promise<boolean>;
  /** Ids of jobs due at `nowMs`, oldest first. */
  dueJobs(nowMs: number, limit: number): Promise<string[]>;
  /** Takes a job for `ms`; false when another dispatcher has it. */
  leaseJob(id: string, ms: number): Promise<boolean>;
  job(id: string): Promise<NotificationJob | null>;
  /** Sent: the job leaves the queue for good. */
  completeJob(id: string): Promise<void>;
  /** Failed for now: saved with its attempt count and due again at `atMs`. */
  rescheduleJob(job: NotificationJob, atMs: number): Promise<void>;
  /** Failed for good: kept in the dead-letter list that /api/health reports. */
  deadLetterJob(job: NotificationJob): Promise<void>;
  deadJobIds(): Promise<string[]>;
}
