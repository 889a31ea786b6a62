// Open311's boundary: which resource and format a path asks for, and the
// answer in that format (JSON or the specification's XML), errors included.
import { xmlDocument } from '../domain/xml';
import type { Open311Outcome } from './services/open311';
import type { PublicAnswer } from '../domain/publicAnswers';
import { statusOf } from './outcomes';

export type Format = 'json' | 'xml';
type Resource = 'discovery' | 'services' | 'service_definition' | 'service_requests' | 'errors';

/** `requests.xml` → the name and the format, or undefined for any other ending. */
export function fileOf(file: string | undefined): { name: string; format: Format } | undefined {
  const match = /^(.+)\.(json|xml)$/.exec(file ?? '');
  return match ? { name: match[1]!, format: match[2] as Format } : undefined;
}

/** Each list's item element in the specification's XML. */
const ITEMS = { endpoints: 'endpoint', formats: 'format', services: 'service', service_requests: 'request', errors: 'error', attributes: 'attribute' };

export function open311Response(format: Format, status: number, resource: Resource, body: unknown, maxAge = 0): Response {
  const headers = { 'Cache-Control': maxAge > 0 && status === 200 ? `public, max-age=${maxAge}` : 'no-store' };
  if (format === 'xml') return new Response(xmlDocument(resource, body, ITEMS), { status, headers: { 'Content-Type': 'text/xml; charset=utf-8', ...headers } });
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } });
}

/** The specification's error: a list of `{ code, description }`, the code being the HTTP status. */
export interface Open311Error {
  code: number;
  description: string;
}

export const open311Errors = (format: Format, status: number, errors: Open311Error[]) => open311Response(format, status, 'errors', errors);

/** An unknown path or format: the specification's 404, in JSON when the format cannot be told. */
export const notFound = (format: Format = 'json') =>
  open311Errors(format, 404, [{ code: 404, description: '没有这个接口。可用的见 /open311/v2/discovery.json。' }]);

export function outcomeResponse<T>(format: Format, resource: Resource, outcome: Open311Outcome<T>, maxAge = 0): Response {
  if (outcome.kind === 'ok') return open311Response(format, statusOf(outcome.kind), resource, outcome.body, maxAge);
  return open311Errors(format, statusOf(outcome.kind), [{ code: statusOf(outcome.kind), description: outcome.description }]);
}

/** Answers from the published answers, or the specification's 503 in the asked format when the store is down. */
export async function withAnswers(
  format: Format,
  answers: () => Promise<{ kind: 'ok'; answers: PublicAnswer[] } | { kind: 'unavailable' }>,
  answer: (answers: PublicAnswer[]) => Response,
): Promise<Response> {
  const read = await answers();
  if (read.kind === 'ok') return answer(read.answers);
  return open311Errors(format, statusOf(read.kind), [{ code: statusOf(read.kind), description: '暂时无法读取，请稍后再试。' }]);
}
