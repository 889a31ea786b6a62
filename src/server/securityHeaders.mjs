// @ts-check
/**
 * The security headers, in one place for both hosts: the Node server sets
 * them from here (scripts/serve.mjs) and vercel.json carries the same, which
 * a test keeps equal (tests/unit/securityHeaders.test.ts).
 *
 * On-demand responses also get `onDemandHeaders` from the middleware, which
 * runs for the route that actually answered, whatever spelling of its path
 * the request used.
 */

/** On every response. The page's own CSP (hashes of its scripts and styles) comes from Astro. */
export const siteHeaders = /** @type {const} */ ([
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['Content-Security-Policy', "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
]);

/** Fingerprinted build assets never change. */
export const assetCache = 'public, max-age=31536000, immutable';

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
 * The Node server's headers for a request path.
 * @param {string} url request path and query
 * @returns {Array<readonly [string, string]>}
 */
export function securityHeaders(url) {
  return url.startsWith('/_astro/') ? [...siteHeaders, ['Cache-Control', assetCache]] : [...siteHeaders];
}

/** The same rules as vercel.json's `headers`. */
export function vercelHeaders() {
  const entries = (/** @type {ReadonlyArray<readonly [string, string]>} */ list) => list.map(([key, value]) => ({ key, value }));
  return [
    { source: '/(.*)', headers: entries(siteHeaders) },
    { source: '/_astro/(.*)', headers: entries([['Cache-Control', assetCache]]) },
  ];
}
