import type { APIRoute } from 'astro';
import { json } from '../../src/server/http';
import { isCronRequest } from '../../src/server/cronAuth';
import { runDispatch } from '../../src/server/dispatcher';

/** The safety net: sends every due notification (retries included). Scheduled in vercel.json. */
export const GET: APIRoute = async ({ request }) => {
  if (!(await isCronRequest(request))) return json(401, { errors: { authorization: 'Bearer CRON_SECRET required' } });
  return json(200, await runDispatch());
};
export const POST = GET;
