import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { RectificationItem } from '../../domain/rectification';
import type { RectificationStore } from '../../ports/rectificationStore';
import { immediate, storeError } from './connection';

// An item is one row (its words as JSON, its school and bureau as columns to
// list by); each linked complaint a row of its own, with whether its parent
// was told the item is done. Times are epoch milliseconds.
const TABLES = `
CREATE TABLE IF NOT EXISTS rectification_items (
  id TEXT PRIMARY KEY,
  school TEXT NOT NULL,
  bureau TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  record TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS rectification_by_school ON rectification_items (school, created_at);
CREATE INDEX IF NOT EXISTS rectification_by_bureau ON rectification_items (bureau, created_at);
CREATE TABLE IF NOT EXISTS rectification_links (
  item TEXT NOT NULL,
  reference TEXT NOT NULL,
  seq INTEGER NOT NULL,
  told INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (item, reference)
) STRICT;
CREATE INDEX IF NOT EXISTS rectification_links_by_reference ON rectification_links (reference, seq);
`;

type Row = Record<string, unknown>;

/** The rectification store on the process's one SQLite connection (its owner closes it). */
export function sqliteRectificationStore(db: DatabaseSync): RectificationStore {
  immediate(db, () => db.exec(TABLES));
  const all = (text: string, ...params: SQLInputValue[]) => db.prepare(text).all(...params) as Row[];
  const settle = <T>(operation: () => T) => new Promise<T>((resolve) => resolve(operation())).catch((error: unknown) => Promise.reject(storeError(error)));
  const write = <T>(work: () => T) => settle(() => immediate(db, work));
  const items = (rows: Row[]) =>
    rows.map((row) => {
      const item = JSON.parse(row.record as string) as Omit<RectificationItem, 'complaints'>;
      const complaints = all('SELECT reference FROM rectification_links WHERE item = ? ORDER BY seq', item.id).map((r) => r.reference as string);
      return { ...item, complaints };
    });
  const addLink = (id: string, reference: string) =>
    db
      .prepare('INSERT OR IGNORE INTO rectification_links (item, reference, seq) VALUES (?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM rectification_links))')
      .run(id, reference);

  return {
    create: (item) =>
      write(() => {
        const { complaints, ...words } = item;
        const { changes } = db
          .prepare('INSERT OR IGNORE INTO rectification_items VALUES (?, ?, ?, ?, ?)')
          .run(item.id, item.school, item.bureau, Date.parse(item.createdAt), JSON.stringify(words));
        if (changes === 0) return false;
        for (const reference of complaints) addLink(item.id, reference);
        return true;
      }),
    find: (id) => settle(() => items(all('SELECT record FROM rectification_items WHERE id = ?', id))[0] ?? null),
    link: (id, reference) =>
      write(() => {
        if (all('SELECT 1 FROM rectification_items WHERE id = ?', id).length === 0) return null;
        addLink(id, reference);
        return items(all('SELECT record FROM rectification_items WHERE id = ?', id))[0]!;
      }),
    ofBureau: (bureau) => settle(() => items(all('SELECT record FROM rectification_items WHERE bureau = ? ORDER BY created_at DESC, id DESC', bureau))),
    ofSchool: (school) => settle(() => items(all('SELECT record FROM rectification_items WHERE school = ? ORDER BY created_at DESC, id DESC', school))),
    ofComplaint: (reference) =>
      settle(() =>
        items(all('SELECT i.record FROM rectification_links l JOIN rectification_items i ON i.id = l.item WHERE l.reference = ? ORDER BY l.seq', reference)),
      ),
    markTold: (id, reference) =>
      write(() => db.prepare('UPDATE rectification_links SET told = 1 WHERE item = ? AND reference = ? AND told = 0').run(id, reference).changes === 1),
    toldOf: (id) =>
      settle(() => all('SELECT reference FROM rectification_links WHERE item = ? AND told = 1 ORDER BY reference', id).map((r) => r.reference as string)),
  };
}
