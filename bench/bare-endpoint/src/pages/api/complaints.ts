import type { APIRoute } from 'astro';

export const prerender = false;

/** Reads the body and answers 201 with small JSON, as the floor does without the Redis SET. */
export const POST: APIRoute = async ({ request }) => {
  await request.text();
  return new Response('{"id":1}', { status: 201, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
};
