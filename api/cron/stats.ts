import type { APIRoute } from 'astro';
import { answerJson } from '../../src/server/outcomes';

/** Hourly: recomputes the public statistics snapshot (/stats/, /open-data/). Scheduled in vercel.json. */
export const GET: APIRoute = async ({ request, locals }) => {
  const answer = await locals.services.refreshStats(request.headers.get('authorization'));
  return answerJson(answer, answer.body);
};
export const POST = GET;
