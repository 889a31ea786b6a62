import type { APIRoute } from 'astro';
import { HttpError, clientOf, readFields } from '../../src/server/http';
import { answerJson } from '../../src/server/outcomes';

/**
 * POST /api/complaints/status with { receiptCode }: the code travels in the body, never in a URL.
 * With `action` the parent acts as on the status page: `reply` (with `reply`, the words) answers the
 * bureau's question, `confirm` or `dispute` (with `reason`) the bureau's answer; images only through the page's form.
 */
export const POST: APIRoute = async (context) => {
  const { request, locals } = context;
  try {
    const { fields } = await readFields(request);
    const given = fields && typeof fields === 'object' && !Array.isArray(fields) ? (fields as Record<string, unknown>) : {};
    if (typeof given.action === 'string') {
      const strings = Object.fromEntries(Object.entries(given).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const outcome = await locals.services.statusPage({ body: { ok: true, fields: strings }, client: clientOf(context) });
      if (Object.keys(outcome.reply.errors).length > 0) return answerJson(outcome, { errors: outcome.reply.errors });
      if (outcome.actionError) return answerJson(outcome, { errors: { action: outcome.actionError } });
      if (outcome.view) return answerJson(outcome, outcome.view);
      if (outcome.kind === 'limited') return answerJson(outcome, { errors: { rate: '查询太频繁，请稍后再试。' } });
      return answerJson(outcome, { errors: outcome.errors });
    }
    const result = await locals.services.lookupComplaint(given.receiptCode, clientOf(context));
    if (result.kind === 'ok') return answerJson(result, result.view);
    if (result.kind === 'limited') return answerJson(result, { errors: { rate: '查询太频繁，请稍后再试。' } });
    return answerJson(result, { errors: result.errors });
  } catch (error) {
    if (error instanceof HttpError) return answerJson(error, { errors: error.errors });
    throw error;
  }
};
