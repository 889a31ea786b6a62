import type { APIRoute } from 'astro';
import { HttpError, clientOf, readFields } from '../../src/server/http';
import { answerJson } from '../../src/server/outcomes';

/** POST /api/complaints/status with { receiptCode }: the code travels in the body, never in a URL. */
export const POST: APIRoute = async (context) => {
  const { request, locals } = context;
  try {
    const { fields } = await readFields(request);
    const code = fields && typeof fields === 'object' ? (fields as Record<string, unknown>).receiptCode : undefined;
    const result = await locals.services.lookupComplaint(code, clientOf(context));
    if (result.kind === 'ok') return answerJson(result, result.view);
    if (result.kind === 'limited') return answerJson(result, { errors: { rate: '查询太频繁，请稍后再试。' } });
    return answerJson(result, { errors: result.errors });
  } catch (error) {
    if (error instanceof HttpError) return answerJson(error, { errors: error.errors });
    throw error;
  }
};
