import type { ComplaintStore } from '../ports/complaintStore';

/**
 * Marks sent jobs done in batches: a job's completion joins the next write,
 * which starts as soon as the one before it ends, and resolves when that
 * write has. Under load one write covers many jobs instead of one each; a
 * job whose write fails stays leased, and its lease running out sends it
 * again under the same idempotency key.
 */
export function completions(store: Pick<ComplaintStore, 'completeJobs'>): (id: string) => Promise<void> {
  let next: { ids: string[]; written: Promise<void> } | undefined;
  let previous: Promise<unknown> = Promise.resolve();
  return (id) => {
    if (!next) {
      const batch: { ids: string[]; written: Promise<void> } = { ids: [], written: Promise.resolve() };
      batch.written = previous.then(() => {
        next = undefined;
        return store.completeJobs(batch.ids);
      });
      previous = batch.written.catch(() => undefined);
      next = batch;
    }
    next.ids.push(id);
    return next.written;
  };
}
