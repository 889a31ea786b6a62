import type { APIRoute } from 'astro';
import { json } from '../src/server/http';

/** GET /api/health — 200 when the store answers, else 503; reports notifications that failed for good. */
export const GET: APIRoute = async ({ locals }) => {
  const { status, body } = await locals.services.health();
  return json(status, body);
};
