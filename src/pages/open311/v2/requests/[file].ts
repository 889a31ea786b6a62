import type { APIRoute } from 'astro';
import { fileOf, notFound, outcomeResponse, withAnswers } from '../../../../server/open311Http';
import { request } from '../../../../server/services/open311';

export const prerender = false;

/** Open311 GeoReport v2: one request (requests/{service_request_id}.json|xml), a published answer only. */
export const GET: APIRoute = async ({ params, locals }) => {
  const file = fileOf(params.file);
  if (!file) return notFound();
  return withAnswers(file.format, locals.services.publicAnswers, (answers) =>
    outcomeResponse(file.format, 'service_requests', request(answers, locals.registry, file.name), 300),
  );
};
