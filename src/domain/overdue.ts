import type { ComplaintStore } from '../ports/complaintStore';
import type { Clock } from '../ports/clock';
import type { Directory } from './directory';
import type { OverdueLine } from './emails/digestEmail';
import { chinaDate } from './deadlines';
import { daysOverdue, pendingDeadline } from './status';

/** Every complaint past its pending deadline today, for the supervision office. */
export async function collectOverdue(deps: { store: ComplaintStore; directory: Directory; clock: Clock }): Promise<OverdueLine[]> {
  const now = deps.clock.now();
  const today = chinaDate(now);
  const lines: OverdueLine[] = [];
  for (const reference of await deps.store.pastDeadline(now.getTime())) {
    const record = await deps.store.byReference(reference);
    const pending = record && pendingDeadline(record);
    if (!record || !pending) continue;
    const days = daysOverdue(record, today);
    if (days <= 0) continue;
    lines.push({
      reference,
      bureau: deps.directory.bureaus.get(record.bureau)?.name ?? record.bureau,
      school: deps.directory.schools.get(record.school)?.name ?? record.school,
      stage: pending.kind === 'accept' ? '受理' : '办理',
      deadline: pending.by,
      daysOverdue: days,
    });
  }
  return lines;
}

/**
 * Queues today's digest (once a day: the job id carries the date). Nothing is
 * queued when no complaint is overdue.
 */
export async function queueOverdueDigest(deps: { store: ComplaintStore; directory: Directory; clock: Clock }): Promise<{ queued: boolean; overdue: number }> {
  const lines = await collectOverdue(deps);
  if (lines.length === 0) return { queued: false, overdue: 0 };
  const now = deps.clock.now();
  const today = chinaDate(now);
  const queued = await deps.store.enqueue({
    id: `overdue.digest/${today}`,
    event: 'overdue.digest',
    createdAt: now.toISOString(),
    attempts: 0,
    payload: { today, lines },
  });
  return { queued, overdue: lines.length };
}
