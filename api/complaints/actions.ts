import type { APIRoute } from 'astro';
import { HttpError, clientOf, readFields } from '../../src/server/http';
import { answerJson } from '../../src/server/outcomes';

/**
 * POST /api/complaints/actions with { t, action, … }: the bureau acts through its signed link as on
 * /answer/ (services/answerPage.ts), the same fields as its forms: `ask` with `question`, `accept`,
 * `reject` or `extend` with `reason`, `transfer` with `to` and `reason`, `resolve` with `answer`.
 * 200 with the complaint as the bureau reads it (the thread opened, never the contact details).
 */
export const POST: APIRoute = async (context) => {
  const { request, locals } = context;
  try {
    const { fields } = await readFields(request);
    const given = fields && typeof fields === 'object' && !Array.isArray(fields) ? (fields as Record<string, unknown>) : {};
    const strings = Object.fromEntries(Object.entries(given).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const outcome = await locals.services.answerPage({ query: new URLSearchParams(), body: { ok: true, fields: strings }, client: clientOf(context) });
    if (outcome.show === 'refusal') return answerJson(outcome, { errors: { t: outcome.message } });
    if (outcome.problem) return answerJson(outcome, { errors: { action: outcome.problem } });
    return answerJson(outcome, outcome.view);
  } catch (error) {
    if (error instanceof HttpError) return answerJson(error, { errors: error.errors });
    throw error;
  }
};
