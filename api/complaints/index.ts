import type { APIRoute } from 'astro';
import { HttpError, clientOf, readFields } from '../../src/server/http';
import { answerJson } from '../../src/server/outcomes';

/** POST /api/complaints — the contract is in DESIGN.md. */
export const POST: APIRoute = async (context) => {
  const { request, locals } = context;
  try {
    const { fields } = await readFields(request);
    const key = request.headers.get('idempotency-key')?.trim();
    if (key !== undefined && (key.length < 8 || key.length > 200))
      return answerJson({ kind: 'invalid' }, { errors: { idempotencyKey: 'Idempotency-Key 应为 8 到 200 个字符' } });
    const result = await locals.services.submitComplaint(fields, { ...clientOf(context), ...(key ? { idempotencyKey: key } : {}) });
    switch (result.kind) {
      case 'filed':
        return answerJson(result, result.answer);
      case 'limited':
        // A shared address (a school's Wi-Fi, a carrier's NAT) can go on with a proof of work: GET the challenge, send `proof`.
        return answerJson(result, { errors: { rate: '提交太频繁，请稍后再试。' }, challenge: '/api/challenge' });
      default:
        return answerJson(result, { errors: result.errors });
    }
  } catch (error) {
    if (error instanceof HttpError) return answerJson(error, { errors: error.errors });
    throw error;
  }
};
