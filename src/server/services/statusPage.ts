import type { PublicView } from '../../domain/publicView';
import type { FormBody } from '../http';
import type { IntakeService } from './intake';
import { actionFromForm, type ActOnComplaint } from './actions';
import type { Client } from './client';
import type { OutcomeKind } from './outcome';
import type { ParentReply, PostedReply } from './parentReply';

export interface StatusOutcome {
  /** What the page answers as: `ok`, or why the lookup or the parent's action was refused. */
  kind: OutcomeKind;
  retryAfterSeconds?: number;
  /** The code as typed, kept in the form (and in the confirm/dispute forms' bodies). */
  code: string;
  view?: PublicView;
  errors: Record<string, string>;
  /** The result of the parent's confirm or dispute. */
  actionDone?: string;
  actionError?: string;
  /** The reply form as shown again after a refusal (its words and images kept), or empty. */
  reply: { text: string; errors: Record<string, string> };
  /** The images of the reply form so far; undefined when this site takes no images. */
  replyEvidence?: string[];
}

/**
 * The parent's status page. The receipt code is their only credential: it
 * travels in a POST body, never in a URL, so it stays out of history, logs
 * and referrers. With it, they may confirm or dispute the bureau's answer.
 */
export function statusPageService(deps: { intake: IntakeService; act: ActOnComplaint; reply: ParentReply; takesImages: boolean }) {
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
      if (replied.kind === 'ok') return { ...outcome, actionDone: '已发送回复。教育局办理时会看到。', view: await deps.intake.view(replied.record) };
      return {
        ...outcome,
        kind: replied.kind,
        view: found.view,
        reply: { text: replied.text, errors: replied.errors },
        ...(deps.takesImages ? { replyEvidence: replied.evidence } : {}),
      };
    }
    if (found.kind === 'ok' && (action?.type === 'confirm' || action?.type === 'dispute')) {
      const acted = await deps.act(found.view.reference, action, { kind: 'parent' }, request.client);
      if (acted.kind === 'ok') {
        outcome.actionDone = action.type === 'confirm' ? '谢谢，您已确认答复。' : '已提交异议，教育局会复核后重新答复。';
        return { ...outcome, view: await deps.intake.view(acted.record) };
      } else {
        outcome.actionError = acted.error;
        outcome.kind = acted.kind;
      }
    }
    if (found.kind === 'ok') return { ...outcome, view: found.view };
    if (found.kind === 'limited')
      return { ...outcome, kind: 'limited', retryAfterSeconds: found.retryAfterSeconds, errors: { receiptCode: '查询太频繁，请过一段时间再试。' } };
    return { ...outcome, kind: found.kind, errors: found.errors };
  };
}
