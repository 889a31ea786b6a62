import type { APIRoute } from 'astro';
import { json } from '../../src/server/http';

/** Daily: emails the supervision office every complaint past its legal deadline. */
export const GET: APIRoute = async ({ request, locals }) => {
  const { status, body } = await locals.services.overdue(request.headers.get('authorization'));
  return json(status, body);
};
export const POST = GET;
