import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { ComplaintRecord, NotificationJob } from '../../domain/complaint';
import { pendingDeadline } from '../../domain/status';
import type { ComplaintStore } from '../../ports/complaintStore';
import { LIVE } from './complaintRows';
import { endOfChinaDay } from '../../domain/deadlines';

/** What the complaint store (sqliteComplaintStore.ts) lends these methods: its statements and transactions. */
export interface SqliteKit {
  sql(text: string): StatementSync;
  column(text: string, ...params: SQLInputValue[]): string[];
  read<T>(work: (t: number) => T): Promise<T>;
  write<T>(work: (t: number) => T): Promise<T>;
  put(table: string, ...values: SQLInputValue[]): unknown;
  saveJob(job: NotificationJob, dueAt: number | null): unknown;
}

/**
 * The complaint store's methods for complaints waiting for other parents
 * (domain/waiting.ts) on SQLite: the record is a row of `complaints` with no
 * bureau, deadline or job, and a row of `waiting` names its group and the end
 * of its wait. Moving out (`release`, `withdraw`) deletes the `waiting` row
 * first, so two moves of one complaint write once.
 */
export function sqliteWaiting({
  sql,
  column,
  read,
  write,
  put,
  saveJob,
}: SqliteKit): Pick<ComplaintStore, 'waitingIn' | 'allWaiting' | 'release' | 'withdraw'> {
  return {
    waitingIn: (group) =>
      read((t) =>
        column(`SELECT c.record FROM waiting w JOIN complaints c USING (reference) WHERE w.grp = ? AND ${LIVE} ORDER BY c.filed_at, c.reference`, group, t).map(
          (text) => JSON.parse(text) as ComplaintRecord,
        ),
      ),
    allWaiting: () =>
      read((t) =>
        column(`SELECT c.record FROM waiting w JOIN complaints c USING (reference) WHERE ${LIVE} ORDER BY w.until_at`, t).map(
          (text) => JSON.parse(text) as ComplaintRecord,
        ),
      ),
    release: ({ after, jobs }) =>
      write(() => {
        if (Number(sql(`DELETE FROM waiting WHERE reference = ?`).run(after.reference).changes) !== 1) return false;
        const pending = pendingDeadline(after);
        put(
          'complaints',
          after.reference,
          after.receiptHash,
          after.bureau,
          Date.parse(after.filedAt),
          pending ? endOfChinaDay(pending.by) : null,
          null,
          JSON.stringify(after),
        );
        for (const job of jobs) saveJob(job, Date.parse(job.createdAt));
        return true;
      }),
    withdraw: ({ record: gone, keepSeconds }) =>
      write((t) => {
        if (Number(sql(`DELETE FROM waiting WHERE reference = ?`).run(gone.reference).changes) !== 1) return false;
        sql(`DELETE FROM complaints WHERE reference = ?`).run(gone.reference);
        put('withdrawn', gone.receiptHash, t + keepSeconds * 1000);
        return true;
      }),
  };
}
