import type { ComplaintRecord, NotificationJob } from '../domain/complaint';

/** Thrown by a store adapter when the store cannot be reached: the boundary answers 503. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** A fixed window of at most `max` hits per `bucket` (an action and a keyed hash of the client). */
export interface RateLimit {
  bucket: string;
  max: number;
  windowSeconds: number;
}

/** Over the limit: how long until the window ends. */
export type Limited = { kind: 'limited'; retryAfterMs: number };

export type FileOutcome =
  | {
      kind: 'filed';
      /** Others wait in the filed complaint's group (school and aspect): the caller settles the group. */
      othersWaiting: boolean;
      /** The site-wide count (`site`) went over its limit with this filing, which is stored all the same. */
      siteOver?: Limited;
    }
  /** The idempotency key was used before: what was stored for it, nothing written. */
  | { kind: 'replayed'; answer: string }
  /** A complaint with this reference exists: nothing written, try another reference. */
  | { kind: 'reference-taken' }
  | Limited;

export type LookupOutcome =
  | { kind: 'found'; record: ComplaintRecord }
  | { kind: 'missing' }
  /** A complaint that waited for other parents, too few came, and it was withdrawn and deleted as its parent chose. */
  | { kind: 'withdrawn' }
  | Limited;

/**
 * Persistence of complaints and their notification jobs. Two engines
 * implement it, held to one contract suite: Redis (through the Upstash client;
 * what must be atomic is one Lua script) and SQLite (the embedded default;
 * each operation one transaction). Operations are shaped by what a request
 * needs, so that a filing or a lookup is one step on either engine.
 */
export interface ComplaintStore {
  /** Where the data lives, for logs and health: never a password or token. */
  readonly describe: string;
  /** True when the store answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;

  /**
   * Files a complaint in one atomic step: a known idempotency key replays
   * what was stored for it; else a taken reference is refused (uncounted: the
   * caller draws another); else the rate limit is counted; else the
   * complaint, its indexes, its first job and the idempotency answer are
   * written together.
   */
  file(args: {
    complaint: ComplaintRecord;
    job: NotificationJob;
    rate: RateLimit;
    idempotency?: { hash: string; answer: string; ttlSeconds: number };
    /**
     * A site-wide count of filings (server/filingAlarm.ts), counted in the
     * same step when the complaint is written: it never refuses a filing, and
     * saves a round trip per filing against counting it apart.
     */
    site?: RateLimit;
  }): Promise<FileOutcome>;
  /**
   * Files a complaint that waits for other parents (`complaint.waiting`), as
   * `file` does, but into no list, deadline index or job queue: only its
   * receipt code and its group (school and aspect) find it. `job` is ignored.
   */
  fileWaiting(args: Parameters<ComplaintStore['file']>[0]): Promise<FileOutcome>;
  /** The complaints waiting in a group (`waitGroup(school, aspect)`), oldest first. */
  waitingIn(group: string): Promise<ComplaintRecord[]>;
  /** Every waiting complaint, the wait that ends first first (the sweep settles each group). */
  allWaiting(): Promise<ComplaintRecord[]>;
  /**
   * Sends a waiting complaint to its bureau in one step: it leaves the waiting
   * indexes and enters the bureau's list, the deadline index and the job
   * queue as `after`, with its `jobs` (the bureau's email, the parent's
   * notes). False (nothing written) when it no longer waits, so two
   * releases of one complaint write once.
   */
  release(args: { after: ComplaintRecord; jobs: NotificationJob[] }): Promise<boolean>;
  /**
   * Deletes a waiting complaint for good (its sealed words with it) and
   * leaves only a marker under its receipt hash for `keepSeconds`, so that its
   * parent's lookup says what happened. False when it no longer waits.
   */
  withdraw(args: { record: ComplaintRecord; keepSeconds: number }): Promise<boolean>;
  /** Counts the lookup against its limit, then finds the complaint by its receipt hash: one step. */
  lookup(args: { receiptHash: string; rate: RateLimit }): Promise<LookupOutcome>;
  /**
   * A complaint by its reference. One waiting for other parents is nobody's
   * case yet and reads as null, except for `includeWaiting` (the evidence
   * sweep, which must not take its images for orphans).
   */
  byReference(reference: string, options?: { includeWaiting?: boolean }): Promise<ComplaintRecord | null>;
  /** References of the complaints a bureau handles now, newest filed first; expired ones are left out. */
  bureauComplaints(bureau: string): Promise<string[]>;
  /** Counts one hit of a limit on its own (actions other than filing and lookup). */
  hit(rate: RateLimit): Promise<{ kind: 'allowed' } | Limited>;

  /**
   * Runs `fn` holding a lock on `name` for at most `ttlMs`; 'busy' when
   * someone else holds it. Only the holder can release it: a holder whose
   * lock expired (and was taken by another) releases nothing.
   */
  withLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T | 'busy'>;
  /**
   * Replaces a complaint after an action, moves its indexes (bureau, pending
   * deadline) and queues its jobs, in one transaction. A closed complaint
   * expires `retentionSeconds` later; reopening it removes the expiry.
   */
  saveChange(args: { before: ComplaintRecord; after: ComplaintRecord; jobs: NotificationJob[]; retentionSeconds: number }): Promise<void>;
  /** References whose pending deadline ends at or before `beforeMs`. */
  pastDeadline(beforeMs: number): Promise<string[]>;

  /** Queues a job on its own (the daily digest), in one step. A job id queued or sent in the last two days is not queued again. */
  enqueue(job: NotificationJob): Promise<boolean>;
  /** Ids of jobs due at `nowMs`, oldest first. */
  dueJobs(nowMs: number, limit: number): Promise<string[]>;
  /**
   * Takes each of these jobs for `ms` and reads it, all in one step; those
   * another dispatcher holds, that are gone, dead or not due at `nowMs` are
   * left out. Due is checked here, not only when the due list was read: a
   * list read before another dispatcher rescheduled a job (a send that may
   * have been delivered waits before it is tried again) must not send it at once.
   */
  leaseJobs(ids: string[], nowMs: number, ms: number): Promise<NotificationJob[]>;
  job(id: string): Promise<NotificationJob | null>;
  /** Sent: these jobs leave the queue for good, in one step. */
  completeJobs(ids: string[]): Promise<void>;
  /** Failed for now: saved with its attempt count and due again at `atMs`. */
  rescheduleJob(job: NotificationJob, atMs: number): Promise<void>;
  /** Failed for good: kept in the dead-letter list that /api/health reports. */
  deadLetterJob(job: NotificationJob): Promise<void>;
  deadJobIds(): Promise<string[]>;

  /** The complaints a bureau handles now, newest filed first, read in one step (the workspace's caseload); expired ones are left out. */
  bureauRecords(bureau: string): Promise<ComplaintRecord[]>;

  /**
   * One page of every live complaint, for jobs that read them all (the
   * statistics snapshot). Start with `cursor` null and pass `next` back until
   * it is null. Order is the engine's own; a complaint changed during the walk
   * may come twice (the Redis engine walks with SCAN), so callers key by reference.
   */
  complaintsPage(cursor: string | null, limit: number): Promise<{ records: ComplaintRecord[]; next: string | null }>;
}
