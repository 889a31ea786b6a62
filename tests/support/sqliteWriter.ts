// Child process for the crash and backup tests: files complaints into the
// SQLite store in the folder argv[2] from several concurrent loops, and
// prints each reference on its own line once `file` has acknowledged it.
// It runs until it is killed. The tests import `complaint` to check what it wrote.
// Run with: node --import tsx tests/support/sqliteWriter.ts <dir>
import { pathToFileURL } from 'node:url';
import { openSqliteStore } from '../../src/adapters/sqlite/sqliteComplaintStore';
import type { ComplaintRecord } from '../../src/domain/complaint';
import { complaintRecord } from './complaintRecord';

/** A complaint as the writer files it. */
export const complaint = (reference: string, over: Partial<ComplaintRecord> = {}): ComplaintRecord => complaintRecord({ reference, ...over });

async function write(dir: string, loops: number) {
  const store = openSqliteStore(dir);
  const rate = { bucket: 'intake:writer', max: Number.MAX_SAFE_INTEGER, windowSeconds: 3600 };
  const loop = async (n: number) => {
    for (let i = 0; ; i++) {
      const reference = `JB-${process.pid}-${n}-${i}`;
      const job = { id: `complaint.filed/${reference}`, event: 'complaint.filed' as const, reference, createdAt: '2026-11-27T02:00:00.000Z', attempts: 0 };
      const outcome = await store.file({ complaint: complaint(reference), job, rate });
      if (outcome.kind !== 'filed') throw new Error(`unexpected outcome ${outcome.kind}`);
      // Synchronous on a pipe on Linux: the line is out before the next filing starts.
      process.stdout.write(`${reference}\n`);
    }
  };
  await Promise.all(Array.from({ length: loops }, (_, n) => loop(n)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await write(process.argv[2]!, 4);
