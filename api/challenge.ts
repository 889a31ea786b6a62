import type { APIRoute } from 'astro';
import { answerJson } from '../src/server/outcomes';

/**
 * GET /api/challenge — a proof-of-work challenge (ALTCHA's format:
 * `{ algorithm, challenge, maxnumber, salt, signature }`). Whoever solves it
 * sends the solution as `proof` with a filing, which then counts against the
 * higher limit (docs/operations.md). Making one costs the server a hash and an HMAC.
 */
export const GET: APIRoute = async ({ locals }) => answerJson({ kind: 'ok' }, await locals.services.proofChallenge());
