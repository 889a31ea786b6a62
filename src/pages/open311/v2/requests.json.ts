import type { APIRoute } from 'astro';
import { json, storeIsDown } from '../../../server/http';
import { requests } from '../../../server/services/open311';

export const prerender = false;

/** Open311 GeoReport v2: only the answers parents allowed to be published, as closed requests. Read-only. */
export const GET: APIRoute = async ({ url, locals }) => {
  try {
    return json(200, requests(await locals.services.publicAnswers(), locals.registry, url.searchParams), { 'Cache-Control': 'public, max-age=300' });
  } catch (error) {
    if (!storeIsDown(error)) throw error;
    return json(503, [{ code: 503, description: '暂时无法读取，请稍后再试' }]);
  }
};
