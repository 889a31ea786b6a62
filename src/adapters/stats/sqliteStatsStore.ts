import type { StatsStore } from '../../ports/statsStore';
import type { PeriodRecord } from '../../domain/assessment/frozenPeriod';
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
  db.exec(`CREATE TABLE IF NOT EXISTS stats_periods (period TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT`);
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
    readPeriod: (period) =>
      settle(() => {
        const row = db.prepare(`SELECT value FROM stats_periods WHERE period = ?`).get(period) as { value: string } | undefined;
        return row ? (JSON.parse(row.value) as PeriodRecord) : null;
      }),
    // INSERT OR IGNORE: the first run keeps the period; a later one reads what it kept.
    writePeriodOnce: (record) =>
      settle(() => {
        db.prepare(`INSERT OR IGNORE INTO stats_periods VALUES (?, ?)`).run(record.period, JSON.stringify(record));
        const row = db.prepare(`SELECT value FROM stats_periods WHERE period = ?`).get(record.period) as { value: string };
        return JSON.parse(row.value) as PeriodRecord;
      }),
    periods: () => settle(() => (db.prepare(`SELECT period FROM stats_periods ORDER BY period DESC`).all() as Array<{ period: string }>).map((r) => r.period)),
    close: () => database.close(),
  };
}
