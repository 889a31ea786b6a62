import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerFiling } from './complaintsEndpoint';
import { failedJson } from './failed';
import { offerFastPath } from './fastPathHandoff.mjs';
import { clientOf, type BodySource, type JsonAnswer } from './http';
import { onDemandAdditions } from './securityHeaders.mjs';
import type { IntakeService } from './services/intake';

/**
 * The Node server's own path for `POST /api/complaints`, before Astro.
 *
 * Why: Astro's on-demand path (a web `Request` built from Node's, the route's
 * module loaded, the middleware chain, the web `Response` streamed back into
 * Node's) costs several times what a filing itself costs; a bare Astro
 * endpoint reaches a quarter of a bare `node:http` server (docs/benchmarks.md).
 * This path gives the same answer to the same request without it: the
 * handling is the endpoint's own (src/server/complaintsEndpoint.ts), with the
 * services of the process's one composition root, and the headers the
 * middleware would add (securityHeaders.mjs `onDemandAdditions`; scripts/serve.mjs
 * sets the site's headers, the trusted proxies' client address and protocol,
 * and compression, for both paths alike).
 *
 * It takes only what it answers exactly as Astro would; anything else
 * (another type, a cross-site form, another spelling of the path) goes to Astro.
 * On Vercel there is no Node server: Astro's endpoint is the path there.
 */
export function offerFilingFastPath(submit: IntakeService['submit']): void {
  offerFastPath({ takes, answer: (req, res) => answer(submit, req, res) });
}

const PATH = '/api/complaints';
/** What Astro's origin check (`security.checkOrigin`) counts as a form: such a POST must come from the site's own origin. */
const FORM_LIKE = /application\/x-www-form-urlencoded|multipart\/form-data|text\/plain/i;

export function takes(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (url !== PATH && !url.startsWith(`${PATH}?`)) return false;
  const given = req.headers['content-type'] ?? '';
  const type = given.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return !FORM_LIKE.test(given);
  if (type !== 'application/x-www-form-urlencoded' || req.headers.host === undefined) return false;
  // The origin as Astro works it out (the protocol from the socket, which scripts/serve.mjs sets behind trusted proxies).
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  try {
    return req.headers.origin === new URL(`${encrypted ? 'https' : 'http'}://${req.headers.host}`).origin;
  } catch {
    return false;
  }
}

async function answer(submit: IntakeService['submit'], req: IncomingMessage, res: ServerResponse): Promise<void> {
  let answered: JsonAnswer;
  try {
    answered = await answerFiling(submit, bodySource(req), clientOf(clientContext(req)));
  } catch (error) {
    answered = failedJson(error, PATH);
  }
  const headers = { ...answered.headers };
  const names = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  for (const [name, value] of onDemandAdditions((name) => names.has(name.toLowerCase()))) headers[name] = value;
  res.writeHead(answered.status, headers).end(answered.body);
}

/** What `clientOf` reads of Astro's context: `clientAddress` throws, as Astro's does, once the socket is gone. */
const clientContext = (req: IncomingMessage) => ({
  get clientAddress(): string {
    const address = req.socket.remoteAddress;
    if (address === undefined) throw new Error('no client address');
    return address;
  },
  locals: {},
});

/** Node's request as the body readers take a web `Request` (src/server/http.ts `BodySource`). */
function bodySource(req: IncomingMessage): BodySource {
  return {
    headers: {
      get: (name) => {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    body: { getReader: () => chunksOf(req) },
  };
}

/**
 * The body's chunks as they arrive, from Node's own events: an async
 * iterator over the request (what Astro's path uses) costs a stream
 * destruction and its close events per request. A client that goes away
 * before the end is a failed read, as on Astro's path. Cancelling stops
 * keeping chunks; Node discards the rest once the answer is sent.
 */
function chunksOf(req: IncomingMessage) {
  const queue: Uint8Array[] = [];
  let ended = false;
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const onData = (chunk: Uint8Array) => (queue.push(chunk), wake?.());
  const onEnd = () => ((ended = true), wake?.());
  const onClose = () => {
    if (!ended) failed ??= Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    wake?.();
  };
  const onError = (error: Error) => ((failed ??= error), wake?.());
  req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onError);
  return {
    read: async (): Promise<{ done: boolean; value?: Uint8Array }> => {
      while (queue.length === 0 && !ended && !failed) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (queue.length > 0) return { done: false, value: queue.shift()! };
      if (failed) throw failed;
      return { done: true };
    },
    cancel: async () => {
      req.off('data', onData);
      queue.length = 0;
    },
  };
}
