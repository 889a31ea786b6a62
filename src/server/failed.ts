import { jsonAnswer, responseOf, type JsonAnswer } from './http';
import { jsonLog } from './log';

const WORDS = '出错了，这次请求没有完成。请稍后再试；如果一直出现，请联系网站管理员。';

/**
 * What an unforeseen error answers: a plain 500 in Chinese, with the same
 * no-store and CSP as every on-demand answer (Astro's own error answer has
 * neither; the middleware and the Node server's own path for filings add
 * them). One line for the operator: the error's kind and where, never its
 * message, which could quote what the request carried.
 */
export function failed(error: unknown, pathname: string): Response {
  if (pathname.startsWith('/api/')) return responseOf(failedJson(error, pathname));
  logFailure(error, pathname);
  return new Response(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>出错了</title><p>${WORDS}</p></html>`, {
    status: 500,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  });
}

/** The same for an API path, as plain values (src/server/filingFastPath.ts writes them without a web `Response`). */
export function failedJson(error: unknown, pathname: string): JsonAnswer {
  logFailure(error, pathname);
  return jsonAnswer(500, { errors: { server: WORDS } });
}

function logFailure(error: unknown, pathname: string): void {
  jsonLog('error', 'request.failed', { error: (error as Error)?.name ?? typeof error, route: pathname.split('/').slice(0, 3).join('/') });
}
