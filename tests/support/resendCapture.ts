// A local stand-in for Resend's API that records what the `resend` SDK sends.
// It answers `POST /emails` the way Resend does (200 `{"id": "<uuid>"}`, or a
// JSON error `{ statusCode, name, message }`), and can be switched to fail or
// to hang. It never deduplicates by Idempotency-Key, as Resend would: every
// request is recorded and answered, so a test sees each send our side makes.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with the next `POST /emails` (after any queued failures). */
export type CaptureMode = 'ok' | 'fail' | 'hang';

/** One request as it arrived, and how it was answered. */
export interface CapturedRequest {
  /** Arrival order, from 1. */
  seq: number;
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  authorization?: string;
  idempotencyKey?: string;
  /** The JSON body, or the raw text when it is not JSON. */
  body: unknown;
  /** The status we answered with; undefined while it hangs or when the client left first. */
  status?: number;
  /** The client closed the connection before an answer was written (a timeout on its side). */
  abandoned: boolean;
}

/** The email fields the SDK posts (Resend's API names). */
export interface CapturedEmail {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  [field: string]: unknown;
}

export interface ResendCapture {
  /** Base URL for `resendMailer({ baseUrl })` or RESEND_BASE_URL. */
  url: string;
  /** Every request received, in order. */
  readonly requests: readonly CapturedRequest[];
  /** `POST /emails` requests answered 200: the emails that were accepted, once per request. */
  delivered(): Array<CapturedRequest & { email: CapturedEmail }>;
  /** Switches what later requests get; leaving `hang` answers the held requests under the new mode. */
  setMode(mode: CaptureMode, options?: { status?: number }): void;
  /** Waits this long before answering each request (0 by default), so that concurrent senders overlap. */
  setLatency(ms: number): void;
  /** The next `count` emails fail with `status` (500 by default), then the mode applies again. */
  failNext(count: number, status?: number): void;
  /** Waits until `predicate` holds for the delivered emails; returns them. */
  waitForDelivered(
    predicate: (emails: Array<CapturedRequest & { email: CapturedEmail }>) => boolean,
    timeoutMs?: number,
  ): Promise<Array<CapturedRequest & { email: CapturedEmail }>>;
  /** Forgets what was recorded and goes back to `ok`. */
  reset(): void;
  close(): Promise<void>;
}

/** Resend's error names for the statuses tests use. */
const ERROR_NAMES: Record<number, string> = {
  400: 'validation_error',
  401: 'missing_api_key',
  403: 'invalid_api_key',
  404: 'not_found',
  409: 'concurrent_idempotent_requests',
  422: 'validation_error',
  429: 'rate_limit_exceeded',
  500: 'internal_server_error',
  502: 'internal_server_error',
  503: 'internal_server_error',
};

export async function startResendCapture(): Promise<ResendCapture> {
  const requests: CapturedRequest[] = [];
  let mode: CaptureMode = 'ok';
  let failStatus = 500;
  const queuedFailures: number[] = [];
  /** Requests held by `hang`: each entry answers its request. */
  let held: Array<() => void> = [];
  let latencyMs = 0;

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      // kept as text
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
    const entry: CapturedRequest = {
      seq: requests.length + 1,
      method: req.method ?? '',
      path: new URL(req.url ?? '/', 'http://capture').pathname,
      headers,
      ...(headers.authorization !== undefined ? { authorization: headers.authorization } : {}),
      ...(headers['idempotency-key'] !== undefined ? { idempotencyKey: headers['idempotency-key'] } : {}),
      body,
      abandoned: false,
    };
    requests.push(entry);
    let closed = false;
    res.on('close', () => {
      closed = true;
      if (!res.writableFinished) entry.abandoned = true;
    });

    const send = (status: number, payload: unknown) => {
      if (closed || res.writableEnded) return;
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number) =>
      send(status, { statusCode: status, name: ERROR_NAMES[status] ?? 'application_error', message: `capture server answered ${status}` });

    if (entry.path !== '/emails') return error(404);
    if (entry.method !== 'POST') return send(405, { statusCode: 405, name: 'method_not_allowed', message: 'Method not allowed' });
    // Queued failures first, then the mode. A held request is answered again
    // under whatever mode is set when `hang` is left.
    const answer = () => {
      if (closed) return; // the client gave up while it was held
      const queued = queuedFailures.shift();
      if (queued !== undefined) return error(queued);
      if (mode === 'fail') return error(failStatus);
      if (mode === 'hang') return void held.push(answer);
      send(200, { id: randomUUID() });
    };
    if (latencyMs > 0) setTimeout(answer, latencyMs);
    else answer();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  function setMode(next: CaptureMode, options: { status?: number } = {}) {
    mode = next;
    failStatus = options.status ?? 500;
    if (next !== 'hang') {
      const release = held;
      held = [];
      for (const answer of release) answer();
    }
  }

  const delivered = () =>
    requests
      .filter((r): r is CapturedRequest & { body: CapturedEmail } => r.method === 'POST' && r.path === '/emails' && r.status === 200 && !r.abandoned)
      .map((r) => ({ ...r, email: r.body }));

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered,
    setMode,
    setLatency(ms) {
      latencyMs = ms;
    },
    failNext(count, status = 500) {
      for (let i = 0; i < count; i++) queuedFailures.push(status);
    },
    async waitForDelivered(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const emails = delivered();
        if (predicate(emails)) return emails;
        if (Date.now() > deadline)
          throw new Error(`capture server: condition not met within ${timeoutMs} ms; delivered: ${JSON.stringify(emails.map((e) => e.idempotencyKey))}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    reset() {
      requests.length = 0;
      queuedFailures.length = 0;
      latencyMs = 0;
      setMode('ok');
    },
    async close() {
      held = [];
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
