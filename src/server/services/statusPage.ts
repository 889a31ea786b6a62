import type { PublicView } from '../../domain/publicView';
import type { FormBody } from '../http';
import type { IntakeService } from './intake';
import { actionFromForm, type ActOnComplaint } from './actions';
import type { Client } from './client';
import type { OutcomeKind } from './outcome';

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
}

/** What the page says after each step the parent may take on it. */
const DONE: Partial<Record<string, string>> = {
  confirm: '谢谢，您已确认答复。',
  dispute: '已提交异议，教育局会复核后重新答复。',
  escalate: '已请求上级督办。市督导部门和教育局都已收到通知。',
};

/**
 * The parent's status page. The receipt code is their only credential: it
 * travels in a POST body, never in a URL, so it stays out of history, logs
 * and referrers. With it, they may confirm or dispute the bureau's answer.
 */
export function statusPageService(deps: {
  intake: IntakeService;
  act: ActOnComplaint;
  /** Adds the rectification items the complaint became (issue 24: the parent follows the school's ledger row). */
  withItems?: (view: PublicView) => Promise<PublicView>;
}) {
  const withItems = (view: PublicView) => (deps.withItems ? deps.withItems(view) : view);
  return async (request: { body?: FormBody; client: Client }): Promise<StatusOutcome> => {
    const { body } = request;
    if (!body) return { kind: 'ok', code: '', errors: {} };
    if (!body.ok) return { kind: body.kind, code: '', errors: body.errors };
    const code = body.fields.receiptCode ?? '';
    const found = await deps.intake.lookup(code, request.client);
    const action = actionFromForm(body.fields);
    const outcome: StatusOutcome = { kind: 'ok', code, errors: {} };
    if (found.kind === 'ok' && action && action.type in DONE) {
      const acted = await deps.act(found.view.reference, action, { kind: 'parent' }, request.client);
      if (acted.kind === 'ok') {
        outcome.actionDone = DONE[action.type];
        return { ...outcome, view: await withItems(await deps.intake.view(acted.record)) };
      } else {
        outcome.actionError = acted.error;
        outcome.kind = acted.kind;
      }
    }
    if (found.kind === 'ok') return { ...outcome, view: await withItems(found.view) };
    if (found.kind === 'limited')
      return { ...outcome, kind: 'limited', retryAfterSeconds: found.retryAfterSeconds, errors: { receiptCode: '查询太频繁，请过一段时间再试。' } };
    return { ...outcome, kind: found.kind, errors: found.errors };
  };
}
