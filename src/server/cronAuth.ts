import { timingSafeEqual } from 'node:crypto';
import { runtime } from './runtime';

/** True when the request carries `Authorization: Bearer $CRON_SECRET` (Vercel's cron sends exactly that). */
export async function isCronRequest(request: Request): Promise<boolean> {
  const { config } = await runtime();
  if (!config.cronSecret) return false;
  const given = Buffer.from(request.headers.get('authorization') ?? '');
  const expected = Buffer.from(`Bearer ${config.cronSecret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
