import type { APIRoute } from 'astro';
import { json } from '../../../server/http';
import { discovery } from '../../../server/services/open311';

export const prerender = false;

/** When this endpoint's definition last changed (Open311's `changeset`): bump it with the API, not with the data. */
const CHANGESET = '2026-12-02T00:00:00Z';

/** Open311 GeoReport v2 service discovery. */
export const GET: APIRoute = ({ url, locals }) => json(200, discovery(url.origin, locals.registry, CHANGESET), { 'Cache-Control': 'public, max-age=3600' });
