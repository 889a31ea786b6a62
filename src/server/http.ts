import type { Client } from './services/client';
import { jsonLog } from './log';
import { limitKeyOf } from './clientAddress';
import type { OutcomeKind } from './services/outcome';

/** Largest request body accepted: a complaint is a few KB; 32 KB leaves room for form encoding of Chinese text. */
export const BODY_LIMIT = 32 * 1024;

/** Why a body could not be read; outcomes.ts gives each kind its status. */
export type BodyRefusal = Extract<OutcomeKind, 'malformed' | 'too-large' | 'unsupported'>;

export class HttpError extends Error {
  constructor(
    readonly kind: BodyRefusal,
    readonly errors: Record<string, string>,
  ) {
    super(`unreadable request: ${kind}`);
  }
}

/**
 * What the body readers need of a request: its headers and a reader of its
 * body. A web `Request` is one (Astro's endpoints); the Node server's own
 * path for filings gives the same shape over Node's request
 * (src/server/filingFastPath.ts), so both read a body the same way.
 */
export interface BodySource {
  headers: { get(name: string): string | null };
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>; cancel(): Promise<void> } } | null;
}

/**
 * Reads at most `limit` bytes of the body; a larger body is a 413 (with
 * `tooLarge` as its message) without reading the rest.
 */
export async function readBodyBytes(request: BodySource, limit: number, tooLarge = `提交的内容太长（上限 ${limit / 1024} KB）`): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw new HttpError('too-large', { body: tooLarge });
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let read: { done: boolean; value?: Uint8Array | undefined };
    try {
      read = await reader.read();
    } catch (error) {
      // The client went away or sent less than its Content-Length: nobody is
      // waiting for an answer, so one line for the operator and a plain 400.
      jsonLog('info', 'request.incomplete', { reason: (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.name ?? 'unknown' });
      throw new HttpError('malformed', { body: '提交的内容不完整，请重新提交。' });
    }
    const { done, value } = read;
    if (done) break;
    if (!value) continue;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new HttpError('too-large', { body: tooLarge });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** One decoder for every body: `decode` without `stream` keeps no state between calls. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body as UTF-8 text, read as `readBodyBytes` reads it. */
export async function readBodyText(request: BodySource, limit = BODY_LIMIT): Promise<string> {
  const bytes = await readBodyBytes(request, limit);
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new HttpError('malformed', { body: '提交的内容不是有效的 UTF-8 文字' });
  }
}

/** The body as an object of fields, from JSON or a url-encoded form; anything else is 415. */
export async function readFields(request: BodySource): Promise<{ fields: unknown; form: boolean }> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/x-www-form-urlencoded') {
    throw new HttpError('unsupported', { body: '只接受 application/json 或 application/x-www-form-urlencoded 格式的提交' });
  }
  const text = await readBodyText(request);
  if (type === 'application/x-www-form-urlencoded') return { fields: Object.fromEntries(new URLSearchParams(text)), form: true };
  try {
    return { fields: JSON.parse(text) as unknown, form: false };
  } catch {
    throw new HttpError('malformed', { body: '提交的内容不是有效的 JSON' });
  }
}

/**
 * A JSON response that no cache keeps. Endpoints answer a service's outcome
 * with `answerJson` (outcomes.ts), which writes through this; the middleware
 * uses it directly for the answers it gives before any service runs.
 */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return responseOf(jsonAnswer(status, body, headers));
}

/** A JSON answer as plain values: what `json` sends, for the Node server's own path, which writes it without a web `Response`. */
export interface JsonAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): JsonAnswer {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

export const responseOf = (answer: JsonAnswer): Response => new Response(answer.body, { status: answer.status, headers: answer.headers });

/** A form's body as text fields, or why it could not be read (the kind, and a message in Chinese). */
export type FormBody = { ok: true; fields: Record<string, string> } | { ok: false; kind: BodyRefusal; errors: Record<string, string> };

/**
 * Reads a page's POST body. Only string fields are kept, so nothing else is
 * ever echoed back into a page; a body of the wrong shape (JSON null, an
 * array, a number) is a 400.
 */
export async function readFormBody(request: Request): Promise<FormBody> {
  try {
    const { fields } = await readFields(request);
    if (!fields || typeof fields !== 'object' || Array.isArray(fields))
      return { ok: false, kind: 'malformed', errors: { body: '提交的内容格式不对，请从网页上的表单提交。' } };
    return { ok: true, fields: Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string')) };
  } catch (error) {
    if (error instanceof HttpError) return { ok: false, kind: error.kind, errors: error.errors };
    throw error;
  }
}

/**
 * Who is asking, from Astro's context: the client address, an IPv6 one as its
 * /64 (only ever used as a keyed hash for rate limits; behind trusted proxies the Node server has
 * already worked it out, scripts/serve.mjs) and, on Vercel, `locals.waitUntil`.
 */
export function clientOf(context: { clientAddress: string; locals: object }): Client {
  let address = 'unknown';
  try {
    address = limitKeyOf(context.clientAddress);
  } catch {
    // The socket is gone (an aborted request): nothing is answered to anyone anyway.
  }
  const waitUntil = (context.locals as { waitUntil?: unknown }).waitUntil;
  return { address, ...(typeof waitUntil === 'function' ? { waitUntil: (p: Promise<unknown>) => (waitUntil as (p: Promise<unknown>) => void)(p) } : {}) };
}
