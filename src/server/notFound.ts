/**
 * A 404 that Astro answers with the site's 404 page (src/pages/404.astro), as it does for a path no route
 * matches: a page returning a bare 404 would send an empty body. The header is Astro's own signal for that
 * (ASTRO_ERROR_HEADER in astro/dist/core/constants.js); Astro removes it before the answer leaves.
 */
export const notFound = () => new Response(null, { status: 404, headers: { 'X-Astro-Error': 'true' } });
