import type { PublicView } from '../../domain/publicView';
import { followUpLabel, isFollowUpAnswer, ratingLabel } from '../../domain/ratings';
import type { FormBody } from '../http';
import type { IntakeService } from './intake';
import { actionFromForm, type ActOnComplaint } from './actions';
import type { Client } from './client';
import type { OutcomeKind } from './outcome';
import type { FollowUpService } from './followUps';
import type { ParentReply, PostedReply } from './parentReply';

export interface StatusOutcome {
  /** What the page answers as: `ok`, or why the lookup or the parent's action was refused. */
  kind: OutcomeKind;
  retryAfterSeconds?: number;
  /** The code as typed, kept in the form (and in the confirm/dispute forms' bodies). */
  code: string;
  view?: PublicView;
  errors: Record<string, string>;
  /** The result of the parent's confirm, dispute, rating or follow-up answer. */
  actionDone?: string;
  actionError?: string;
  /** What the parent chose and wrote, shown again when their action was refused: never lost. */
  kept?: { rating?: string; reason?: string };
  /** The follow-up complaint opened by "还存在": its reference and receipt code, shown once. */
  recurrence?: { reference: string; receiptCode: string; acceptBy: string };
  /** The reply form as shown again after a refusal (its words and images kept), or empty. */
  reply: { text: string; errors: Record<string, string> };
  /** The images of the reply form so far; undefined when this site takes no images. */
  replyEvidence?: string[];
}

/** What the page says after each of the parent's steps. */
function doneWords(action: { type: string; rating?: string; answer?: string }): string {
  if (action.type === 'confirm') return '谢谢，您已确认答复。';
  if (action.type === 'dispute') return '已提交异议，教育局会复核后重新答复。';
  if (action.type === 'escalate') return '已请求上级督办。市督导部门和教育局都已收到通知。';
  if (action.type === 'rate' && action.rating === 'unsatisfied') return '已收到您的评价“不满意”。教育局会复核后重新答复。';
  if (action.type === 'rate') return `谢谢您的评价“${ratingLabel[action.rating as keyof typeof ratingLabel]}”，这件举报已确认办结。`;
  return `谢谢，已记录：${followUpLabel[action.answer as keyof typeof followUpLabel]}。`;
}

/**
 * The parent's status page. The receipt code is their only credential: it
 * travels in a POST body, never in a URL, so it stays out of history, logs
 * and referrers. With it, they may rate the bureau's answer (or confirm or
 * dispute it, as older pages and clients do) and answer the follow-up question.
 */
export function statusPageService(deps: {
  intake: IntakeService;
  act: ActOnComplaint;
  followUps?: FollowUpService;
  /** The parent's reply to the bureau's question, with its images (services/parentReply.ts). */
  reply: ParentReply;
  takesImages: boolean;
  /** Adds the rectification items the complaint became (issue 24: the parent follows the school's ledger row). */
  withItems?: (view: PublicView) => Promise<PublicView>;
}) {
  const withItems = (view: PublicView) => (deps.withItems ? deps.withItems(view) : view);
  const empty = () => ({ reply: { text: '', errors: {} }, ...(deps.takesImages ? { replyEvidence: [] as string[] } : {}) });
  return async (request: { body?: FormBody | (FormBody & Omit<PostedReply, 'fields'>); client: Client }): Promise<StatusOutcome> => {
    const { body } = request;
    if (!body) return { kind: 'ok', code: '', errors: {}, ...empty() };
    if (!body.ok) return { kind: body.kind, code: '', errors: body.errors, ...empty() };
    const code = body.fields.receiptCode ?? '';
    const found = await deps.intake.lookup(code, request.client);
    const action = actionFromForm(body.fields);
    const outcome: StatusOutcome = { kind: 'ok', code, errors: {}, ...empty() };
    // The reply to the bureau's question, with its images (services/parentReply.ts).
    if (found.kind === 'ok' && action?.type === 'reply') {
      const question = found.view.thread.filter((m) => m.from === 'bureau').at(-1)?.step ?? 0;
      const replied = await deps.reply(found.view.reference, question, body, request.client);
      if (replied.kind === 'ok')
        return { ...outcome, actionDone: '已发送回复。教育局办理时会看到。', view: await withItems(await deps.intake.view(replied.record)) };
      return {
        ...outcome,
        kind: replied.kind,
        view: await withItems(found.view),
        reply: { text: replied.text, errors: replied.errors },
        ...(deps.takesImages ? { replyEvidence: replied.evidence } : {}),
      };
    }
    if (found.kind === 'ok' && action?.type === 'followUp' && deps.followUps) {
      if (!isFollowUpAnswer(action.answer)) {
        outcome.actionError = '请选择“已解决”或“还存在”';
        outcome.kind = 'invalid';
      } else {
        const answered = await deps.followUps.answer(found.view.reference, action.answer, request.client);
        if (answered.kind === 'ok') {
          const { recurrence } = answered;
          outcome.actionDone = recurrence ? `已登记为新举报 ${recurrence.reference}，交${found.view.bureau.name}办理。` : doneWords(action);
          return { ...outcome, ...(recurrence ? { recurrence } : {}), view: await withItems(await deps.intake.view(answered.record)) };
        }
        outcome.actionError = answered.error;
        outcome.kind = answered.kind;
        if (answered.kind === 'limited') outcome.retryAfterSeconds = answered.retryAfterSeconds;
      }
    } else if (found.kind === 'ok' && (action?.type === 'confirm' || action?.type === 'dispute' || action?.type === 'rate' || action?.type === 'escalate')) {
      const acted = await deps.act(found.view.reference, action, { kind: 'parent' }, request.client);
      if (acted.kind === 'ok') {
        outcome.actionDone = doneWords(action);
        return { ...outcome, view: await withItems(await deps.intake.view(acted.record)) };
      } else {
        outcome.actionError = acted.error;
        outcome.kind = acted.kind;
        if (action.type === 'rate') outcome.kept = { rating: body.fields.rating ?? '', reason: body.fields.reason ?? '' };
      }
    }
    if (found.kind === 'ok') return { ...outcome, view: await withItems(found.view) };
    if (found.kind === 'limited')
      return { ...outcome, kind: 'limited', retryAfterSeconds: found.retryAfterSeconds, errors: { receiptCode: '查询太频繁，请过一段时间再试。' } };
    return { ...outcome, kind: found.kind, errors: found.errors };
  };
}
