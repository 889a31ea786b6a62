import type { APIRoute } from 'astro';
import { json } from '../../src/server/http';

/** Hourly: recomputes the public statistics snapshot (/stats/, /open-data/). Scheduled in vercel.json. */
export const GET: APIRoute = async ({ request, locals }) => {
  const { status, body } = await locals.services.refreshStats(request.headers.get('authorization'));
  return json(status, body);
};
export const POST = GET;
