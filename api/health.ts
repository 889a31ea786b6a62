import type { APIRoute } from 'astro';
import { answerJson } from '../src/server/outcomes';

/** GET /api/health — 200 when the store answers, else 503; with `Authorization: Bearer $CRON_SECRET`, the operator's detail. */
export const GET: APIRoute = async ({ locals, request }) => {
  const answer = await locals.services.health(request.headers.get('authorization'));
  return answerJson(answer, answer.body);
};
