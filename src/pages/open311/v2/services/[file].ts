import type { APIRoute } from 'astro';
import { fileOf, notFound, outcomeResponse } from '../../../../server/open311Http';
import { serviceDefinition } from '../../../../server/services/open311';

export const prerender = false;

/** Open311 GeoReport v2: a service's definition (services/{service_code}.json|xml). */
export const GET: APIRoute = ({ params, locals }) => {
  const file = fileOf(params.file);
  return file ? outcomeResponse(file.format, 'service_definition', serviceDefinition(locals.registry, file.name), 3600) : notFound();
};
