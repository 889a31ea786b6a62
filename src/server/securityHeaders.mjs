// @ts-check
/**
 * Headers for every response of the Node server (Vercel gets the same from
 * vercel.json). The page's own CSP <meta> carries script and style hashes;
 * this header adds what a <meta> cannot: frame-ancestors.
 * @param {string} url request path and query
 * @returns {Array<[string, string]>}
 */
export function securityHeaders(url) {
  const headers = /** @type {Array<[string, string]>} */ ([
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'no-referrer'],
    ['Content-Security-Policy', "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
  ]);
  // Report, status, bureau answer pages and the API carry personal or secret data: never cache.
  if (/^\/(report|answer|api)(\/|$|\?)/.test(url)) headers.push(['Cache-Control', 'no-store']);
  else if (url.startsWith('/_astro/')) headers.push(['Cache-Control', 'public, max-age=31536000, immutable']);
  return headers;
}
