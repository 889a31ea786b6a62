// Where an outcome becomes HTTP: the one module that knows status numbers.
//
// The convention (every service and every page or endpoint follows it):
// - A service returns its outcome as a value, an object with a `kind` from
//   `OutcomeKind` (services/outcome.ts): `{ kind: 'filed', answer }`,
//   `{ kind: 'invalid', errors }`, `{ kind: 'limited', retryAfterSeconds }`,
//   `{ kind: 'unavailable' }`. A page's view carries the kind it answers with
//   in the same field. Services never name an HTTP status or header.
// - The store being down becomes `{ kind: 'unavailable' }` in one place:
//   `whileStoreUp(work, down?)` in services/outcome.ts, which a service wraps
//   around its store work (passing its own words when its page has a sentence
//   of its own). Nothing else catches `StoreUnavailableError`.
// - Pages and endpoints stay thin: read the request (http.ts), call one
//   service, and answer with `answerJson` (api/) or `answerPage`
//   (Astro.response), which set the status and the headers that go with the
//   kind (Retry-After when limited; no-store on every JSON answer).
import type { OutcomeKind } from './services/outcome';
import { jsonAnswer, responseOf, type JsonAnswer } from './http';

const STATUS: Record<OutcomeKind, number> = {
  ok: 200,
  filed: 201,
  malformed: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'wrong-method': 405,
  conflict: 409,
  'too-large': 413,
  unsupported: 415,
  invalid: 422,
  limited: 429,
  unavailable: 503,
};

/** What the boundary reads of an outcome: its kind, and when limited how long to wait. */
export interface Answered {
  kind: OutcomeKind;
  retryAfterSeconds?: number;
}

export const statusOf = (kind: OutcomeKind): number => STATUS[kind];

/** The headers a kind carries: Retry-After (whole seconds, as the rate limit counts them) when limited. */
export function headersOf(outcome: Answered): Record<string, string> {
  return outcome.kind === 'limited' && outcome.retryAfterSeconds ? { 'Retry-After': String(outcome.retryAfterSeconds) } : {};
}

/** A JSON answer for an outcome, with the body the endpoint gives it; no cache keeps it. */
export function answerJson(outcome: Answered, body: unknown): Response {
  return responseOf(outcomeJson(outcome, body));
}

/** The same answer as plain values (src/server/http.ts `JsonAnswer`), for a boundary shared with the Node server's own path. */
export function outcomeJson(outcome: Answered, body: unknown): JsonAnswer {
  return jsonAnswer(statusOf(outcome.kind), body, headersOf(outcome));
}

/** Sets a page's status and headers from its outcome (`Astro.response`). */
export function answerPage(response: { status: number; headers: Headers }, outcome: Answered): void {
  response.status = statusOf(outcome.kind);
  for (const [name, value] of Object.entries(headersOf(outcome))) response.headers.set(name, value);
}

/** A plain-text answer (an image refused, a page that cannot be read): the words alone, never cached. */
export function answerText(outcome: Answered, message: string): Response {
  const headers = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headersOf(outcome) };
  return new Response(message, { status: statusOf(outcome.kind), headers });
}
