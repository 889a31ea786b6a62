import { ORPHAN_GRACE_MINUTES, PENDING_HOURS, filedBlobName } from '../../domain/evidence';
import type { BlobStore } from '../../ports/blobStore';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { Log } from '../log';
import type { EvidenceBlobs } from './evidenceBlobs';
import { imagesOf } from '../../domain/thread';

const HOUR = 3600;
/** A temporary file of a write older than this was left by a failed or killed write: the sweep removes it. */
const TEMPORARY_MINUTES = 60;

/** Pending images about to be swept that a filed complaint lists (a crash before its settle): copied under it first. */
async function rescueUnsettled(store: ComplaintStore, copyFiled: EvidenceBlobs['copyFiled'], ids: Set<string>) {
  let cursor: string | null = null;
  do {
    const page = await store.complaintsPage(cursor, 200);
    for (const record of page.records) for (const item of imagesOf(record)) if (ids.has(item.id)) await copyFiled(record.reference, item.id);
    cursor = page.next;
  } while (cursor !== null);
}

/** Deletes pending images past their 24 hours and filed ones whose complaint is gone; counts what it deleted. */
export async function sweepEvidence(
  deps: { blobs: BlobStore; store: ComplaintStore; clock: Clock; log: Log },
  copyFiled: EvidenceBlobs['copyFiled'],
): Promise<{ pending: number; orphans: number }> {
  const now = deps.clock.now().getTime();
  const temporary = await deps.blobs.clean(now - TEMPORARY_MINUTES * 60_000);
  const stalePending = (await deps.blobs.list('pending/')).filter((b) => now - b.writtenAt > PENDING_HOURS * HOUR * 1000).map((b) => b.name);
  if (stalePending.length > 0) await rescueUnsettled(deps.store, copyFiled, new Set(stalePending.map((name) => name.slice('pending/'.length))));
  await deps.blobs.delete(stalePending);
  const filed = (await deps.blobs.list('complaints/')).filter((b) => now - b.writtenAt > ORPHAN_GRACE_MINUTES * 60_000);
  const byReference = new Map<string, string[]>();
  for (const blob of filed) {
    const folder = blob.name.split('/')[1]!;
    byReference.set(folder, [...(byReference.get(folder) ?? []), blob.name]);
  }
  const orphans: string[] = [];
  for (const [folder, names] of byReference) {
    // A complaint waiting for other parents keeps its images; a withdrawn one is gone, and its images with it.
    const record = await deps.store.byReference(folder.toUpperCase(), { includeWaiting: true });
    // The complaint's own images and its replies' (thread.ts): all go when the complaint goes.
    const kept = new Set((record ? imagesOf(record) : []).map((item) => filedBlobName(record!.reference, item.id)));
    orphans.push(...names.filter((name) => !kept.has(name)));
  }
  await deps.blobs.delete(orphans);
  if (stalePending.length + orphans.length + temporary > 0)
    deps.log('info', 'evidence.swept', { pending: stalePending.length, orphans: orphans.length, temporary });
  return { pending: stalePending.length, orphans: orphans.length };
}
