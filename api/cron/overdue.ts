import type { APIRoute } from 'astro';
import { json } from '../../src/server/http';
import { isCronRequest } from '../../src/server/cronAuth';
import { runOverdueDigest } from '../../src/server/dispatcher';

/** Daily: emails the supervision office every complaint past its legal deadline. */
export const GET: APIRoute = async ({ request }) => {
  if (!(await isCronRequest(request))) return json(401, { errors: { authorization: 'Bearer CRON_SECRET required' } });
  return json(200, await runOverdueDigest());
};
export const POST = GET;
