import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { StoreUnavailableError } from '../../ports/complaintStore';
import { SCHEMA_VERSION, TABLES } from './schema';

/** How long a write waits for another process's transaction before the store reports itself unavailable. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Runs `work` in one BEGIN IMMEDIATE transaction: it takes SQLite's write
 * lock up front, so processes sharing the file take turns (waiting up to the
 * busy timeout) instead of failing halfway through.
 */
export function immediate<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isOpen && db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** One open `schoolwatch.db`: the process's one handle, shared by the complaint, workspace and statistics stores. */
export interface SqliteDatabase {
  db: DatabaseSync;
  file: string;
  close(): Promise<void>;
}

/** A store's way in: a folder (the store opens and closes a handle of its own) or a handle the caller owns. */
export type SqliteAt = string | SqliteDatabase;

/** The handle at `at`; a store given a folder owns what is opened here, a store given a handle only borrows it. */
export const databaseAt = (at: SqliteAt): SqliteDatabase => (typeof at === 'string' ? openDatabase(at) : { ...at, close: async () => {} });

/**
 * Opens `schoolwatch.db` in `dir` as every connection of the store must be:
 * WAL, so readers never wait for the writer, and synchronous=FULL, so a
 * filing acknowledged to a parent is on disk before the answer leaves
 * (journal_mode stays with the file; synchronous is per connection).
 */
export function openDatabase(dir: string): SqliteDatabase {
  const folder = resolve(dir);
  if (existsSync(join(folder, 'appendonly.jsonl'))) {
    throw new Error(
      `${folder} holds appendonly.jsonl, the log of the embedded Redis emulator of an earlier Schoolwatch version. ` +
        'This version keeps its data in SQLite (schoolwatch.db) and no longer reads that log. ' +
        'That version was never deployed, so nothing in it needs keeping: move the folder away or delete it, then start again.',
    );
  }
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, 'schoolwatch.db');
  const db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    // Owner only, like the folder: SQLite gives its -wal and -shm files the same mode.
    chmodSync(file, 0o600);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL');
    const version = immediate(db, () => {
      db.exec(TABLES);
      db.prepare(`INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)`).run(String(SCHEMA_VERSION));
      return Number(db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get()!.value);
    });
    if (version > SCHEMA_VERSION)
      throw new Error(`${file} has schema version ${version}, from a newer Schoolwatch; this version reads up to ${SCHEMA_VERSION}.`);
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    db,
    file,
    close: async () => {
      if (db.isOpen) db.close();
    },
  };
}

// Primary result codes that mean "cannot store now", not "the code is wrong":
// BUSY, LOCKED, NOMEM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB.
const UNAVAILABLE = new Set([5, 6, 7, 8, 10, 11, 13, 14, 15, 26]);

/**
 * StoreUnavailableError (the boundary answers 503) for a failure of the
 * database itself; anything else unchanged. Only the SQLite code and its
 * fixed description are kept: a message could quote personal values.
 */
export function storeError(error: unknown): unknown {
  const e = error as { code?: string; errcode?: number; errstr?: string };
  if (e?.code === 'ERR_INVALID_STATE') return new StoreUnavailableError('SQLite store unavailable (database closed)');
  if (e?.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number' && UNAVAILABLE.has(e.errcode & 0xff)) {
    return new StoreUnavailableError(`SQLite store unavailable (${e.errstr ?? 'error'}, code ${e.errcode})`);
  }
  return error;
}
