import type { ComplaintRecord } from './complaint';

// The legal deadline a complaint waits on, and what follows from it on a given day: overdue, under supervision.

/** The deadline the complaint is waiting on (YYYY-MM-DD), or undefined when nothing is pending. */
export function pendingDeadline(record: ComplaintRecord): { kind: 'accept' | 'resolve'; by: string } | undefined {
  if (record.status === 'submitted') return { kind: 'accept', by: record.acceptBy };
  if ((record.status === 'accepted' || record.status === 'disputed') && record.resolveBy) return { kind: 'resolve', by: record.resolveBy };
  return undefined;
}

/** The deadline an escalation is for, as stored in `escalatedFor`. */
export const escalationKey = (pending: { kind: 'accept' | 'resolve'; by: string }) => `${pending.kind}:${pending.by}`;

/** True while the parent's request for supervision covers the deadline the complaint waits on (督办中). */
export function underSupervision(record: ComplaintRecord): boolean {
  const pending = pendingDeadline(record);
  return Boolean(pending && record.escalatedFor === escalationKey(pending));
}

/** Whole days a complaint is past its pending deadline on `today`, or 0. */
export function daysOverdue(record: ComplaintRecord, today: string): number {
  const pending = pendingDeadline(record);
  if (!pending || today <= pending.by) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${pending.by}T00:00:00Z`)) / 86_400_000);
}
