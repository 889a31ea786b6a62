// Odd input against the built server: an impossible date through the API and
// the form (it used to answer 500, without no-store or a CSP), and random
// input sent to every public endpoint and form, none of which may ever answer 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { postForm, postJson, sampleAspect, sampleSchool, validComplaint } from '../support/intakeForms';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ INTAKE_RATE_LIMIT: '1000', LOOKUP_RATE_LIMIT: '1000' });
});
afterAll(() => server?.stop());

describe('an impossible date', () => {
  const NO_SUCH_DAY = (d: string) => `日历上没有 ${d} 这一天，请检查年、月、日`;
  const table: Array<[string, number, string | undefined]> = [
    ['2026-13-01', 422, NO_SUCH_DAY('2026-13-01')],
    ['0000-00-00', 422, NO_SUCH_DAY('0000-00-00')],
    ['2026-01-32', 422, NO_SUCH_DAY('2026-01-32')],
    ['9999-99-99', 422, NO_SUCH_DAY('9999-99-99')],
    ['2026-02-29', 422, NO_SUCH_DAY('2026-02-29')],
    ['2024-02-30', 422, NO_SUCH_DAY('2024-02-30')],
    ['2026-1-5', 422, '日期格式应为 年-月-日，例如 2026-11-20'],
    ['9999-12-31', 422, '日期不能晚于今天'],
    ['2024-02-29', 201, undefined],
  ];

  it.each(table)('%s through the API answers %i', async (occurredOn, status, message) => {
    const res = await postJson(`${server.url}/api/complaints`, validComplaint({ occurredOn }));
    // Whatever the status, never cached and never framed (Astro's own 500 had neither).
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.status).toBe(status);
    if (message) expect(await res.json()).toEqual({ errors: { occurredOn: message } });
  });

  it.each(table.filter(([, status]) => status === 422))('%s through the form answers %i with the words on the page', async (occurredOn, status, message) => {
    const fields = {
      step: 'check',
      school: sampleSchool.id,
      aspect: sampleAspect.id,
      description: '学校周六组织全年级集体补课，每人收费两百元。',
      anonymous: 'true',
      occurredOn,
    };
    const res = await postForm(`${server.url}/report/`, fields);
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const page = await res.text();
    expect(page).toContain(message);
    // The answers are kept for the parent to correct.
    expect(page).toContain('学校周六组织全年级集体补课，每人收费两百元。');
  });
});

/** One request a client could send; `path` and the body are made by fast-check. */
interface Probe {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const odd = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    '%',
    '%E0%A4%A',
    '../../etc/passwd',
    '<script>',
    '9999-99-99',
    '2026-02-30',
    '\u0000',
    '\uFEFF',
    '\uD800',
    'a'.repeat(5000),
  ),
);
const oddValue = fc.oneof(odd, fc.jsonValue({ maxDepth: 2 }));
/** A field set mixing the names the forms know with odd names and odd values. */
const fields = (names: string[]) => fc.dictionary(fc.oneof(fc.constantFrom(...names), odd), odd, { maxKeys: 8 });
const jsonFields = (names: string[]) => fc.dictionary(fc.oneof(fc.constantFrom(...names), odd), oddValue, { maxKeys: 8 });
const COMPLAINT_FIELDS = [
  'school',
  'aspect',
  'description',
  'occurredOn',
  'anonymous',
  'name',
  'phone',
  'email',
  'contactConsent',
  'website',
  'proof',
  'publishAnswer',
];
const REPORT_FIELDS = [...COMPLAINT_FIELDS, 'step', 'formKey', 'item', 'evidenceKept', 'evidenceToken'];
const encode = (f: Record<string, string>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) params.append(k, v);
  return params.toString();
};
/** A path segment of any string: a lone surrogate has no UTF-8 form, so it is sent as U+FFFD. */
const segment = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'Content-Type': 'application/json' };
const query = (path: string, names: string[]) => fields(names).map((f): Probe => ({ method: 'GET', path: `${path}?${encode(f)}` }));
const form = (path: string, names: string[]) => fields(names).map((f): Probe => ({ method: 'POST', path, headers: FORM, body: encode(f) }));
const json = (path: string, names: string[]) =>
  fc.oneof(
    jsonFields(names).map((f): Probe => ({ method: 'POST', path, headers: JSON_TYPE, body: JSON.stringify(f) })),
    odd.map((body): Probe => ({ method: 'POST', path, headers: JSON_TYPE, body })),
  );

const probes = fc.oneof(
  json('/api/complaints', COMPLAINT_FIELDS),
  form('/api/complaints', COMPLAINT_FIELDS),
  json('/api/complaints/status', ['receiptCode']),
  form('/report/', REPORT_FIELDS),
  query('/report/', ['school', 'aspect', 'item']),
  form('/report/status/', ['receiptCode', 'action', 'reason', 'message', 'rating']),
  query('/answer/', ['t']),
  form('/answer/', ['t', 'action', 'finding', 'reason', 'days', 'to', 'message']),
  form('/bureau/', ['body', 'email']),
  json('/bureau/', ['body', 'email']),
  query('/bureau/signin/', ['t']),
  form('/bureau/signin/', ['t']),
  query('/search/', ['q']),
  query('/open311/v2/requests.json', ['service_code', 'service_request_id', 'status', 'start_date', 'end_date']),
  query('/open311/v2/services.json', ['jurisdiction_id']),
  odd.map((id): Probe => ({ method: 'GET', path: `/open311/v2/requests/${segment(id)}.json` })),
  query('/stats/', ['year', 'bureau']),
  odd.map((id): Probe => ({ method: 'GET', path: `/stats/${segment(id)}/` })),
  odd.map((id): Probe => ({ method: 'GET', path: `/stats/schools/${segment(id)}/` })),
  odd.map((id): Probe => ({ method: 'GET', path: `/bureau/complaint/?ref=${segment(id)}` })),
);

describe('random input to every public endpoint and form', () => {
  it('never answers 5xx (200 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(probes, async (probe) => {
        const res = await fetch(`${server.url}${probe.path}`, {
          method: probe.method,
          headers: { ...(probe.method === 'POST' ? { Origin: server.url } : {}), ...probe.headers },
          ...(probe.body !== undefined ? { body: probe.body } : {}),
          redirect: 'manual',
        });
        await res.arrayBuffer();
        expect(res.status, `${probe.method} ${probe.path}`).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
    expect(server.process.exitCode).toBeNull();
  });
});
