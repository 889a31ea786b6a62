import { defineMiddleware } from 'astro:middleware';
import { ConfigError } from './config/env';
import { processRoot } from './server/processRoot';
import { json } from './server/http';
import { jsonLog } from './server/log';
import { fallbackPolicy, onDemandHeaders } from './server/securityHeaders.mjs';

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
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      // A store that cannot be opened: one line for the operator (our own message, never data).
      jsonLog('error', 'start.failed', { error: (error as Error)?.message ?? String(error) });
      throw error;
    }
    if (context.url.pathname.startsWith('/api/health')) return withOnDemandHeaders(json(503, { status: 'misconfigured', problems: error.problems }));
    if (context.url.pathname.startsWith('/api/')) return withOnDemandHeaders(json(503, { errors: { service: '服务配置有误，暂时无法使用。请稍后再试。' } }));
    return withOnDemandHeaders(new Response('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>暂时无法使用</title><p>服务配置有误，暂时无法使用。请稍后再试。</p></html>', { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } }));
  }
  return withOnDemandHeaders(await next());
});

function withOnDemandHeaders(response: Response): Response {
  for (const [name, value] of onDemandHeaders) {
    if (name === 'Cache-Control' && response.headers.has(name)) continue; // the response chose its own caching
    response.headers.set(name, value);
  }
  // Pages carry Astro's policy; anything else may run nothing and be framed by nothing.
  if (!response.headers.has('Content-Security-Policy')) response.headers.set('Content-Security-Policy', fallbackPolicy);
  return response;
}
