import type { APIRoute } from 'astro';
import { fileOf, notFound, open311Response, outcomeResponse, withAnswers } from '../../../server/open311Http';
import { discovery, requests, services } from '../../../server/services/open311';

export const prerender = false;

/** When this endpoint's definition last changed (Open311's `changeset`): bump it with the API, not with the data. */
const CHANGESET = '2026-12-07T00:00:00Z';

/** Open311 GeoReport v2, read-only: discovery, services and requests, each as .json or .xml. */
export const GET: APIRoute = async ({ params, url, locals }) => {
  const file = fileOf(params.file);
  if (!file) return notFound();
  switch (file.name) {
    case 'discovery':
      return open311Response(file.format, 200, 'discovery', discovery(url.origin, locals.registry, CHANGESET), 3600);
    case 'services':
      return open311Response(file.format, 200, 'services', services(locals.registry), 3600);
    case 'requests':
      return withAnswers(file.format, locals.services.publicAnswers, (answers) =>
        outcomeResponse(file.format, 'service_requests', requests(answers, locals.registry, url.searchParams), 300),
      );
    default:
      return notFound(file.format);
  }
};
