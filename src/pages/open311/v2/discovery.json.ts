import type { APIRoute } from 'astro';
import { json } from '../../../server/http';
import { discovery } from '../../../server/services/open311';

export const prerender = false;

/** Open311 GeoReport v2 service discovery. */
export const GET: APIRoute = ({ url, locals }) => json(200, discovery(url.origin, locals.registry, '2026-12-02T00:00:00Z'), { 'Cache-Control': 'public, max-age=3600' });
