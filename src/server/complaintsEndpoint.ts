import { HttpError, readFields, type BodySource, type JsonAnswer } from './http';
import { outcomeJson } from './outcomes';
import type { Client } from './services/client';
import type { IntakeService } from './services/intake';

/**
 * POST /api/complaints — the contract is in DESIGN.md. The one handling of a
 * filing over the API: Astro's endpoint (api/complaints/index.ts) answers
 * with it, and so does the Node server's own path for the same requests
 * (src/server/filingFastPath.ts), which skips Astro's request pipeline.
 */
export async function answerFiling(submit: IntakeService['submit'], request: BodySource, client: Client): Promise<JsonAnswer> {
  try {
    const { fields } = await readFields(request);
    const key = request.headers.get('idempotency-key')?.trim();
    if (key !== undefined && (key.length < 8 || key.length > 200))
      return outcomeJson({ kind: 'invalid' }, { errors: { idempotencyKey: 'Idempotency-Key 应为 8 到 200 个字符' } });
    const result = await submit(fields, { ...client, ...(key ? { idempotencyKey: key } : {}) });
    switch (result.kind) {
      case 'filed':
        return outcomeJson(result, result.answer);
      case 'limited':
        // A shared address (a school's Wi-Fi, a carrier's NAT) can go on with a proof of work: GET the challenge, send `proof`.
        return outcomeJson(result, { errors: { rate: '提交太频繁，请稍后再试。' }, challenge: '/api/challenge' });
      default:
        return outcomeJson(result, { errors: result.errors });
    }
  } catch (error) {
    if (error instanceof HttpError) return outcomeJson(error, { errors: error.errors });
    throw error;
  }
}
