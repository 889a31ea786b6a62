import type { APIRoute } from 'astro';
import { clientOf, responseOf } from '../../src/server/http';
import { answerFiling } from '../../src/server/complaintsEndpoint';

/** POST /api/complaints — the contract is in DESIGN.md; the handling is src/server/complaintsEndpoint.ts, shared with the Node server's own path. */
export const POST: APIRoute = async (context) => responseOf(await answerFiling(context.locals.services.submitComplaint, context.request, clientOf(context)));
