// Serves the built site (dist/) with the Node adapter's handler, adding the
// security headers that a <meta> tag cannot carry. `npm start` runs this
// after `astro build`; HOST and PORT choose where it listens (src/config/env.ts).
import './threadPool.mjs'; // first: sizes libuv's thread pool before anything uses it
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import compression from 'compression';
import { checkConfig } from '../src/config/env.ts';
import { siteHeaders } from '../src/server/securityHeaders.mjs';
import { staticPolicies } from '../src/server/staticPolicies.mjs';
import { finishedPages } from '../src/server/finishedPages.mjs';
import { liveAnswers } from '../src/server/livePages.mjs';
import { clientAddress } from '../src/server/clientAddress.ts';
import { originRewriter } from '../src/server/siteOrigin.mjs';
import { fastPath } from '../src/server/fastPathHandoff.mjs';
import { ORIGIN_FILE } from '../src/integrations/siteOrigin.mjs';

// The whole configuration is checked before anything listens: one line per
// variable at fault, naming it and what is expected, never its value.
const check = checkConfig(process.env);
if (!check.ok) {
  for (const problem of check.problems) console.error(problem);
  console.error('Schoolwatch did not start: fix the environment variables above.');
  process.exit(1);
}
// `npm start` checks the environment before it builds: a mistake is told in a second, not after the build.
if (process.argv.includes('--check')) process.exit(0);

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
// From here on, what the configuration parsed: HOST, PORT and the build folder (SCHOOLWATCH_OUT_DIR) included.
const { host, port, outDir: builtIn } = check.config.server;
const outDir = resolve(builtIn ?? new URL('../dist', import.meta.url).pathname);
const { handler } = await import(pathToFileURL(`${outDir}/server/entry.mjs`).href);

// Brotli or gzip for every text response: a school page is ~15 KB of HTML
// and inline CSS, ~5 KB compressed, which matters on a slow phone network.
const compress = compression({ brotli: { enabled: true } });

const policyOf = staticPolicies(join(outDir, 'page-policies.json'));

// Links carry SITE_URL, else the address this server listens on; a build made
// for another origin has its links rewritten (src/server/siteOrigin.mjs).
const origin = check.config.siteUrl;
const builtOrigin = existsSync(join(outDir, ORIGIN_FILE)) ? readFileSync(join(outDir, ORIGIN_FILE), 'utf8').trim() : '';
const rewriteOrigin = originRewriter(builtOrigin, origin);

// Prerendered pages read, given this server's origin and compressed once, answered from memory (src/server/finishedPages.mjs).
const pages = finishedPages(join(outDir, 'client'), policyOf, siteHeaders, rewriteOrigin ? (text) => text.replaceAll(builtOrigin, origin) : undefined);
// Pages that show published notices, as last rendered for the current publication, answered the same way (src/server/livePages.mjs).
const live = liveAnswers(siteHeaders, rewriteOrigin ? (text) => text.replaceAll(builtOrigin, origin) : undefined);

/**
 * One Content-Security-Policy on every response: an on-demand answer brings
 * its own (Astro's for a page, the middleware's for anything else); a page
 * from the build gets its own policy (the 404 page's for a miss).
 */
function withOnePolicy(req, res) {
  const writeHead = res.writeHead;
  res.writeHead = function (status, ...rest) {
    const headers = rest.find((arg) => arg && typeof arg === 'object');
    const names = Array.isArray(headers) ? headers.filter((_, i) => i % 2 === 0) : Object.keys(headers ?? {});
    const given = res.hasHeader('content-security-policy') || names.some((name) => String(name).toLowerCase() === 'content-security-policy');
    // Only pages: a policy on a script file would bind a worker it starts (Pagefind's compiles WebAssembly).
    const html = String(res.getHeader('content-type') ?? '').startsWith('text/html');
    if (!given && html) res.setHeader('Content-Security-Policy', policyOf(status === 404 ? '/404' : (req.url ?? '/')));
    return writeHead.call(this, status, ...rest);
  };
}

/**
 * Behind TRUSTED_PROXY_HOPS reverse proxies: the client is who the proxies
 * say (src/server/clientAddress.ts: forged entries further left change
 * nothing), and a request the nearest proxy received over TLS is https, so
 * that Astro's origin check compares the browser's https:// origin with an
 * https:// URL. Astro reads both from the socket (its X-Forwarded-* reading
 * needs a fixed list of allowed hosts), so they are set there, per request;
 * the socket's own peer address is kept for the next request on it.
 */
const hops = check.config.trustedProxyHops;
const peers = new WeakMap();
function behindProxies(req) {
  if (hops === 0) return;
  const socket = req.socket;
  if (!peers.has(socket)) peers.set(socket, socket.remoteAddress);
  const address = clientAddress(peers.get(socket), req.headers['x-forwarded-for'], hops) ?? 'unknown';
  const proto = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')
    .pop()
    ?.trim();
  Object.defineProperty(socket, 'remoteAddress', { value: address, configurable: true });
  Object.defineProperty(socket, 'encrypted', { value: proto === 'https', configurable: true });
}

const server = http.createServer(async (req, res) => {
  const storeCopy = await live.storeWins(req); // a content notice's id the store also uses: never the build's stale file
  if (!storeCopy && pages.answer(req, res)) return; // a prerendered page, finished: every header at once
  if (live.answer(req, res)) return; // a page showing published notices, rendered for the current publication
  if (storeCopy) req.url = storeCopy;
  for (const [name, value] of siteHeaders) res.setHeader(name, value);
  behindProxies(req);
  // POST /api/complaints answered by the endpoint's own handling without Astro's request pipeline, once the bundle offers it (src/server/filingFastPath.ts).
  const filing = fastPath();
  if (filing?.takes(req)) return compress(req, res, () => void filing.answer(req, res));
  withOnePolicy(req, res);
  compress(req, res, () => {
    rewriteOrigin?.(req, res);
    handler(req, res);
  });
});

// Slow or stuck clients must not hold sockets forever.
server.headersTimeout = 15_000;
server.requestTimeout = 30_000;
server.listen(port, host, async () => {
  console.log(`Schoolwatch listening on http://${host}:${port}`);
  console.log(
    `Links (canonical, feeds, sitemap, emails) carry ${origin}${rewriteOrigin ? ` (the build has ${builtOrigin}: rewritten as pages are sent)` : ''}`,
  );
  // The first request builds the composition root: it opens the store and
  // starts the dispatcher, which sends what was left queued before a restart.
  // A store that cannot be opened ends the process here, not at a parent's request.
  const health = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/api/health`).catch(() => undefined);
  if (health?.status === 500) {
    console.error('Schoolwatch did not start: the store could not be opened (see the line above).');
    process.exit(1);
  }
  // One page that reads the catalogue, so that this process knows at once which content notices the store's copies replace.
  await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/sitemap-notices.xml`).catch(() => undefined);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
