// The Node server answers `POST /api/complaints` itself (src/server/filingFastPath.ts),
// without Astro's request pipeline, through the endpoint's own handling. Another
// spelling of the path, `/api/complaints/`, still goes through Astro's endpoint.
// For the same requests both must answer alike: status, headers, body.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { validComplaint } from '../support/intakeForms';

let server: RunningServer;

beforeAll(async () => {
  // Behind one trusted proxy each request names its client in X-Forwarded-For; two filings an hour per client.
  server = await startServer({ TRUSTED_PROXY_HOPS: '1', INTAKE_RATE_LIMIT: '2', INTAKE_PROOF_RATE_LIMIT: '2' });
});
afterAll(() => server?.stop());

interface Answer {
  status: number;
  /** Header names as sent: the Node server's own path writes `Cache-Control`, Astro's writes `cache-control`. */
  names: string[];
  headers: Record<string, string>;
  body: string;
}

/** One request on a fresh connection, read as sent (Node's client, no decompression). */
function send(path: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const names = res.rawHeaders.filter((_, i) => i % 2 === 0);
          resolve({ status: res.statusCode!, names, headers: res.headers as Record<string, string>, body: text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** What must be the same on both paths: every header but how the bytes are framed and when. */
const FRAMING = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);
const comparable = (answer: Answer) => Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !FRAMING.has(name)));
const fastPath = (answer: Answer) => answer.names.includes('Cache-Control');

const json = (client: string, extra: Record<string, string> = {}) => ({ 'Content-Type': 'application/json', 'X-Forwarded-For': client, ...extra });
const form = (client: string, origin: string) => ({ 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, 'X-Forwarded-For': client });
const formBody = new URLSearchParams(Object.entries(validComplaint()).map(([k, v]) => [k, String(v)])).toString();

/** The same request through both paths, each from a client of its own (so that limits count them apart). */
async function both(headers: (client: string) => Record<string, string>, body: string, n: number): Promise<[Answer, Answer]> {
  const fast = await send('/api/complaints', headers(`203.0.113.${n}`), body);
  const astro = await send('/api/complaints/', headers(`198.51.100.${n}`), body);
  return [fast, astro];
}

const SECURITY = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'content-type': 'application/json; charset=utf-8',
  vary: 'Accept-Encoding',
};

describe('POST /api/complaints: the Node server’s own path and Astro’s endpoint answer alike', () => {
  it('a valid complaint as JSON: 201, a new reference and receipt code each, the same bureau and deadline', async () => {
    const [fast, astro] = await both((c) => json(c), JSON.stringify(validComplaint()), 1);
    expect(fastPath(fast)).toBe(true);
    expect(fastPath(astro)).toBe(false);
    expect([fast.status, astro.status]).toEqual([201, 201]);
    expect(comparable(fast)).toEqual(SECURITY);
    expect(comparable(astro)).toEqual(SECURITY);
    const [a, b] = [JSON.parse(fast.body), JSON.parse(astro.body)];
    expect(Object.keys(a)).toEqual(['reference', 'receiptCode', 'bureau', 'acceptBy', 'filedOn', 'receipt']);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(a.reference).toMatch(/^JB-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(a.receiptCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(a.reference).not.toBe(b.reference);
    expect([a.bureau, a.acceptBy]).toEqual([b.bureau, b.acceptBy]);
  });

  it('a valid complaint as a form from the site’s own pages: 201 on both', async () => {
    const [fast, astro] = await both((c) => form(c, server.url), formBody, 2);
    expect(fastPath(fast)).toBe(true);
    expect([fast.status, astro.status]).toEqual([201, 201]);
    expect(comparable(fast)).toEqual(comparable(astro));
  });

  it.each([
    ['a complaint without a school', JSON.stringify(validComplaint({ school: undefined })), {}, 422],
    ['a body that is no JSON', '{"school":', {}, 400],
    ['an Idempotency-Key too short', JSON.stringify(validComplaint()), { 'Idempotency-Key': 'short' }, 422],
    ['a body over 32 KB', JSON.stringify(validComplaint({ description: '超'.repeat(12_000) })), {}, 413],
  ])('%s: the same status, headers and Chinese words', async (_, body, extra, status) => {
    const [fast, astro] = await both((c) => json(c, extra), body, 10 + status);
    expect(fastPath(fast)).toBe(true);
    expect([fast.status, astro.status]).toEqual([status, status]);
    expect(comparable(fast)).toEqual(SECURITY);
    expect(comparable(astro)).toEqual(SECURITY);
    expect(fast.body).toBe(astro.body);
    expect(Object.values(JSON.parse(fast.body).errors).join('')).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a client over its limit: 429 with Retry-After and the way on (a proof of work), on both; an IPv6 client counted as its /64', async () => {
    const body = JSON.stringify(validComplaint());
    for (const [path, clients] of [
      ['/api/complaints', ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff::3']],
      ['/api/complaints/', ['2001:db8:5:6::1', '2001:db8:5:6::2', '2001:db8:5:6:ffff::3']],
    ] as const) {
      expect((await send(path, json(clients[0]), body)).status).toBe(201);
      expect((await send(path, json(clients[1]), body)).status).toBe(201);
    }
    const fast = await send('/api/complaints', json('2001:db8:1:2:ffff::3'), body);
    const astro = await send('/api/complaints/', json('2001:db8:5:6:ffff::3'), body);
    expect(fastPath(fast)).toBe(true);
    expect([fast.status, astro.status]).toEqual([429, 429]);
    expect(Number(fast.headers['retry-after'])).toBeGreaterThan(3000);
    expect(Number(astro.headers['retry-after'])).toBeGreaterThan(3000);
    const without = (a: Answer) => Object.fromEntries(Object.entries(comparable(a)).filter(([name]) => name !== 'retry-after'));
    expect(without(fast)).toEqual(SECURITY);
    expect(without(astro)).toEqual(SECURITY);
    expect(JSON.parse(fast.body)).toEqual({ errors: { rate: '提交太频繁，请稍后再试。' }, challenge: '/api/challenge' });
    expect(fast.body).toBe(astro.body);
  });

  it('a form posted from another site: refused with 403 on both (Astro’s origin check answers it)', async () => {
    const [fast, astro] = await both((c) => form(c, 'https://elsewhere.example'), formBody, 3);
    expect(fastPath(fast)).toBe(false);
    expect([fast.status, astro.status]).toEqual([403, 403]);
    expect(comparable(fast)).toEqual(comparable(astro));
    expect(fast.body).toBe(astro.body);
  });

  it('JSON sent by a program from another origin: filed on both, as before (the API takes no cookie)', async () => {
    const [fast, astro] = await both((c) => json(c, { Origin: 'https://elsewhere.example' }), JSON.stringify(validComplaint()), 4);
    expect(fastPath(fast)).toBe(true);
    expect([fast.status, astro.status]).toEqual([201, 201]);
    expect(comparable(fast)).toEqual(comparable(astro));
  });

  it('a body of another type: 415 from Astro’s endpoint for both spellings', async () => {
    const [fast, astro] = await both((c) => ({ 'Content-Type': 'text/csv', 'X-Forwarded-For': c }), 'a,b', 5);
    expect(fastPath(fast)).toBe(false);
    expect([fast.status, astro.status]).toEqual([415, 415]);
    expect(fast.body).toBe(astro.body);
  });
});
