import type { APIRoute } from 'astro';
import { HttpError, clientOf, json, readFields } from '../../src/server/http';

/** POST /api/complaints/status with { receiptCode }: the code travels in the body, never in a URL. */
export const POST: APIRoute = async (context) => {
  const { request, locals } = context;
  try {
    const { fields } = await readFields(request);
    const code = fields && typeof fields === 'object' ? (fields as Record<string, unknown>).receiptCode : undefined;
    const result = await locals.services.lookupComplaint(code, clientOf(context));
    if (result.status === 200) return json(200, result.view);
    if (result.status === 429) return json(429, { errors: { rate: '查询太频繁，请稍后再试。' } }, { 'Retry-After': String(result.retryAfterSeconds) });
    return json(result.status, { errors: result.errors });
  } catch (error) {
    if (error instanceof HttpError) return json(error.status, { errors: error.errors });
    throw error;
  }
};
