// @ts-check
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { siteHeaders } from '../server/securityHeaders.mjs';

/**
 * The prerendered pages' Content-Security-Policies, one header per page
 * (`staticHeaders`: a <meta> cannot carry frame-ancestors), kept compact:
 * the policy most pages share, and the pages whose policy differs. The
 * adapters' own forms grow with the pages (a 15 MB `_headers.json` at 20,000
 * notices, matched by substring on every request; one Vercel route per page,
 * beyond Vercel's route limit) and miss spellings such as a trailing slash.
 */

/** @typedef {{ shared: string; pages: Record<string, string> }} PagePolicies */

/**
 * @param {Map<string, { headers: Headers }>} routeToHeaders
 * @returns {PagePolicies}
 */
export function compactPolicies(routeToHeaders) {
  const byPage = [...routeToHeaders].map(([pathname, { headers }]) => [pathname, headers.get('Content-Security-Policy') ?? '']);
  const counts = new Map();
  for (const [, policy] of byPage) counts.set(policy, (counts.get(policy) ?? 0) + 1);
  const shared = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  return { shared, pages: Object.fromEntries(byPage.filter(([, policy]) => policy !== shared)) };
}

/** Where the Node server finds them (scripts/serve.mjs). */
export const POLICIES_FILE = 'page-policies.json';

/**
 * An adapter whose output carries the compact policies: for the Node server
 * a small file beside the build instead of `_headers.json`; for Vercel its
 * Build Output completed by `completeVercelConfig`.
 * @param {import('astro').AstroIntegration} adapter
 * @param {'node' | 'vercel'} host
 * @returns {import('astro').AstroIntegration}
 */
export function withPagePolicies(adapter, host) {
  const { 'astro:config:done': configDone, 'astro:build:generated': generated, 'astro:build:done': done } = adapter.hooks;
  /** @type {import('astro').AstroConfig | undefined} */
  let config;
  /** @type {PagePolicies} */
  let policies = { shared: '', pages: {} };
  return {
    ...adapter,
    hooks: {
      ...adapter.hooks,
      'astro:config:done': async (options) => {
        config = options.config;
        await configDone?.(options);
      },
      'astro:build:generated': async (options) => {
        policies = compactPolicies(/** @type {any} */ (options).routeToHeaders ?? new Map());
        await generated?.(options);
      },
      'astro:build:done': async (options) => {
        await done?.(options);
        if (!config) return;
        if (host === 'node') {
          writeFileSync(fileURLToPath(new URL(POLICIES_FILE, config.outDir)), JSON.stringify(policies));
          rmSync(fileURLToPath(new URL('_headers.json', config.outDir)), { force: true });
          return;
        }
        const file = fileURLToPath(new URL('.vercel/output/config.json', config.root));
        if (existsSync(file)) writeFileSync(file, `${JSON.stringify(completeVercelConfig(JSON.parse(readFileSync(file, 'utf8')), policies), null, 2)}\n`);
      },
    },
  };
}

const escape = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A page's path in every spelling that serves it: with or without a trailing slash or index.html. */
const pagePattern = (/** @type {string} */ path) => `^${escape(path === '/' ? '' : path.replace(/\/$/, ''))}(?:/|/index\\.html)?$`;
const csp = (/** @type {string} */ value) => ({ 'content-security-policy': value });

/**
 * Vercel's Build Output routes with the site's rules:
 * - the security headers on every response (src/server/securityHeaders.mjs);
 * - the page policies in the `hit` phase, which applies only when a prerendered
 *   file answered (on-demand answers bring their own), and the 404 page's on
 *   every miss;
 * - the immutable cache of build assets only on files that exist (the
 *   adapter's rule applies to misses too, so a 404 under /_astro/ was cached a year).
 * @param {{ version: number; routes: Array<Record<string, any>> }} config
 * @param {PagePolicies} policies
 */
export function completeVercelConfig(config, policies) {
  const isAssetRule = (/** @type {Record<string, any>} */ r) => typeof r.src === 'string' && r.headers?.['cache-control']?.includes('immutable');
  const assetRule = config.routes.find(isAssetRule);
  const notFound = policies.pages['/404'] ?? policies.shared;
  const routes = config.routes
    .filter((r) => !isAssetRule(r) && !r.headers?.['content-security-policy'])
    .map((r) => (r.dest === '/404.html' ? { ...r, headers: { ...r.headers, ...csp(notFound) } } : r));
  const hitPhase = [
    ...Object.entries(policies.pages).map(([path, value]) => ({ src: pagePattern(path), headers: csp(value), continue: true })),
    // Pages only (no file extension, or .html): a policy on a script would bind the workers it starts.
    { src: '^(?:/[^.]*|/.*\\.html)$', headers: csp(policies.shared), continue: true },
    ...(assetRule ? [{ src: assetRule.src, headers: assetRule.headers, continue: true }] : []),
  ];
  const hit = routes.findIndex((r) => r.handle === 'hit');
  const all = hit === -1 ? [...routes, { handle: 'hit' }, ...hitPhase] : [...routes.slice(0, hit + 1), ...hitPhase, ...routes.slice(hit + 1)];
  const headers = Object.fromEntries(siteHeaders.map(([key, value]) => [key.toLowerCase(), value]));
  return { ...config, routes: [{ src: '^/.*$', headers, continue: true }, ...all] };
}
