import type { APIRoute } from 'astro';
import { json } from '../../../server/http';
import { requests } from '../../../server/services/open311';
import { StoreUnavailableError } from '../../../ports/complaintStore';

export const prerender = false;

/** Open311 GeoReport v2: only the answers parents allowed to be published, as closed requests. Read-only. */
export const GET: APIRoute = async ({ url, locals }) => {
  try {
    return json(200, requests(await locals.services.publicAnswers(), locals.registry, url.searchParams), { 'Cache-Control': 'public, max-age=300' });
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    return json(503, [{ code: 503, description: '暂时无法读取，请稍后再试' }]);
  }
};
