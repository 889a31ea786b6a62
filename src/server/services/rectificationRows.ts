import { currentStatus } from '../../domain/notices/progress';
import type { NoticeRecord } from '../../domain/notices/model';
import { isItemId, rectifiedJobId, type ItemRow } from '../../domain/rectification';
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
    .map((row) => [row.item, { notice: record.id, status: currentStatus(record, row.item) ?? row.status, deadline: row.deadline }]);
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
export function tellParentsWhenDone(deps: { items: RectificationStore; complaints: ComplaintStore; clock: Clock; dispatcher: Pick<Dispatcher, 'kick'> }) {
  return async (record: NoticeRecord): Promise<void> => {
    if (record.owner.kind !== 'school') return;
    const school = record.owner.school;
    let queued = false;
    for (const [id, row] of rowsOf(record)) {
      if (row.status !== '已整改') continue;
      const item = await deps.items.find(id);
      if (!item || item.school !== school) continue;
      const told = new Set(await deps.items.toldOf(id));
      for (const reference of item.complaints.filter((r) => !told.has(r))) {
        await deps.complaints.enqueue({
          id: rectifiedJobId(reference, id),
          event: 'rectification.done',
          reference,
          createdAt: deps.clock.now().toISOString(),
          attempts: 0,
        });
        await deps.items.markTold(id, reference);
        queued = true;
      }
    }
    if (queued) void deps.dispatcher.kick();
  };
}
