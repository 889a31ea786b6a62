import type { APIRoute } from 'astro';
import { json } from '../src/server/http';

/**
 * GET /api/challenge — a proof-of-work challenge (ALTCHA's format:
 * `{ algorithm, challenge, maxnumber, salt, signature }`). Whoever solves it
 * sends the solution as `proof` with a filing, which then counts against the
 * higher limit (docs/operations.md). Making one costs the server a hash and an HMAC.
 */
export const GET: APIRoute = async ({ locals }) => json(200, await locals.services.proofChallenge());
