import type { APIRoute } from 'astro';
import { HttpError, readFields } from '../../src/server/http';
import { answerJson } from '../../src/server/outcomes';

/**
 * POST /api/receipts/verify with { receipt }: whether this site signed the
 * receipt, and what it says (reference, day filed, bureau, deadline).
 * `{ valid: false, error }` with 200 for a receipt that is not ours or was
 * changed; 422 when no receipt was given.
 */
export const POST: APIRoute = async ({ request, locals }) => {
  try {
    const { fields } = await readFields(request);
    const pasted = fields && typeof fields === 'object' ? (fields as Record<string, unknown>).receipt : undefined;
    const { kind, ...verdict } = await locals.services.verifyReceipt(pasted);
    return answerJson({ kind }, verdict);
  } catch (error) {
    if (error instanceof HttpError) return answerJson(error, { errors: error.errors });
    throw error;
  }
};
