import type { APIRoute } from 'astro';
import { HttpError, clientOf, readFields } from '../../src/server/http';
import { answerJson } from '../../src/server/outcomes';

/** The string fields of a JSON or form body: the status page's service reads nothing else. */
const stringFields = (fields: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(fields && typeof fields === 'object' ? fields : {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

/**
 * POST /api/complaints/status with { receiptCode }: the code travels in the body, never in a URL.
 * With `action` the parent acts on their complaint, as on the status page: `rate` (with `rating` and
 * `reason`), `confirm`, `dispute` (with `reason`), `followUp` (with `answer`), `reply` (with `reply`,
 * the words; images only through the page's form) or `escalate`: 200 with the view, 422 with
 * `errors.action` (or the reply's field errors) when refused.
 */
export const POST: APIRoute = async (context) => {
  const { request, locals } = context;
  try {
    const { fields } = await readFields(request);
    const code = fields && typeof fields === 'object' ? (fields as Record<string, unknown>).receiptCode : undefined;
    const action = fields && typeof fields === 'object' ? (fields as Record<string, unknown>).action : undefined;
    if (typeof action === 'string' && typeof code === 'string') {
      const acted = await locals.services.statusPage({ body: { ok: true, fields: stringFields(fields) }, client: clientOf(context) });
      if (Object.keys(acted.reply.errors).length > 0) return answerJson(acted, { errors: acted.reply.errors });
      if (acted.view && acted.actionDone) return answerJson(acted, { ...acted.view, ...(acted.recurrence ? { recurrence: acted.recurrence } : {}) });
      if (acted.actionError) return answerJson(acted, { errors: { action: acted.actionError } });
      if (acted.kind === 'limited') return answerJson(acted, { errors: { rate: '查询太频繁，请稍后再试。' } });
      if (acted.kind !== 'ok') return answerJson(acted, { errors: acted.errors });
      return answerJson({ kind: 'invalid' }, { errors: { action: '不认识的操作：可用 rate、confirm、dispute、followUp、reply、escalate' } });
    }
    const result = await locals.services.lookupComplaint(code, clientOf(context));
    if (result.kind === 'ok') return answerJson(result, result.view);
    if (result.kind === 'limited') return answerJson(result, { errors: { rate: '查询太频繁，请稍后再试。' } });
    return answerJson(result, { errors: result.errors });
  } catch (error) {
    if (error instanceof HttpError) return answerJson(error, { errors: error.errors });
    throw error;
  }
};
