// A read-only Open311 GeoReport v2 view (http://wiki.open311.org/GeoReport_v2)
// of what is public anyway: the aspects as services, and the answers parents
// allowed to be published as closed requests. The parent's description is
// never a field here: `description` names the problem type only. Dates are
// days (the start of the day in China), never times: a time of filing or
// answering could tell a school who wrote (docs/statistics.md).
import type { Registry } from '../../catalogue/registry';
import type { PublicAnswer } from '../../domain/publicAnswers';
import { findingLabel } from '../../domain/findings';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

/** The answer's body, or why not (server/open311Http.ts writes the specification's `{ code, description }` list for it). */
export type Open311Outcome<T> = { kind: 'ok'; body: T } | { kind: 'not-found' | 'malformed'; description: string };

const refused = (kind: 'not-found' | 'malformed', description: string): Open311Outcome<never> => ({ kind, description });

export function discovery(origin: string, registry: Registry, changeset: string) {
  return {
    changeset,
    contact: `${registry.settings.supervisor.name} <${registry.settings.supervisor.email}>`,
    key_service: `只读接口，不需要密钥；本接口不接受提交举报，请使用网站上的举报表单。说明（含隐私处理：只有举报人同意公开的答复，日期只到天）：${origin}/open-data/#open311`,
    endpoints: [{ specification: SPECIFICATION, url: `${origin}/open311/v2`, changeset, type: 'production', formats: ['application/json', 'text/xml'] }],
  };
}

export function services(registry: Registry) {
  const category = (id: string) => registry.categories.find((c) => c.id === id)?.name ?? '';
  return registry.aspects.map((a) => ({
    service_code: a.id,
    service_name: a.name,
    description: a.description,
    metadata: false,
    type: 'realtime',
    keywords: a.examples.join(','),
    group: category(a.category),
  }));
}

/** A service's definition: no service asks for extra attributes (its `metadata` is false). */
export function serviceDefinition(registry: Registry, code: string): Open311Outcome<{ service_code: string; attributes: [] }> {
  if (!registry.aspects.some((a) => a.id === code)) return refused('not-found', `没有这个服务：${code}`);
  return { kind: 'ok', body: { service_code: code, attributes: [] } };
}

/** A China day as the start of that day in China, the only time of day that is published. */
const dayTime = (day: string) => `${day}T00:00:00+08:00`;
/** W3C date-times as the specification writes them (2010-01-01T00:00:00Z), or a bare day. */
const W3C = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const STATUSES = new Set(['open', 'closed']);

function asRequest(a: PublicAnswer, registry: Registry) {
  const aspect = registry.aspects.find((x) => x.id === a.aspect)?.name ?? '不确定属于哪一类';
  const school = registry.schools.find((s) => s.id === a.school);
  const latest = a.answers.at(-1)!;
  return {
    service_request_id: a.id,
    status: 'closed',
    // The finding leads the notes: Open311 has no field of its own for it.
    status_notes: latest.finding ? `查实情况：${findingLabel[latest.finding]}。${latest.text}` : latest.text,
    service_name: aspect,
    service_code: a.aspect,
    description: `关于${school?.name ?? '学校'}“${aspect}”的举报（举报内容不公开）`,
    agency_responsible: registry.bureaus.find((b) => b.id === a.bureau)?.name ?? a.bureau,
    service_notice: '',
    requested_datetime: dayTime(a.filedOn),
    updated_datetime: dayTime(latest.on),
    expected_datetime: null,
    address: school ? `${school.name}，${school.address}` : '',
    address_id: a.school,
    zipcode: null,
    media_url: null,
  };
}
export type Open311Request = ReturnType<typeof asRequest>;

/**
 * GET requests: the published answers as closed requests, filtered as the
 * specification says. A parameter that cannot be read is a 400 naming it,
 * never silently ignored (a client would take the unfiltered list for an answer).
 */
export function requests(answers: PublicAnswer[], registry: Registry, query: URLSearchParams): Open311Outcome<Open311Request[]> {
  const list = (name: string) =>
    query
      .get(name)
      ?.split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  const codes = list('service_code');
  const ids = list('service_request_id');
  const statuses = list('status');
  const wrongStatus = statuses?.find((s) => !STATUSES.has(s));
  if (wrongStatus !== undefined) return refused('malformed', `status 只能是 open 或 closed，收到的是“${wrongStatus}”。`);
  const bounds: number[] = [];
  for (const name of ['start_date', 'end_date']) {
    const value = query.get(name);
    if (!value) {
      bounds.push(NaN);
      continue;
    }
    const at = W3C.test(value) ? Date.parse(value.length === 10 ? dayTime(value) : value) : NaN;
    if (Number.isNaN(at)) return refused('malformed', `${name} 不是有效的日期时间，请用 W3C 格式，例如 2026-12-01T00:00:00+08:00。`);
    bounds.push(at);
  }
  const [start, end] = bounds as [number, number];
  if (start > end) return refused('malformed', 'start_date 晚于 end_date。');
  const filed = (a: PublicAnswer) => Date.parse(dayTime(a.filedOn));
  const body = answers
    .filter((a) => (!codes || codes.includes(a.aspect)) && (!ids || ids.includes(a.id)) && (!statuses || statuses.includes('closed')))
    .filter((a) => (Number.isNaN(start) || filed(a) >= start) && (Number.isNaN(end) || filed(a) <= end))
    .map((a) => asRequest(a, registry));
  return { kind: 'ok', body };
}

/** GET requests/{id}: one published answer, as a list of one (the specification's shape), or a 404. */
export function request(answers: PublicAnswer[], registry: Registry, id: string): Open311Outcome<Open311Request[]> {
  const answer = answers.find((a) => a.id === id);
  if (!answer) return refused('not-found', `没有公开的举报答复：${id}（只有举报人同意公开的答复在这里）。`);
  return { kind: 'ok', body: [asRequest(answer, registry)] };
}
