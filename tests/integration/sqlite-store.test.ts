// What the SQLite store does beyond the shared contract suite: its file
// settings, the old embedded log, several processes on one folder, the sweep
// of expired rows, failures as StoreUnavailableError, a crash mid-write, and
// `npm run backup` while the database is being written.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/sqlite/connection';
import { openSqliteStore } from '../../src/adapters/sqlite/sqliteComplaintStore';
import type { ComplaintRecord, NotificationJob } from '../../src/domain/complaint';
import { StoreUnavailableError, type ComplaintStore } from '../../src/ports/complaintStore';
import { complaint } from '../support/sqliteWriter';

const root = join(import.meta.dirname, '..', '..');
const T0 = Date.parse('2026-11-27T02:00:00.000Z');
const DAY = 86_400_000;
const roomy = { bucket: 'intake:client', max: 1000, windowSeconds: 3600 };

const job = (reference: string, event: NotificationJob['event'] = 'complaint.filed'): NotificationJob => ({
  id: `${event}/${reference}`,
  event,
  reference,
  createdAt: '2026-11-27T02:00:00.000Z',
  attempts: 0,
});
const fileOne = (store: ComplaintStore, record: ComplaintRecord, idempotency?: { hash: string; answer: string; ttlSeconds: number }) =>
  store.file({ complaint: record, job: job(record.reference), rate: roomy, ...(idempotency ? { idempotency } : {}) });

/** A plain second connection to the database in `dir`, as `sqlite3` would open it. */
const rawDatabase = (dir: string) => new DatabaseSync(join(dir, 'schoolwatch.db'));
const value = (db: DatabaseSync, sql: string) => Object.values(db.prepare(sql).get()!)[0];

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'schoolwatch-sqlite-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
function opened(dir: string, now?: () => number): ComplaintStore {
  const store = openSqliteStore(dir, now ? { now } : {});
  cleanups.push(() => store.close());
  return store;
}

/** Starts the writer child on `dir`; `acknowledged` holds each reference it has printed in full. */
function startWriter(dir: string) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tests/support/sqliteWriter.ts', dir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acknowledged: string[] = [];
  let partial = '';
  let errors = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    acknowledged.push(...lines);
  });
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('close', (code, signal) => resolve(signal ?? code)));
  cleanups.push(() => child.kill('SIGKILL'));
  const until = async (count: number) => {
    const started = Date.now();
    while (acknowledged.length < count) {
      if (child.exitCode !== null || Date.now() - started > 20_000) throw new Error(`writer stopped after ${acknowledged.length} filings:\n${errors}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { child, acknowledged, exited, until };
}

function runBackup(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'backup', '--', ...args], {
      cwd: root,
      env: { ...process.env, SCHOOLWATCH_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the SQLite complaint store', () => {
  it('keeps one database file in the folder, in WAL mode, with synchronous=FULL on every connection it opens', async () => {
    const dir = join(folder(), 'data');
    const store = opened(dir);
    expect(store.describe).toBe(`SQLite database at ${join(dir, 'schoolwatch.db')}`);
    // journal_mode is a property of the file: any second connection reads it back.
    const raw = rawDatabase(dir);
    expect(value(raw, 'PRAGMA journal_mode')).toBe('wal');
    expect(value(raw, `SELECT value FROM meta WHERE key = 'schema_version'`)).toBe('1');
    raw.close();
    // synchronous belongs to a connection: read it from one opened as the store opens its own.
    const { db } = openDatabase(dir);
    expect(value(db, 'PRAGMA synchronous')).toBe(2);
    expect(value(db, 'PRAGMA busy_timeout')).toBe(5000);
    db.close();
  });

  it('refuses a folder that holds the log of the old embedded store, saying what it is and what to do', () => {
    const dir = folder();
    writeFileSync(join(dir, 'appendonly.jsonl'), '');
    expect(() => openSqliteStore(dir)).toThrow(
      new Error(
        `${dir} holds appendonly.jsonl, the log of the embedded Redis emulator of an earlier Schoolwatch version. ` +
          'This version keeps its data in SQLite (schoolwatch.db) and no longer reads that log. ' +
          'That version was never deployed, so nothing in it needs keeping: move the folder away or delete it, then start again.',
      ),
    );
    expect(readdirSync(dir)).toEqual(['appendonly.jsonl']);
  });

  it('refuses a database written by a newer version of its schema', async () => {
    const dir = folder();
    await opened(dir).close();
    const raw = rawDatabase(dir);
    raw.exec(`UPDATE meta SET value = '2' WHERE key = 'schema_version'`);
    raw.close();
    expect(() => openSqliteStore(dir)).toThrow(
      new Error(`${join(dir, 'schoolwatch.db')} has schema version 2, from a newer Schoolwatch; this version reads up to 1.`),
    );
  });

  it('lets two stores on one folder see each other’s writes and share its locks', async () => {
    const dir = folder();
    const a = opened(dir);
    const b = opened(dir);
    const record = complaint('JB-20261127-TWO00001');
    expect(await fileOne(a, record)).toEqual({ kind: 'filed', othersWaiting: false });
    expect(await b.byReference(record.reference)).toEqual(record);
    expect(await fileOne(b, complaint('JB-20261127-TWO00001', { receiptHash: 'other' }))).toEqual({ kind: 'reference-taken' });

    const accepted = { ...record, status: 'accepted' as const, resolveBy: '2027-01-26' };
    await b.saveChange({ before: record, after: accepted, jobs: [], retentionSeconds: 60 });
    expect(await a.lookup({ receiptHash: record.receiptHash, rate: roomy })).toEqual({ kind: 'found', record: accepted });
    expect(await a.withLock('complaint:JB-20261127-TWO00001', 5000, () => b.withLock('complaint:JB-20261127-TWO00001', 5000, async () => 'inner'))).toBe(
      'busy',
    );
    expect(await a.leaseJobs(['complaint.filed/JB-20261127-TWO00001'], T0, 5000)).toEqual([job(record.reference)]);
    expect(await b.leaseJobs(['complaint.filed/JB-20261127-TWO00001'], T0, 5000)).toEqual([]);
  });

  it('lists a bureau’s complaints newest filed first, as the Redis store does', async () => {
    const store = opened(folder());
    await fileOne(store, complaint('JB-20261127-ORDER002', { filedAt: '2026-11-27T02:00:00.000Z' }));
    await fileOne(store, complaint('JB-20261128-ORDER003', { filedAt: '2026-11-28T09:30:00.000Z' }));
    await fileOne(store, complaint('JB-20261126-ORDER001', { filedAt: '2026-11-26T23:59:59.000Z' }));
    await fileOne(store, complaint('JB-20261127-ORDER004', { filedAt: '2026-11-27T02:00:00.000Z', bureau: 'guoyang' }));
    expect(await store.bureauComplaints('qiaocheng')).toEqual(['JB-20261128-ORDER003', 'JB-20261127-ORDER002', 'JB-20261126-ORDER001']);
  });

  it('sweeps expired rows out of the file, and keeps the live ones', async () => {
    const dir = folder();
    let now = T0;
    const store = opened(dir, () => now);
    const open = complaint('JB-20261127-SWEEP001');
    const closing = complaint('JB-20261127-SWEEP002');
    await fileOne(store, open, { hash: 'idem-sweep', answer: 'v1.answer', ttlSeconds: 60 });
    await fileOne(store, closing);
    await store.saveChange({
      before: closing,
      after: { ...closing, status: 'rejected', closedAt: '2026-11-27T03:00:00.000Z' },
      jobs: [],
      retentionSeconds: 60,
    });
    await store.hit({ bucket: 'answer:client', max: 5, windowSeconds: 60 });
    await store.leaseJobs([job(open.reference).id], T0, 60_000);
    await store.completeJobs([job(closing.reference).id]);
    void store.withLock('never-released', 60_000, () => new Promise<never>(() => {}));

    const rows = () => {
      const raw = rawDatabase(dir);
      const counts = Object.fromEntries(
        ['complaints', 'idempotency', 'rate_windows', 'locks', 'leases', 'done_jobs', 'jobs'].map((t) => [t, value(raw, `SELECT count(*) FROM ${t}`)]),
      );
      raw.close();
      return counts;
    };
    expect(rows()).toEqual({ complaints: 2, idempotency: 1, rate_windows: 2, locks: 1, leases: 2, done_jobs: 1, jobs: 1 });

    // Three days on, everything with an expiry has lapsed; opening the folder sweeps it.
    now = T0 + 3 * DAY;
    opened(dir, () => now);
    expect(rows()).toEqual({ complaints: 1, idempotency: 0, rate_windows: 0, locks: 0, leases: 0, done_jobs: 0, jobs: 1 });
    expect(await store.byReference(open.reference)).toEqual(open);

    // A running store sweeps too, once in every few hundred writes.
    await store.hit({ bucket: 'answer:stale', max: 5, windowSeconds: 60 });
    now += 2 * 60_000;
    for (let i = 0; i < 500; i++) await store.hit({ bucket: 'answer:busy', max: 1000, windowSeconds: 3600 });
    expect(rows()).toEqual({ complaints: 1, idempotency: 0, rate_windows: 1, locks: 0, leases: 0, done_jobs: 0, jobs: 1 });
  });

  it('answers StoreUnavailableError, naming only the SQLite error, when the database is locked past the busy timeout', async () => {
    const dir = folder();
    const store = opened(dir);
    const other = rawDatabase(dir);
    other.exec('BEGIN IMMEDIATE');
    try {
      const attempt = fileOne(store, complaint('JB-20261127-BUSY0001'));
      await expect(attempt).rejects.toThrow(new StoreUnavailableError('SQLite store unavailable (database is locked, code 5)'));
      await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await store.byReference('JB-20261127-BUSY0001')).toBeNull();
  });

  it('answers StoreUnavailableError once closed, and pings false', async () => {
    const store = opened(folder());
    await fileOne(store, complaint('JB-20261127-CLOSED01'));
    await store.close();
    await store.close();
    const closed = new StoreUnavailableError('SQLite store unavailable (database closed)');
    await expect(store.byReference('JB-20261127-CLOSED01')).rejects.toThrow(closed);
    await expect(fileOne(store, complaint('JB-20261127-CLOSED02'))).rejects.toThrow(closed);
    await expect(store.lookup({ receiptHash: 'hash-JB-20261127-CLOSED01', rate: roomy })).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.withLock('x', 1000, async () => 'ran')).rejects.toThrow(closed);
    expect(await store.ping()).toBe(false);
  });

  it('keeps every acknowledged complaint when the writing process is killed, and the file stays intact', async () => {
    const dir = folder();
    const writer = startWriter(dir);
    await writer.until(200);
    writer.child.kill('SIGKILL');
    expect(await writer.exited).toBe('SIGKILL');
    const acknowledged = [...writer.acknowledged];
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);

    const store = opened(dir);
    const missing: string[] = [];
    for (const reference of acknowledged) if (!(await store.byReference(reference))) missing.push(reference);
    expect(missing).toEqual([]);
    expect(await store.byReference(acknowledged[0]!)).toEqual(complaint(acknowledged[0]!));
    expect(await store.job(`complaint.filed/${acknowledged[0]}`)).toEqual(job(acknowledged[0]!));
    const raw = rawDatabase(dir);
    expect(value(raw, 'PRAGMA integrity_check')).toBe('ok');
    raw.close();
  });

  it('backs up a database that is being written into a consistent copy, without the site secret', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'site-secret'), 'not-a-real-secret-but-long-enough-to-pass');
    const target = join(folder(), 'copies');
    const writer = startWriter(dir);
    await writer.until(100);
    const before = [...writer.acknowledged];
    const backup = await runBackup(dir, [target]);
    const after = writer.acknowledged.length;
    writer.child.kill('SIGKILL');

    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const files = readdirSync(target);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^schoolwatch-\d{8}-\d{6}\.db$/);
    expect(backup.stdout).toContain(`to ${join(target, files[0]!)} (`);
    expect(backup.stdout).toContain(`keep ${join(dir, 'site-secret')} (or SITE_SECRET) safe on its own`);
    // Writes went on meanwhile: the server need not stop for a backup.
    expect(after).toBeGreaterThan(before.length);

    const copy = new DatabaseSync(join(target, files[0]!), { readOnly: true });
    expect(value(copy, 'PRAGMA integrity_check')).toBe('ok');
    expect(
      copy
        .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
        .all()
        .map((r) => r.name),
    ).toEqual(['complaints', 'done_jobs', 'idempotency', 'jobs', 'leases', 'locks', 'meta', 'rate_windows', 'waiting', 'withdrawn']);
    const inCopy = new Set(
      copy
        .prepare('SELECT reference FROM complaints')
        .all()
        .map((r) => r.reference as string),
    );
    expect(before.filter((reference) => !inCopy.has(reference))).toEqual([]);
    expect(value(copy, 'SELECT count(*) FROM jobs')).toBe(inCopy.size);
    copy.close();

    // Restored as the README says (the copy as schoolwatch.db in a data folder), the store reads it.
    const restored = folder();
    copyFileSync(join(target, files[0]!), join(restored, 'schoolwatch.db'));
    const store = opened(restored);
    expect(await store.byReference(before[0]!)).toEqual(complaint(before[0]!));
    expect((await store.bureauComplaints('qiaocheng')).length).toBe(inCopy.size);
  });

  it('explains that there is nothing to back up when the folder has no database', async () => {
    const dir = folder();
    const backup = await runBackup(dir, []);
    expect(backup.code).toBe(1);
    expect(backup.stdout).toBe('');
    expect(backup.stderr).toBe(
      `No database to back up: ${join(dir, 'schoolwatch.db')} does not exist.\n` +
        'The embedded store creates it on the first start of the server (npm start). ' +
        'If the server keeps its data elsewhere, set SCHOOLWATCH_DATA_DIR to that folder; ' +
        'with Redis configured there is no embedded database (see the README for Redis backups).\n',
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
