import type { APIRoute } from 'astro';
import { answerJson } from '../../src/server/outcomes';

/** Deletes evidence images left without a complaint (pending past a day, or whose complaint is gone). Scheduled in vercel.json. */
export const GET: APIRoute = async ({ request, locals }) => {
  const answer = await locals.services.sweepEvidence(request.headers.get('authorization'));
  return answerJson(answer, answer.body);
};
export const POST = GET;
