import { applyNoticeAction, type NoticeContext, type NoticeOutcome } from './machine';
import type { NoticeActor, NoticeRecord } from './model';

// The steps by their names in the campaign's words, for services and tests;
// each is one action of the table in machine.ts.

export const editNotice = (record: NoticeRecord, input: unknown, actor: NoticeActor, context: NoticeContext, reason?: string): NoticeOutcome =>
  applyNoticeAction(record, { type: 'edit', input, ...(reason !== undefined ? { reason } : {}) }, actor, context);

export const submitNotice = (record: NoticeRecord, actor: NoticeActor, context: NoticeContext): NoticeOutcome =>
  applyNoticeAction(record, { type: 'submit' }, actor, context);

export const approveNotice = (record: NoticeRecord, actor: NoticeActor, context: NoticeContext): NoticeOutcome =>
  applyNoticeAction(record, { type: 'approve' }, actor, context);

export const returnNotice = (record: NoticeRecord, reason: string, actor: NoticeActor, context: NoticeContext): NoticeOutcome =>
  applyNoticeAction(record, { type: 'return', reason }, actor, context);

export const correctNotice = (record: NoticeRecord, input: unknown, reason: string, actor: NoticeActor, context: NoticeContext): NoticeOutcome =>
  applyNoticeAction(record, { type: 'correct', input, reason }, actor, context);

export const withdrawNotice = (record: NoticeRecord, reason: string, actor: NoticeActor, context: NoticeContext): NoticeOutcome =>
  applyNoticeAction(record, { type: 'withdraw', reason }, actor, context);

export const recordRowProgress = (
  record: NoticeRecord,
  update: { row: string; on: string; status: string; note?: string },
  actor: NoticeActor,
  context: NoticeContext,
): NoticeOutcome => applyNoticeAction(record, { type: 'progress', ...update }, actor, context);
