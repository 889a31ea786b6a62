// @ts-check
/**
 * The security headers, in one place for both hosts: the Node server sets
 * `siteHeaders` on every response (scripts/serve.mjs), vercel.json and the
 * Vercel build output carry the same, which a test keeps equal
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

/** The same as vercel.json's `headers` (Vercel's own output gets them from src/integrations/vercelOutput.mjs). */
export function vercelHeaders() {
  return [{ source: '/(.*)', headers: siteHeaders.map(([key, value]) => ({ key, value })) }];
}
