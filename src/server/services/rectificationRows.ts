import { currentStatus, doneOn } from '../../domain/notices/progress';
import type { NoticeRecord } from '../../domain/notices/model';
import { isItemId, rectifiedJobId, type ItemRow, type RectificationItem } from '../../domain/rectification';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { NoticeStore } from '../../ports/noticeStore';
import type { RectificationStore } from '../../ports/rectificationStore';
import type { Clock } from '../../ports/clock';
import type { Dispatcher } from '../dispatcher';

/** Published notices a school page lists at most: every ledger row of a school is in one of them. */
const NOTICES_READ = 500;

/**
 * Where rectification items stand on the public ledger, read from the store's
 * published notices (fresh, not the catalogue's cached copy): the row with the
 * item's id in the last published version of one of the school's
 * rectification notices that is not withdrawn, with its current status.
 */
export async function rowsOfSchool(notices: NoticeStore, school: string): Promise<Map<string, ItemRow>> {
  const { notices: published } = await notices.published({ school }, { offset: 0, limit: NOTICES_READ });
  const rows = new Map<string, ItemRow>();
  // Oldest first, so that a later notice listing the same row wins (as on the school page).
  for (const record of [...published].reverse()) for (const [id, row] of rowsOf(record)) rows.set(id, row);
  return rows;
}

function rowsOf(record: NoticeRecord): Array<[string, ItemRow]> {
  if (record.kind !== 'rectification' || record.state === 'withdrawn') return [];
  const ledger = record.versions.at(-1)?.content.ledger ?? [];
  return ledger
    .filter((row) => isItemId(row.item))
    .map((row) => {
      const done = doneOn(record, row.item);
      return [
        row.item,
        { notice: record.id, status: currentStatus(record, row.item) ?? row.status, deadline: row.deadline, ...(done ? { doneOn: done } : {}) },
      ];
    });
}

/**
 * After a school's rectification notice is published or a row's progress is
 * recorded: each parent whose complaint is linked to an item whose row now
 * reads 已整改 is told once. The job id is fixed by complaint and item, so the
 * queue takes it once; the store's mark, written after, keeps it from being
 * queued again after the queue has forgotten it. The email itself says
 * nothing of the complaint and goes only where the parent left an address
 * (the dispatcher reads the sealed contact when it sends).
 */
export function tellParentsWhenDone(deps: TellDeps) {
  return async (record: NoticeRecord): Promise<void> => {
    if (record.owner.kind !== 'school') return;
    let queued = false;
    for (const [id, row] of rowsOf(record)) if (row.status === '已整改') queued = (await tellItem(deps, id, record.owner.school)) || queued;
    if (queued) void deps.dispatcher.kick();
  };
}

/**
 * A complaint linked to an item whose row already reads 已整改: its parent is
 * told at once, not at the school's next publication, which may never come.
 */
export function tellIfAlreadyDone(deps: TellDeps & { notices: NoticeStore }) {
  return async (item: RectificationItem): Promise<void> => {
    const row = (await rowsOfSchool(deps.notices, item.school)).get(item.id);
    if (row?.status === '已整改' && (await tellItem(deps, item.id, item.school))) void deps.dispatcher.kick();
  };
}

type TellDeps = { items: RectificationStore; complaints: ComplaintStore; clock: Clock; dispatcher: Pick<Dispatcher, 'kick'> };

/** Queues the 已整改 job of each linked parent not told yet; true when any was queued. */
async function tellItem(deps: TellDeps, id: string, school: string): Promise<boolean> {
  const item = await deps.items.find(id);
  if (!item || item.school !== school) return false;
  const told = new Set(await deps.items.toldOf(id));
  const untold = item.complaints.filter((r) => !told.has(r));
  for (const reference of untold) {
    await deps.complaints.enqueue({
      id: rectifiedJobId(reference, id),
      event: 'rectification.done',
      reference,
      createdAt: deps.clock.now().toISOString(),
      attempts: 0,
    });
    await deps.items.markTold(id, reference);
  }
  return untold.length > 0;
}
