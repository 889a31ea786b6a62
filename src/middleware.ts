import { defineMiddleware } from 'astro:middleware';
import { ConfigError } from './config/env';
import { processRoot } from './server/processRoot';
import { json } from './server/http';
import { jsonLog } from './server/log';
import { onDemandAdditions } from './server/securityHeaders.mjs';
import { answer, keep } from './server/pageCache';
import { failed } from './server/failed';
import { offerFilingFastPath } from './server/filingFastPath';

/**
 * Hands the process's services to every on-demand page and endpoint
 * (`Astro.locals.services`), and marks their answers `no-store` (unless one
 * says otherwise) with the referrer policy of pages with forms. Prerendered
 * pages need neither. Deciding here, after routing, covers every spelling of
 * a path that reaches the route.
 *
 * A bad configuration stops the Node server before it listens
 * (scripts/serve.mjs); on Vercel there is no start-up, so every on-demand
 * request answers 503 instead — /api/health naming the variables at fault
 * (never their values), everything else in plain words.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  try {
    const root = await processRoot();
    context.locals.services = root.services;
    context.locals.registry = root.registry;
    // The Node server may now answer filings itself, with these services (src/server/filingFastPath.ts); on Vercel nothing asks.
    offerFilingFastPath(root.services.submitComplaint);
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      // A store that cannot be opened: one line for the operator (our own message, never data).
      jsonLog('error', 'start.failed', { error: (error as Error)?.message ?? String(error) });
      throw error;
    }
    if (context.url.pathname.startsWith('/api/health')) return withOnDemandHeaders(json(503, { status: 'misconfigured', problems: error.problems }));
    if (context.url.pathname.startsWith('/api/')) return withOnDemandHeaders(json(503, { errors: { service: '服务配置有误，暂时无法使用。请稍后再试。' } }));
    return withOnDemandHeaders(
      new Response(
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>暂时无法使用</title><p>服务配置有误，暂时无法使用。请稍后再试。</p></html>',
        { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } },
      ),
    );
  }
  const foreign = crossSite(context.request, context.url);
  if (foreign) return withOnDemandHeaders(foreign);
  try {
    if (LIVE_PAGE.test(context.url.pathname) || /^\/(?:report|search)\b/.test(context.url.pathname)) {
      try {
        context.locals.catalogue = await context.locals.services.catalogue();
      } catch {
        // The store unreachable before this process ever read it: the last rendered copy, else a plain 503.
        const last = context.request.method === 'GET' ? context.locals.services.livePages.last(pageKey(context.url)) : undefined;
        if (last) return answer(last);
        if (!context.url.pathname.startsWith('/report')) return withOnDemandHeaders(unavailable());
      }
    }
    if (context.request.method === 'GET' && LIVE_PAGE.test(context.url.pathname) && context.locals.catalogue)
      return withOnDemandHeaders(await livePage(context, next));
    return withOnDemandHeaders(await next());
  } catch (error) {
    return withOnDemandHeaders(failed(error, context.url.pathname));
  }
});

/** What may change something: anything but a read. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A 403 for a state-changing request that another site's page made, else
 * undefined. Astro's origin check covers only form encodings; this covers
 * every page whatever the body (JSON included), so the workspace and the
 * signed-link actions have a second defence beside SameSite=Strict.
 *
 * The site's origin is the request's own (behind proxies scripts/serve.mjs
 * has already set the protocol). A browser sends `Origin` with every POST; a
 * request without one comes from no browser (curl, a script), which carries no
 * victim's cookie, so it passes, unless `Sec-Fetch-Site` says another site
 * made it. `Origin: null` (a sandboxed frame, a privacy redirect) is refused.
 * `/api/` is left out: it is for other programs, takes no cookie, and a
 * browser cannot send it JSON from another site without a CORS answer.
 */
function crossSite(request: Request, url: URL): Response | undefined {
  if (SAFE_METHODS.has(request.method) || url.pathname.startsWith('/api/')) return undefined;
  const origin = request.headers.get('origin');
  const fetchSite = request.headers.get('sec-fetch-site');
  const foreign = origin !== null ? origin !== url.origin : fetchSite === 'cross-site' || fetchSite === 'same-site';
  if (!foreign) return undefined;
  const words = '这个请求来自其他网站，已被拒绝。请直接在本网站的页面上操作。';
  if ((request.headers.get('content-type') ?? '').toLowerCase().includes('json')) return json(403, { errors: { origin: words } });
  return new Response(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>请求被拒绝</title><p>${words}</p></html>`, {
    status: 403,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  });
}

/**
 * The on-demand pages that show published notices: rendered once per
 * catalogue generation and kept (src/server/pageCache.ts); the last copy
 * when rendering fails, as when the store is briefly unreachable.
 */
const LIVE_PAGE =
  /^\/(?:|schools\/[^/]+\/?|notices\/(?:[^/]+\/(?:v\/\d+\/?|current\/?)?)?|notices|rss\.xml|bureaus\/[^/]+\/(?:rss\.xml)?|bureaus\/[^/]+|aspects\/[^/]+\/(?:\d+\/?)?|aspects\/[^/]+|office\/(?:[^/]+\/?)?|office|sitemap-notices\.xml)$/;
/** Public for a few seconds in shared caches, then revalidated; stale copies allowed while the function fails. */
const LIVE_CACHE_CONTROL = 'public, max-age=0, s-maxage=5, stale-while-revalidate=55, stale-if-error=86400';
/** A store notice's /current/ (the Node server's way past a prerendered file, livePages.mjs) is kept as the notice's own page. */
const pageKey = (url: URL) => url.pathname.replace(/^(\/notices\/[^/]+)\/current\/?$/, '$1').replace(/\/?$/, '/');

async function livePage(context: Parameters<Parameters<typeof defineMiddleware>[0]>[0], next: () => Promise<Response>): Promise<Response> {
  const { livePages } = context.locals.services;
  const key = pageKey(context.url);
  const { generation } = context.locals.catalogue!;
  const fresh = livePages.fresh(key, generation);
  if (fresh) return answer(fresh);
  let response: Response | undefined;
  try {
    response = await next();
  } catch (error) {
    jsonLog('warn', 'page.render.failed', { path: key, error: (error as Error)?.name ?? 'error' });
  }
  if (response && response.status < 500) {
    const page = await keep(withOnDemandHeaders(response));
    if (response.status === 200) {
      // Shared caches (Vercel's CDN) may keep it a few seconds, as long as a process keeps its catalogue.
      page.headers = [...page.headers.filter(([name]) => name.toLowerCase() !== 'cache-control'), ['Cache-Control', LIVE_CACHE_CONTROL]];
      livePages.put(key, generation, page);
    }
    return answer(page);
  }
  const last = livePages.last(key);
  return last ? answer(last) : (response ?? unavailable());
}

const unavailable = () =>
  new Response('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>暂时无法使用</title><p>公示暂时无法读取，请稍后再试。</p></html>', {
    status: 503,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '30' },
  });

function withOnDemandHeaders(response: Response): Response {
  // A route that found nothing (server/notFound.ts) leaves Astro to answer with the site's 404 page,
  // and what is set here stays on it. It is a page: the Node server gives it the 404 page's policy
  // as it does for a miss (scripts/serve.mjs); the fallback policy would keep out its styles and
  // make its search form do nothing.
  const errorPage = response.status === 404 && response.headers.has('X-Astro-Error');
  for (const [name, value] of onDemandAdditions((name) => response.headers.has(name)))
    if (!(errorPage && name === 'Content-Security-Policy')) response.headers.set(name, value);
  return response;
}
