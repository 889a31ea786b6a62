// @ts-check
/**
 * Headers for every response of the Node server (Vercel gets the same from
 * vercel.json). The page's own CSP <meta> carries script and style hashes;
 * this header adds what a <meta> cannot: frame-ancestors.
 * @param {string} url request path and query
 * @returns {Array<[string, string]>}
 */
export function securityHeaders(url) {
  const sensitive = /^\/(report|answer|api)(\/|$|\?)/.test(url);
  const headers = /** @type {Array<[string, string]>} */ ([
    ['X-Content-Type-Options', 'nosniff'],
    // Pages with forms use `same-origin`, not `no-referrer`: under
    // `no-referrer` browsers send `Origin: null` with a form POST (Fetch
    // standard, "serializing a request origin"), and Astro's origin check then
    // refuses the parent's own submission with 403. `same-origin` still sends
    // nothing to any other site, which is what the rule is for.
    ['Referrer-Policy', sensitive ? 'same-origin' : 'no-referrer'],
    ['Content-Security-Policy', "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
  ]);
  // Report, status, bureau answer pages and the API carry personal or secret data: never cache.
  if (sensitive) headers.push(['Cache-Control', 'no-store']);
  else if (url.startsWith('/_astro/')) headers.push(['Cache-Control', 'public, max-age=31536000, immutable']);
  return headers;
}
