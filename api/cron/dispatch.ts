import type { APIRoute } from 'astro';
import { json } from '../../src/server/http';

/** The safety net: sends every due notification (retries included). Scheduled in vercel.json. */
export const GET: APIRoute = async ({ request, locals }) => {
  const { status, body } = await locals.services.dispatch(request.headers.get('authorization'));
  return json(status, body);
};
export const POST = GET;
