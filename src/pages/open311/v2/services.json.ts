import type { APIRoute } from 'astro';
import { json } from '../../../server/http';
import { services } from '../../../server/services/open311';

export const prerender = false;

/** Open311 GeoReport v2: the aspects of the campaign as services. */
export const GET: APIRoute = ({ locals }) => json(200, services(locals.registry), { 'Cache-Control': 'public, max-age=3600' });
