import type { APIRoute } from 'astro';
import { json } from '../src/server/http';
import { runtime } from '../src/server/runtime';

/** GET /api/health — 200 when the store answers, else 503. */
export const GET: APIRoute = async () => {
  try {
    const rt = await runtime();
    const up = await rt.store.ping();
    return json(up ? 200 : 503, { store: up ? 'up' : 'down' });
  } catch {
    return json(503, { store: 'down' });
  }
};
