import type { SQLInputValue } from 'node:sqlite';
import type { AccessEntry, ExportEntry } from '../../domain/audit';
import { ACCESS_KEPT, EXPORTS_KEPT, type Session, type SignInLink, type WorkspaceStore } from '../../ports/workspaceStore';
import { databaseAt, immediate, storeError, type SqliteAt } from './connection';

// Tables of their own beside the complaint store's, in the same database
// file: one file to back up, and backups hold only keyed hashes of tokens.
const TABLES = `
CREATE TABLE IF NOT EXISTS ws_links (hash TEXT PRIMARY KEY, body TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS ws_sessions (hash TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS ws_sessions_by_body ON ws_sessions (body);
CREATE TABLE IF NOT EXISTS ws_exports (id INTEGER PRIMARY KEY, body TEXT NOT NULL, entry TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS ws_exports_by_body ON ws_exports (body, id);
CREATE TABLE IF NOT EXISTS ws_access (id INTEGER PRIMARY KEY, log TEXT NOT NULL, entry TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS ws_access_by_log ON ws_access (log, id);
`;

type Row = Record<string, unknown>;

/**
 * The workspace store in the embedded SQLite database (`dir`, as the
 * complaint store, or its handle). Every write is one BEGIN IMMEDIATE
 * transaction; expired links and sessions are deleted by the writes that
 * follow them.
 */
export function openSqliteWorkspaceStore(at: SqliteAt): WorkspaceStore {
  const database = databaseAt(at);
  const { db, file } = database;
  immediate(db, () => db.exec(TABLES));
  const run = (text: string, ...params: SQLInputValue[]) => db.prepare(text).run(...params);
  const one = (text: string, ...params: SQLInputValue[]) => db.prepare(text).get(...params) as Row | undefined;
  const settle = <T>(operation: () => T) => new Promise<T>((resolve) => resolve(operation())).catch((error: unknown) => Promise.reject(storeError(error)));
  const write = <T>(work: () => T) => settle(() => immediate(db, work));
  const sweep = (nowMs: number) => {
    run('DELETE FROM ws_links WHERE expires_at <= ?', nowMs);
    run('DELETE FROM ws_sessions WHERE expires_at <= ?', nowMs);
  };
  const link = (row: Row | undefined): SignInLink | null => (row ? { body: row.body as string, expiresAt: row.expires_at as number } : null);

  return {
    describe: `SQLite database at ${file}`,
    close: () => database.close(),

    saveLink: (hash, { body, expiresAt }, nowMs) =>
      write(() => {
        sweep(nowMs);
        run('REPLACE INTO ws_links VALUES (?, ?, ?)', hash, body, expiresAt);
      }),
    findLink: (hash, nowMs) => settle(() => link(one('SELECT body, expires_at FROM ws_links WHERE hash = ? AND expires_at > ?', hash, nowMs))),
    takeLink: (hash, nowMs) =>
      write(() => link(one('DELETE FROM ws_links WHERE hash = ? RETURNING body, expires_at', hash) ?? undefined)).then((l) =>
        l && l.expiresAt > nowMs ? l : null,
      ),

    openSession: (hash, { body, createdAt, expiresAt }, nowMs) =>
      write(() => {
        sweep(nowMs);
        run('REPLACE INTO ws_sessions VALUES (?, ?, ?, ?)', hash, body, createdAt, expiresAt);
      }),
    touchSession: (hash, nowMs, idleMs) =>
      write(() => {
        const row = one(
          'UPDATE ws_sessions SET expires_at = ? WHERE hash = ? AND expires_at > ? RETURNING body, created_at, expires_at',
          nowMs + idleMs,
          hash,
          nowMs,
        );
        return row ? ({ body: row.body as string, createdAt: row.created_at as number, expiresAt: row.expires_at as number } satisfies Session) : null;
      }),
    endSession: (hash) => write(() => void run('DELETE FROM ws_sessions WHERE hash = ?', hash)),
    endSessionsOf: (body, nowMs) =>
      write(() => {
        const alive = Number(one('SELECT count(*) AS n FROM ws_sessions WHERE body = ? AND expires_at > ?', body, nowMs)!.n);
        run('DELETE FROM ws_sessions WHERE body = ?', body);
        return alive;
      }),

    recordExport: (entry, nowMs, keepMs) =>
      write(() => {
        run('DELETE FROM ws_exports WHERE expires_at <= ?', nowMs);
        run('INSERT INTO ws_exports (body, entry, expires_at) VALUES (?, ?, ?)', entry.body, JSON.stringify(entry), nowMs + keepMs);
        run(
          'DELETE FROM ws_exports WHERE body = ? AND id NOT IN (SELECT id FROM ws_exports WHERE body = ? ORDER BY id DESC LIMIT ?)',
          entry.body,
          entry.body,
          EXPORTS_KEPT,
        );
      }),
    exportsOf: (body, nowMs) =>
      settle(() =>
        (db.prepare('SELECT entry FROM ws_exports WHERE body = ? AND expires_at > ? ORDER BY id DESC').all(body, nowMs) as Row[]).map(
          (row) => JSON.parse(row.entry as string) as ExportEntry,
        ),
      ),

    recordAccess: (log, entry, nowMs, keepMs) =>
      write(() => {
        run('DELETE FROM ws_access WHERE expires_at <= ?', nowMs);
        run('INSERT INTO ws_access (log, entry, expires_at) VALUES (?, ?, ?)', log, JSON.stringify(entry), nowMs + keepMs);
        run('DELETE FROM ws_access WHERE log = ? AND id NOT IN (SELECT id FROM ws_access WHERE log = ? ORDER BY id DESC LIMIT ?)', log, log, ACCESS_KEPT);
      }),
    accessOf: (log, nowMs) =>
      settle(() =>
        (db.prepare('SELECT entry FROM ws_access WHERE log = ? AND expires_at > ? ORDER BY id DESC').all(log, nowMs) as Row[]).map(
          (row) => JSON.parse(row.entry as string) as AccessEntry,
        ),
      ),
  };
}
