import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { NoticeAudit, NoticeRecord } from '../../domain/notices/model';
import { noticeIndex, waitingEntry, type NoticeStore } from '../../ports/noticeStore';
import { immediate, storeError } from './connection';
import { NOTICE_TABLES } from './noticeSchema';

type Row = Record<string, unknown>;

/** The index columns of a record, in the table's column order after `id, revision, owner, created_at`. */
function columns(record: NoticeRecord): SQLInputValue[] {
  const index = noticeIndex(record);
  return [
    index.waiting?.bureau ?? null,
    index.waiting?.since ?? null,
    index.publishedAt ?? null,
    index.school ?? null,
    index.bureau ?? null,
    JSON.stringify(record),
  ];
}

/**
 * The notice store on an open SQLite connection (the process's one
 * connection, shared with the other stores; its owner closes it). Every
 * write is one BEGIN IMMEDIATE transaction, so the compare-and-set on the
 * revision and the audit line are saved together or not at all.
 */
export function sqliteNoticeStore(db: DatabaseSync): NoticeStore {
  immediate(db, () => db.exec(NOTICE_TABLES));
  const all = (text: string, ...params: SQLInputValue[]) => db.prepare(text).all(...params) as Row[];
  const settle = <T>(operation: () => T) => new Promise<T>((resolve) => resolve(operation())).catch((error: unknown) => Promise.reject(storeError(error)));
  const write = <T>(work: () => T) => settle(() => immediate(db, work));
  const count = () => Number(all('SELECT n FROM notice_publications WHERE id = 1')[0]!.n);
  const records = (rows: Row[]) => rows.map((row) => JSON.parse(row.record as string) as NoticeRecord);
  const addAudit = (audit: NoticeAudit, record: NoticeRecord) => {
    db.prepare('INSERT INTO notice_audit (notice, entry) VALUES (?, ?)').run(audit.notice, JSON.stringify(audit));
    // In the same transaction: a process that reads the new count also reads the new record.
    if (record.versions.length === 0) return;
    db.prepare('UPDATE notice_publications SET n = n + 1 WHERE id = 1').run();
    db.prepare(
      'INSERT INTO notice_changes (notice, seq) SELECT ?, n FROM notice_publications WHERE id = 1 ON CONFLICT (notice) DO UPDATE SET seq = excluded.seq',
    ).run(record.id);
  };

  return {
    create: (record, audit) =>
      write(() => {
        const index = noticeIndex(record);
        const { changes } = db
          .prepare('INSERT OR IGNORE INTO notices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(record.id, record.revision, index.owner, index.createdAt, ...columns(record));
        if (changes === 0) return false;
        addAudit(audit, record);
        return true;
      }),
    save: (record, expectedRevision, audit) =>
      write(() => {
        const { changes } = db
          .prepare(
            'UPDATE notices SET revision = ?, waiting_bureau = ?, waiting_since = ?, published_at = ?, school = ?, bureau = ?, record = ? WHERE id = ? AND revision = ?',
          )
          .run(record.revision, ...columns(record), record.id, expectedRevision);
        if (changes === 0) return false;
        addAudit(audit, record);
        return true;
      }),
    find: (id) => settle(() => records(all('SELECT record FROM notices WHERE id = ?', id))[0] ?? null),
    noticesOf: (owner) => settle(() => records(all('SELECT record FROM notices WHERE owner = ? ORDER BY created_at DESC, id DESC', owner))),
    waitingFor: (bureau) =>
      settle(() => records(all('SELECT record FROM notices WHERE waiting_bureau = ? ORDER BY waiting_since, id', bureau)).map(waitingEntry)),
    published: (scope, { offset, limit }) =>
      settle(() => {
        const [where, params]: [string, SQLInputValue[]] =
          'school' in scope ? ['school = ?', [scope.school]] : 'bureau' in scope ? ['bureau = ?', [scope.bureau]] : ['1 = 1', []];
        const filter = `FROM notices WHERE published_at IS NOT NULL AND ${where}`;
        const total = Number(all(`SELECT count(*) AS n ${filter}`, ...params)[0]!.n);
        const notices = records(all(`SELECT record ${filter} ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?`, ...params, limit, offset));
        return { total, notices };
      }),
    publications: () => settle(() => count()),
    changedSince: (since, limit) =>
      settle(() => {
        // The count first: a save after it is left for the next question, never skipped.
        const upTo = count();
        const rows = all(
          'SELECT c.seq, n.record FROM notice_changes c JOIN notices n ON n.id = c.notice WHERE c.seq > ? AND c.seq <= ? ORDER BY c.seq LIMIT ?',
          since,
          upTo,
          limit + 1,
        );
        const more = rows.length > limit;
        const page = rows.slice(0, limit);
        return { notices: records(page), until: more ? Number(page.at(-1)!.seq) : Math.max(since, upTo), more };
      }),
    auditOf: (id) =>
      settle(() => all('SELECT entry FROM notice_audit WHERE notice = ? ORDER BY seq', id).map((row) => JSON.parse(row.entry as string) as NoticeAudit)),
  };
}
