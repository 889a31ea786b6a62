import type { APIRoute } from 'astro';
import { answerJson } from '../../src/server/outcomes';

/** Daily (and hourly on the Node server's timer): queues and sends duty reminders, bureaus' weekly digests and the office's summary, each once. */
export const GET: APIRoute = async ({ request, locals }) => {
  const answer = await locals.services.remindDuties(request.headers.get('authorization'));
  return answerJson(answer, answer.body);
};
export const POST = GET;
