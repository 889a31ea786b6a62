import type { APIRoute } from 'astro';
import { answerJson } from '../../src/server/outcomes';

/** Daily: emails the supervision office every complaint past its legal deadline. */
export const GET: APIRoute = async ({ request, locals }) => {
  const answer = await locals.services.overdue(request.headers.get('authorization'));
  return answerJson(answer, answer.body);
};
export const POST = GET;
