import type { StatsSnapshot } from '../../domain/statistics';
import type { StatsStore } from '../../ports/statsStore';
import { openDatabase, storeError } from '../sqlite/connection';

/**
 * The snapshot as one row in the embedded database, on a connection of its
 * own: its table is created here, so the complaint store's schema is untouched.
 */
export function sqliteStatsStore(dir: string): StatsStore {
  const { db } = openDatabase(dir);
  db.exec(`CREATE TABLE IF NOT EXISTS stats_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), snapshot TEXT NOT NULL) STRICT`);
  const settle = <T>(operation: () => T) => new Promise<T>((resolve) => resolve(operation())).catch((error: unknown) => Promise.reject(storeError(error)));
  return {
    read: () =>
      settle(() => {
        const row = db.prepare(`SELECT snapshot FROM stats_snapshot WHERE id = 1`).get() as { snapshot: string } | undefined;
        return row ? (JSON.parse(row.snapshot) as StatsSnapshot) : null;
      }),
    write: (snapshot) => settle(() => void db.prepare(`REPLACE INTO stats_snapshot VALUES (1, ?)`).run(JSON.stringify(snapshot))),
    close: async () => {
      if (db.isOpen) db.close();
    },
  };
}
