import type { StatsStore } from '../../ports/statsStore';
import { databaseAt, storeError, type SqliteAt } from '../sqlite/connection';

/**
 * The snapshot and the public answers as two rows in the embedded database
 * (a folder, or the process's handle): its table is created here, so the
 * complaint store's schema is untouched.
 */
export function sqliteStatsStore(at: SqliteAt): StatsStore {
  const database = databaseAt(at);
  const { db } = database;
  db.exec(`CREATE TABLE IF NOT EXISTS stats_records (name TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`);
  const settle = <T>(operation: () => T) => new Promise<T>((resolve) => resolve(operation())).catch((error: unknown) => Promise.reject(storeError(error)));
  const reader =
    <T>(name: string) =>
    () =>
      settle(() => {
        const row = db.prepare(`SELECT value FROM stats_records WHERE name = ?`).get(name) as { value: string } | undefined;
        return row ? (JSON.parse(row.value) as T) : null;
      });
  const writer =
    <T>(name: string) =>
    (value: T) =>
      settle(() => void db.prepare(`REPLACE INTO stats_records VALUES (?, ?)`).run(name, JSON.stringify(value)));
  return {
    read: reader('snapshot'),
    write: writer('snapshot'),
    readAnswers: reader('answers'),
    writeAnswers: writer('answers'),
    close: () => database.close(),
  };
}
