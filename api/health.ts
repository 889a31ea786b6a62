import type { APIRoute } from 'astro';
import { json } from '../src/server/http';

/** GET /api/health — 200 when the store answers, else 503; with `Authorization: Bearer $CRON_SECRET`, the operator's detail. */
export const GET: APIRoute = async ({ locals, request }) => {
  const { status, body } = await locals.services.health(request.headers.get('authorization'));
  return json(status, body);
};
