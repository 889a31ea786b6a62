import type { APIRoute } from 'astro';
import { json } from '../src/server/http';
import { runtime } from '../src/server/runtime';
import { kickDispatch } from '../src/server/dispatcher';

/** GET /api/health — 200 when the store answers, else 503; reports notifications that failed for good. */
export const GET: APIRoute = async () => {
  try {
    const rt = await runtime();
    if (!(await rt.store.ping())) return json(503, { store: 'down' });
    // The Node server calls this once at start: it also sends what was left
    // queued before a restart and starts the retry timer.
    void kickDispatch();
    const dead = await rt.store.deadJobIds();
    return json(200, { store: 'up', mail: rt.mailer.describe.startsWith('Resend') ? 'resend' : 'outbox', deadLetters: dead.length });
  } catch {
    return json(503, { store: 'down' });
  }
};
