import { randomBytes } from 'node:crypto';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { ComplaintRecord, NotificationJob } from '../../domain/complaint';
import { pendingDeadline } from '../../domain/status';
import { waitGroup } from '../../domain/waiting';
import type { ComplaintStore, FileOutcome, Limited, RateLimit } from '../../ports/complaintStore';
import { databaseAt, immediate, storeError, type SqliteAt } from './connection';
import { EXPIRING } from './schema';
import { LIVE } from './complaintRows';
import { endOfChinaDay } from '../../domain/deadlines';
import { sqliteWaiting } from './sqliteWaiting';

const TWO_DAYS_MS = 2 * 86_400_000;
/** A completed job stays unleasable this long, for a dispatcher that read the due list before it completed. */
const DONE_LEASE_MS = 120_000;
/** Expired rows are deleted once every this many writes; reads ignore them meanwhile. */
const SWEEP_EVERY = 500;

type Row = Record<string, unknown>;

/**
 * The embedded complaint store: one SQLite database in `dir`. Every operation
 * that writes is one BEGIN IMMEDIATE transaction, so processes sharing the
 * folder take turns; reads are single SELECTs, which see one committed state
 * under WAL without waiting for a writer. DatabaseSync is synchronous, so
 * within a process no two operations interleave. Given a folder it opens a
 * handle of its own; given the process's handle (adapters/engine.ts) it
 * leaves closing it to its owner.
 */
export function openSqliteStore(at: SqliteAt, options: { now?: () => number } = {}): ComplaintStore {
  const now = options.now ?? Date.now;
  const database = databaseAt(at);
  const { db, file } = database;
  const statements = new Map<string, StatementSync>();
  const sql = (text: string) => {
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = db.prepare(text)));
    return statement;
  };
  const one = (text: string, ...params: SQLInputValue[]) => sql(text).get(...params) as Row | undefined;
  const column = (text: string, ...params: SQLInputValue[]) => (sql(text).all(...params) as Row[]).map((row) => Object.values(row)[0] as string);

  let writes = 0;
  const sweep = (t: number) => EXPIRING.forEach((table) => sql(`DELETE FROM ${table} WHERE expires_at <= ?`).run(t));
  // The clock is read once the lock is held, so a wait for it cannot make expiries stale.
  const transaction = <T>(work: (t: number) => T): T =>
    immediate(db, () => {
      const t = now();
      const result = work(t);
      if (++writes % SWEEP_EVERY === 0) sweep(t);
      return result;
    });
  // The operation runs now, synchronously; only its outcome is handed over as a promise.
  const settle = <T>(operation: () => T) => new Promise<T>((resolve) => resolve(operation())).catch((error: unknown) => Promise.reject(storeError(error)));
  const write = <T>(work: (t: number) => T) => settle(() => transaction(work));
  const read = <T>(work: (t: number) => T) => settle(() => work(now()));

  /** Counts one hit in a fixed window that starts at its first hit; the limit when over it. */
  const count = (rate: RateLimit, t: number): Limited | undefined => {
    const counted = sql(
      `INSERT INTO rate_windows (bucket, hits, expires_at) VALUES (:bucket, 1, :ends)
       ON CONFLICT (bucket) DO UPDATE SET
         hits = CASE WHEN expires_at <= :now THEN 1 ELSE hits + 1 END,
         expires_at = CASE WHEN expires_at <= :now THEN excluded.expires_at ELSE expires_at END
       RETURNING hits, expires_at`,
    ).get({ bucket: rate.bucket, ends: t + rate.windowSeconds * 1000, now: t }) as { hits: number; expires_at: number };
    return counted.hits > rate.max ? { kind: 'limited', retryAfterMs: counted.expires_at - t } : undefined;
  };
  /** Writes a whole row, values in the table's column order (schema.ts). */
  const put = (table: string, ...values: SQLInputValue[]) => sql(`REPLACE INTO ${table} VALUES (${values.map(() => '?').join(', ')})`).run(...values);
  const saveJob = (job: NotificationJob, dueAt: number | null, dead = 0) => put('jobs', job.id, JSON.stringify(job), dueAt, dead);
  const dropLease = (id: string) => sql(`DELETE FROM leases WHERE job_id = ?`).run(id);
  const parsed = <T>(row: Row | undefined, field: string) => (row ? (JSON.parse(row[field] as string) as T) : null);
  const record = (row: Row | undefined) => parsed<ComplaintRecord>(row, 'record');

  transaction(sweep);

  const fileInto = ({ complaint, job, rate, idempotency, site }: Parameters<ComplaintStore['file']>[0], waits: boolean): Promise<FileOutcome> =>
    write((t) => {
      if (idempotency) {
        const stored = one(`SELECT answer FROM idempotency WHERE hash = ? AND expires_at > ?`, idempotency.hash, t);
        if (stored) return { kind: 'replayed' as const, answer: stored.answer as string };
      }
      // A taken reference is checked before the rate is counted, as the Redis script does:
      // the caller retries with a new reference and that attempt is counted.
      if (one(`SELECT 1 FROM complaints WHERE reference = ? AND ${LIVE}`, complaint.reference, t)) return { kind: 'reference-taken' as const };
      const limited = count(rate, t);
      if (limited) return limited;
      const { reference, receiptHash, bureau, filedAt, acceptBy } = complaint;
      // An expired row that the sweep has not reached yet must not block the new one.
      sql(`DELETE FROM complaints WHERE (reference = ? OR receipt_hash = ?) AND expires_at <= ?`).run(reference, receiptHash, t);
      // A waiting complaint: no bureau column, no deadline, no job; its group and end in `waiting`.
      sql(`INSERT INTO complaints VALUES (?, ?, ?, ?, ?, NULL, ?)`).run(
        reference,
        receiptHash,
        waits ? '' : bureau,
        Date.parse(filedAt),
        waits ? null : endOfChinaDay(acceptBy),
        JSON.stringify(complaint),
      );
      if (waits) put('waiting', reference, waitGroup(complaint.school, complaint.aspect), Date.parse(complaint.waiting!.until));
      else saveJob(job, Date.parse(job.createdAt));
      if (idempotency) put('idempotency', idempotency.hash, idempotency.answer, t + idempotency.ttlSeconds * 1000);
      const siteOver = site ? count(site, t) : undefined;
      const group = waitGroup(complaint.school, complaint.aspect);
      const othersWaiting =
        waits || one(`SELECT 1 FROM waiting w JOIN complaints c USING (reference) WHERE w.grp = ? AND ${LIVE} LIMIT 1`, group, t) !== undefined;
      return { kind: 'filed' as const, othersWaiting, ...(siteOver ? { siteOver } : {}) };
    });

  return {
    describe: `SQLite database at ${file}`,
    ping: () => read(() => one('SELECT 1 AS ok')?.ok === 1).catch(() => false),
    close: async () => {
      statements.clear();
      await database.close();
    },

    file: (args) => fileInto(args, false),
    fileWaiting: (args) => fileInto(args, true),
    ...sqliteWaiting({ sql, column, read, write, put, saveJob }),
    lookup: ({ receiptHash, rate }) =>
      write((t) => {
        const limited = count(rate, t);
        if (limited) return limited;
        const found = record(one(`SELECT record FROM complaints WHERE receipt_hash = ? AND ${LIVE}`, receiptHash, t));
        if (found) return { kind: 'found' as const, record: found };
        return one(`SELECT 1 FROM withdrawn WHERE receipt_hash = ? AND expires_at > ?`, receiptHash, t)
          ? { kind: 'withdrawn' as const }
          : { kind: 'missing' as const };
      }),
    // A waiting complaint (empty bureau) is nobody's case yet: only its receipt code finds it.
    byReference: (reference, options) =>
      read((t) => {
        const found = record(one(`SELECT record FROM complaints WHERE reference = ? AND ${LIVE}`, reference, t));
        return found?.waiting && !options?.includeWaiting ? null : found;
      }),
    // Newest filed first, as the Redis store lists them.
    bureauComplaints: (bureau) =>
      read((t) => column(`SELECT reference FROM complaints WHERE bureau = ? AND ${LIVE} ORDER BY filed_at DESC, reference DESC`, bureau, t)),
    hit: (rate) => write((t) => count(rate, t) ?? { kind: 'allowed' as const }),

    withLock: async (name, ttlMs, fn) => {
      const owner = randomBytes(16).toString('hex');
      // Taken when free or lapsed: the upsert changes no row while a live lock is held.
      const taken = await write(
        (t) =>
          sql(
            `INSERT INTO locks VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at WHERE locks.expires_at <= ?`,
          ).run(name, owner, t + ttlMs, t).changes,
      );
      if (Number(taken) !== 1) return 'busy';
      try {
        return await fn();
      } finally {
        // Only our own lock is released. If the release fails, the lock simply runs out.
        await write(() => sql(`DELETE FROM locks WHERE name = ? AND owner = ?`).run(name, owner)).catch(() => undefined);
      }
    },
    saveChange: ({ after, jobs, retentionSeconds }) =>
      write((t) => {
        const pending = pendingDeadline(after);
        // The indexes are columns of the row, so replacing the row moves them.
        const [deadline, expiry] = [pending ? endOfChinaDay(pending.by) : null, after.closedAt ? t + retentionSeconds * 1000 : null];
        put('complaints', after.reference, after.receiptHash, after.bureau, Date.parse(after.filedAt), deadline, expiry, JSON.stringify(after));
        for (const job of jobs) saveJob(job, Date.parse(job.createdAt));
      }),
    pastDeadline: (beforeMs) =>
      read((t) => column(`SELECT reference FROM complaints WHERE pending_deadline <= ? AND ${LIVE} ORDER BY pending_deadline, reference`, beforeMs, t)),

    enqueue: (job) =>
      write((t) => {
        if (one(`SELECT 1 FROM done_jobs WHERE id = ? AND expires_at > ?`, job.id, t) || one(`SELECT 1 FROM jobs WHERE id = ?`, job.id)) return false;
        saveJob(job, Date.parse(job.createdAt));
        return true;
      }),
    dueJobs: (nowMs, limit) => read(() => column(`SELECT id FROM jobs WHERE dead = 0 AND due_at <= ? ORDER BY due_at, id LIMIT ?`, nowMs, limit)),
    leaseJobs: (ids, nowMs, ms) =>
      write((t) =>
        ids.flatMap((id) => {
          if (one(`SELECT 1 FROM leases WHERE job_id = ? AND expires_at > ?`, id, t)) return [];
          const job = parsed<NotificationJob>(one(`SELECT job FROM jobs WHERE id = ? AND dead = 0 AND due_at <= ?`, id, nowMs), 'job');
          if (!job) return [];
          put('leases', id, t + ms);
          return [job];
        }),
      ),
    job: (id) => read(() => parsed<NotificationJob>(one(`SELECT job FROM jobs WHERE id = ?`, id), 'job')),
    completeJobs: (ids) =>
      write((t) => {
        for (const id of ids) {
          sql(`DELETE FROM jobs WHERE id = ?`).run(id);
          put('leases', id, t + DONE_LEASE_MS);
          put('done_jobs', id, t + TWO_DAYS_MS);
        }
      }),
    rescheduleJob: (job, atMs) =>
      write(() => {
        saveJob(job, atMs);
        dropLease(job.id);
      }),
    deadLetterJob: (job) =>
      write(() => {
        saveJob(job, null, 1);
        dropLease(job.id);
      }),
    deadJobIds: () => read(() => column(`SELECT id FROM jobs WHERE dead = 1 ORDER BY id`)),

    bureauRecords: (bureau) =>
      read((t) =>
        column(`SELECT record FROM complaints WHERE bureau = ? AND ${LIVE} ORDER BY filed_at DESC, reference DESC`, bureau, t).map(
          (text) => JSON.parse(text) as ComplaintRecord,
        ),
      ),

    // Keyset paging on the primary key: each page is one short SELECT, so a writer never waits long.
    complaintsPage: (cursor, limit) =>
      read((t) => {
        const rows = sql(`SELECT reference, record FROM complaints WHERE reference > ? AND bureau <> '' AND ${LIVE} ORDER BY reference LIMIT ?`).all(
          cursor ?? '',
          t,
          limit,
        ) as Row[];
        return {
          records: rows.map((row) => JSON.parse(row.record as string) as ComplaintRecord),
          next: rows.length === limit ? (rows.at(-1)!.reference as string) : null,
        };
      }),
  };
}
