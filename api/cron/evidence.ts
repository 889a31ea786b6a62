import type { APIRoute } from 'astro';
import { json } from '../../src/server/http';

/** Deletes evidence images left without a complaint (pending past a day, or whose complaint is gone). Scheduled in vercel.json. */
export const GET: APIRoute = async ({ request, locals }) => {
  const { status, body } = await locals.services.sweepEvidence(request.headers.get('authorization'));
  return json(status, body);
};
export const POST = GET;
