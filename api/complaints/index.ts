import type { APIRoute } from 'astro';
import { HttpError, clientOf, json, readFields } from '../../src/server/http';

/** POST /api/complaints — the contract is in DESIGN.md. */
export const POST: APIRoute = async (context) => {
  const { request, locals } = context;
  try {
    const { fields } = await readFields(request);
    const key = request.headers.get('idempotency-key')?.trim();
    if (key !== undefined && (key.length < 8 || key.length > 200)) return json(422, { errors: { idempotencyKey: 'Idempotency-Key 应为 8 到 200 个字符' } });
    const result = await locals.services.submitComplaint(fields, { ...clientOf(context), ...(key ? { idempotencyKey: key } : {}) });
    switch (result.status) {
      case 201:
        return json(201, result.answer);
      case 429:
        // A shared address (a school's Wi-Fi, a carrier's NAT) can go on with a proof of work: GET the challenge, send `proof`.
        return json(429, { errors: { rate: '提交太频繁，请稍后再试。' }, challenge: '/api/challenge' }, { 'Retry-After': String(result.retryAfterSeconds) });
      default:
        return json(result.status, { errors: result.errors });
    }
  } catch (error) {
    if (error instanceof HttpError) return json(error.status, { errors: error.errors });
    throw error;
  }
};
