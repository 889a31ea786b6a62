import type { APIContext } from 'astro';
import { json } from '../../server/http';
import { storeSearchIndex } from '../../search/liveIndex';
import { storeNoticeHits } from '../../search/storeAnswer';

// On demand: the notices published in the site since the build match `q` (GET /search/notices.json?q=…). The
// browser's search (scripts/searchEnhance.ts) asks this beside Pagefind, whose index is written at build time and
// cannot hold them; the no-JavaScript /search/ answers them itself. Public data only: titles, publishers, dates.
export const prerender = false;

export async function GET(context: APIContext) {
  // planQuery (query.ts) cuts what was typed to its limits, as for /search/.
  return json(200, await storeNoticeHits(context.url.searchParams.get('q') ?? '', storeSearchIndex(context.locals.catalogue!)));
}
