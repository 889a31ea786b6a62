import type { APIRoute } from 'astro';
import { answerJson } from '../../src/server/outcomes';

/** The safety net: sends every due notification (retries included). Scheduled in vercel.json. */
export const GET: APIRoute = async ({ request, locals }) => {
  const answer = await locals.services.dispatch(request.headers.get('authorization'));
  return answerJson(answer, answer.body);
};
export const POST = GET;
