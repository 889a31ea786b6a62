import { applyAction, type Actor, type ComplaintAction } from '../../domain/status';
import type { ComplaintRecord } from '../../domain/complaint';
import type { Directory } from '../../domain/directory';
import { sealParentWords } from '../../domain/parentWords';
import type { Clock } from '../../ports/clock';
import type { Keys } from '../../ports/keys';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { Dispatcher } from '../dispatcher';
import type { Client } from './client';
import { auditEntry, type AuditSource } from '../../domain/audit';
import { whileStoreUp, type OutcomeKind } from './outcome';
import type { FollowUpAnswer, Rating } from '../../domain/ratings';

/** The action applied (`ok`, with the record as saved), or why not, in words the page shows beside the complaint. */
export type ActResult = { kind: 'ok'; record: ComplaintRecord } | { kind: 'not-found' | 'conflict' | 'invalid' | 'unavailable'; error: string };

export type ActOnComplaint = (reference: string, action: ComplaintAction, actor: Actor, client: Client, source?: AuditSource) => Promise<ActResult>;

/**
 * Applies a bureau's or the parent's action to a stored complaint: under a
 * short lock (two clicks cannot both apply), through the status machine, and
 * saved with its notifications in one transaction.
 */
export function actionService(deps: { store: ComplaintStore; keys: Keys; directory: Directory; clock: Clock; dispatcher: Dispatcher }): ActOnComplaint {
  const down: ActResult = { kind: 'unavailable', error: '系统暂时无法保存，请稍后再试。' };
  return (reference, action, actor, client, source) =>
    whileStoreUp(async (): Promise<ActResult> => {
      const outcome = await deps.store.withLock(`complaint:${reference}`, 10_000, async (): Promise<ActResult> => {
        const record = await deps.store.byReference(reference);
        if (!record) return { kind: 'not-found', error: '找不到这件举报，它可能已过保存期限。' };
        const result = applyAction(record, action, actor, deps.clock.now(), deps.directory);
        if (!result.ok) return { kind: 'invalid', error: result.error };
        // A bureau's action carries where it came from into the audit trail, saved in the same step.
        const audited =
          source && actor.kind === 'bureau'
            ? { ...result.record, audit: [...(record.audit ?? []), auditEntry(deps.clock.now().toISOString(), actor.bureau, action.type, source)] }
            : result.record;
        const after = await sealParentWords(deps.keys, audited);
        await deps.store.saveChange({ before: record, after, jobs: result.jobs, retentionSeconds: deps.directory.retentionDays * 86_400 });
        return { kind: 'ok', record: after };
      });
      if (outcome === 'busy') return { kind: 'conflict', error: '这件举报正在被处理，请稍后刷新页面再试。' };
      if (outcome.kind === 'ok') {
        const sending = deps.dispatcher.kick();
        client.waitUntil?.(sending);
      }
      return outcome;
    }, down);
}

/** What the bureau's page says once a question is sent (the link's and the workspace's alike). */
export const ASKED = '问题已发送。举报人用查询码查看时会看到并可以回复；办理期限照常计算。';

/** What a bureau's posted action came to: the record to show (as saved when it applied), and the words the page shows. */
export interface BureauPost {
  record: ComplaintRecord;
  kind: OutcomeKind;
  done?: string;
  problem?: string;
  /** A refused action's text, shown again in its form. */
  posted?: Posted;
}

/**
 * Applies the action a bureau's form posted, from its signed link or from
 * the workspace alike. `transferred` is what the page says once the
 * complaint has gone to another bureau: the link stops working, the
 * workspace's list no longer holds it.
 */
export async function postBureauAction(
  act: ActOnComplaint,
  record: ComplaintRecord,
  post: { fields: Record<string, string>; bureau: string; client: Client; source: AuditSource; transferred: string },
): Promise<BureauPost> {
  const action = actionFromForm(post.fields);
  const result = action
    ? await act(record.reference, action, { kind: 'bureau', bureau: post.bureau }, post.client, post.source)
    : { kind: 'invalid' as const, error: '请选择要执行的操作' };
  if (result.kind !== 'ok') {
    const posted = postedAnswer(post.fields);
    return { record, kind: result.kind, ...(result.error ? { problem: result.error } : {}), ...(posted ? { posted } : {}) };
  }
  const done = action?.type === 'ask' ? ASKED : action?.type === 'transfer' ? post.transferred : '已记录。举报人可以在查询页面看到最新进展。';
  return { record: result.record, kind: 'ok', done };
}

/** Reads the action a form posted: its type and free text. */
export function actionFromForm(fields: Record<string, string>): ComplaintAction | undefined {
  switch (fields.action) {
    case 'accept':
      return { type: 'accept' };
    case 'reject':
      return { type: 'reject', reason: fields.reason ?? '' };
    case 'transfer':
      return { type: 'transfer', to: fields.to ?? '', reason: fields.reason ?? '' };
    case 'extend':
      return { type: 'extend', reason: fields.reason ?? '' };
    case 'resolve':
      return { type: 'resolve', answer: fields.answer ?? '', ...(fields.finding !== undefined ? { finding: fields.finding } : {}) };
    case 'confirm':
      return { type: 'confirm' };
    case 'dispute':
      return { type: 'dispute', reason: fields.reason ?? '' };
    case 'escalate':
      return { type: 'escalate' };
    // The domain refuses a rating or an answer that is not one of its words, in Chinese.
    case 'rate':
      return { type: 'rate', rating: (fields.rating ?? '') as Rating, reason: fields.reason ?? '' };
    case 'followUp':
      return { type: 'followUp', answer: (fields.answer ?? '') as FollowUpAnswer };
    case 'ask':
      return { type: 'ask', question: fields.question ?? '' };
    // Text only: the status page adds the images it processed (services/parentReply.ts).
    case 'reply':
      return { type: 'reply', text: fields.reply ?? '' };
    default:
      return undefined;
  }
}

/** What the bureau typed in a refused action, shown again in its own box so that nothing it wrote is lost. */
export interface Posted {
  answer?: string;
  finding?: string;
  question?: string;
  /** The reason typed for the action that was refused: extend, transfer or reject. */
  reason?: { action: 'extend' | 'transfer' | 'reject'; text: string };
}

/** A refused action's own fields, to show again so that the bureau's text is not lost. */
export function postedAnswer(fields: Record<string, string>): Posted | undefined {
  const action = fields.action;
  if (action === 'ask') return fields.question ? { question: fields.question } : undefined;
  if (action === 'extend' || action === 'transfer' || action === 'reject') return fields.reason ? { reason: { action, text: fields.reason } } : undefined;
  if (action !== 'resolve') return undefined;
  return { ...(fields.answer ? { answer: fields.answer } : {}), ...(fields.finding ? { finding: fields.finding } : {}) };
}
