// @ts-check
/**
 * The security headers and policies, defined here and nowhere else. The
 * Node server sets `siteHeaders` on every response (scripts/serve.mjs, and
 * src/server/finishedPages.mjs for the pages it answers from memory); the
 * Vercel Build Output is written from them at build
 * (src/integrations/pagePolicies.mjs); vercel.json, which Vercel reads before
 * any build runs, carries `vercelHeaders()`, and a test fails when it differs
 * (tests/unit/securityHeaders.test.ts).
 *
 * On-demand responses also get `onDemandHeaders` (and `fallbackPolicy` when
 * they are not pages) from the middleware, which runs for the route that
 * actually answered, whatever spelling of its path the request used. The
 * cache rule for fingerprinted assets is the adapters' own: they set it only
 * on a file that exists.
 */

/**
 * The site's own CSP directives. Astro puts them, with the hashes of each
 * page's scripts and styles, into the one policy of every page, static or on
 * demand (astro.config.mjs); answers that are not pages get `fallbackPolicy`.
 */
export const siteDirectives = /** @type {const} */ (["frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'"]);

/** The policy of an answer that is not a page (JSON, an error text): nothing may run, nothing may frame it. */
export const fallbackPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The policy of an evidence image (src/server/imageResponse.ts): the response
 * can be nothing but an image: no script, no style, no frame, a sandbox, and
 * only this origin may embed it.
 */
export const imagePolicy = "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** On every response. */
export const siteHeaders = /** @type {const} */ ([
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  // For browsers that predate frame-ancestors.
  ['X-Frame-Options', 'DENY'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
]);

/**
 * On every on-demand response: they carry personal data or secrets, so no
 * cache keeps them unless a response says otherwise. Pages with forms use
 * `same-origin`, not `no-referrer`: under `no-referrer` browsers send
 * `Origin: null` with a form POST (Fetch standard, "serializing a request
 * origin"), and Astro's origin check then refuses the parent's own submission
 * with 403. `same-origin` still sends nothing to any other site.
 */
export const onDemandHeaders = /** @type {const} */ ([
  ['Cache-Control', 'no-store'],
  ['Referrer-Policy', 'same-origin'],
]);

/**
 * What an on-demand answer gets on top of its own headers: `onDemandHeaders`
 * (but its own Cache-Control when it chose one) and `fallbackPolicy` when it
 * carries no policy. The middleware adds them to Astro's answers; the Node
 * server's own path for filings to its answers (src/server/filingFastPath.ts).
 * @param {(name: string) => boolean} has whether the answer already carries a header (any case)
 * @returns {Array<readonly [string, string]>}
 */
export function onDemandAdditions(has) {
  /** @type {Array<readonly [string, string]>} */
  const added = onDemandHeaders.filter(([name]) => !(name === 'Cache-Control' && has(name)));
  // Pages carry Astro's policy; anything else may run nothing and be framed by nothing.
  if (!has('Content-Security-Policy')) added.push(['Content-Security-Policy', fallbackPolicy]);
  return added;
}

/** vercel.json's `headers` (the Build Output gets them from src/integrations/pagePolicies.mjs). */
export function vercelHeaders() {
  return [{ source: '/(.*)', headers: siteHeaders.map(([key, value]) => ({ key, value })) }];
}
