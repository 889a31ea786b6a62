// Publishing through the store as the workspace will (the named steps of
// src/domain/notices/steps.ts, saved over the revision read), without forms:
// what the public side's tests need to put notices in front of the pages.
import { startNotice, type NoticeContext, type NoticeOutcome } from '../../src/domain/notices/machine';
import type { NoticeActor, NoticeRecord } from '../../src/domain/notices/model';
import { approveNotice, correctNotice, recordRowProgress, submitNotice, withdrawNotice } from '../../src/domain/notices/steps';
import type { NoticeStore } from '../../src/ports/noticeStore';

export function publisher(store: NoticeStore, directory: NoticeContext['directory']) {
  const context = (at: string): NoticeContext => ({ directory, settings: { approvalRequired: true }, at });
  const step = async (id: string, take: (record: NoticeRecord) => NoticeOutcome) => {
    const record = (await store.find(id))!;
    const outcome = take(record);
    if (outcome.kind === 'refused' || outcome.kind === 'invalid') throw new Error(`step refused: ${JSON.stringify(outcome)}`);
    if (!(await store.save(outcome.record, record.revision, outcome.audit))) throw new Error('saved by someone else');
    return outcome.record;
  };
  const reviewer = (record: NoticeRecord): NoticeActor => ({ body: { kind: 'bureau', bureau: record.bureau! } });
  return {
    /** Writes, submits and (for a school's notice) has its bureau approve it. */
    async publish(id: string, kind: NoticeRecord['kind'], author: NoticeActor, input: Record<string, unknown>, at: string) {
      const outcome = startNotice({ id, kind, owner: author.body, input }, author, context(at));
      if (outcome.kind === 'refused' || outcome.kind === 'invalid') throw new Error(`start refused: ${JSON.stringify(outcome)}`);
      if (!(await store.create(outcome.record, outcome.audit))) throw new Error(`id taken: ${id}`);
      const submitted = await step(id, (r) => submitNotice(r, author, context(at)));
      return submitted.state === 'published' ? submitted : step(id, (r) => approveNotice(r, reviewer(r), context(at)));
    },
    async correct(id: string, author: NoticeActor, input: Record<string, unknown>, reason: string, at: string) {
      const corrected = await step(id, (r) => correctNotice(r, input, reason, author, context(at)));
      return corrected.state === 'published' ? corrected : step(id, (r) => approveNotice(r, reviewer(r), context(at)));
    },
    withdraw: (id: string, author: NoticeActor, reason: string, at: string) => step(id, (r) => withdrawNotice(r, reason, author, context(at))),
    progress: (id: string, author: NoticeActor, update: { row: string; on: string; status: string; note?: string }, at: string) =>
      step(id, (r) => recordRowProgress(r, update, author, context(at))),
  };
}
