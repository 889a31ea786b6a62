// Fair limits behind shared addresses. A parents' meeting on one Wi-Fi or a
// carrier's NAT shares one IPv4 address: 10 filings an hour without a proof
// of work, up to 50 with one (each proof spent once); an IPv6 client is its
// /64, whatever address of it asks; and a flood over the whole site raises
// an alarm in the log and in /api/health.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { postJson, validComplaint } from '../support/intakeForms';

const CRON_SECRET = 'cron-secret-for-filing-limit-tests';
const RATE = '提交太频繁，请稍后再试。';
let server: RunningServer;

beforeAll(async () => {
  // Behind one trusted proxy each request names its client in X-Forwarded-For.
  server = await startServer({ TRUSTED_PROXY_HOPS: '1', PROOF_MAX_NUMBER: '2000', INTAKE_ALARM_PER_HOUR: '40', CRON_SECRET });
});
afterAll(() => server?.stop());

const file = (address: string, extra: Record<string, unknown> = {}) =>
  postJson(`${server.url}/api/complaints`, validComplaint(extra), { 'X-Forwarded-For': address });
const lookup = (address: string) => postJson(`${server.url}/api/complaints/status`, { receiptCode: 'AAAAA-BBBBB-CCCCC-DDDDD' }, { 'X-Forwarded-For': address });

/** Solves a challenge from the server as a browser would: SHA-256(salt + n) until it matches (written here, not the site's solver). */
async function freshProof(): Promise<string> {
  const res = await fetch(`${server.url}/api/challenge`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const c = (await res.json()) as { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string };
  expect(c.algorithm).toBe('SHA-256');
  expect(c.maxnumber).toBe(2000);
  expect(c.salt).toMatch(/\?expires=\d+&$/);
  for (let n = 0; n <= c.maxnumber; n++) {
    if (
      createHash('sha256')
        .update(c.salt + n)
        .digest('hex') === c.challenge
    ) {
      return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: n, salt: c.salt, signature: c.signature })).toString(
        'base64',
      );
    }
  }
  throw new Error('challenge without a solution');
}

async function fileTimes(address: string, times: number) {
  for (let i = 0; i < times; i++) expect((await file(address)).status).toBe(201);
}

async function health() {
  const res = await fetch(`${server.url}/api/health`, { headers: { Authorization: `Bearer ${CRON_SECRET}` } });
  return (await res.json()) as { filingAlarm: { raised: boolean; perHour: number; until?: string } };
}

describe('filings from one IPv4 address', () => {
  it('start with the alarm down', async () => {
    expect((await health()).filingAlarm).toEqual({ raised: false, perHour: 40 });
  });

  it('the 11th without a proof is a 429 that names the challenge; with a fresh proof it is filed, up to 50 tries', async () => {
    const address = '203.0.113.11';
    await fileTimes(address, 10);
    const refused = await file(address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({ errors: { rate: RATE }, challenge: '/api/challenge' });
    // A refused try counts too (the window counts tries): 10 filed + 1 refused + 39 with a proof = 50.
    for (let i = 12; i <= 50; i++) expect((await file(address, { proof: await freshProof() })).status, `try ${i}`).toBe(201);
    expect((await file(address, { proof: await freshProof() })).status).toBe(429);
    expect((await file(address)).status).toBe(429);
  });

  it('a proof is spent by its first filing: replayed, it is refused', async () => {
    const address = '203.0.113.12';
    await fileTimes(address, 10);
    const proof = await freshProof();
    expect((await file(address, { proof })).status).toBe(201);
    expect((await file(address, { proof })).status).toBe(429);
    // Nor does it serve another address.
    const other = '203.0.113.13';
    await fileTimes(other, 10);
    expect((await file(other, { proof })).status).toBe(429);
  });

  it.each<[string, string, () => unknown]>([
    ['a proof that is no base64 JSON', '203.0.113.21', () => 'not-a-proof'],
    ['the wrong number', '203.0.113.22', async () => tamper(await freshProof(), (p) => ({ ...p, number: (p.number as number) + 1 }))],
    [
      'a salt without its expiry',
      '203.0.113.23',
      async () => tamper(await freshProof(), (p) => ({ ...p, salt: String(p.salt).replace(/\?expires=\d+&$/, '') })),
    ],
    [
      'an expiry moved later',
      '203.0.113.24',
      async () => tamper(await freshProof(), (p) => ({ ...p, salt: String(p.salt).replace(/expires=\d+/, 'expires=9999999999') })),
    ],
    ['SHA-1 claimed', '203.0.113.25', async () => tamper(await freshProof(), (p) => ({ ...p, algorithm: 'SHA-1' }))],
    ['a number as the proof', '203.0.113.26', () => 12345],
  ])('%s counts as no proof', async (_name, address, proof) => {
    await fileTimes(address, 10);
    expect((await file(address, { proof: await proof() })).status).toBe(429);
  });

  it('past INTAKE_ALARM_PER_HOUR on the whole site, a warning is logged and health says so', async () => {
    const alarm = (await health()).filingAlarm;
    expect(alarm.raised).toBe(true);
    expect(alarm.perHour).toBe(40);
    expect(Date.parse(alarm.until!)).toBeGreaterThan(Date.now());
    const warnings = server
      .output()
      .split('\n')
      .filter((l) => l.includes('"intake.alarm"'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 'warn', event: 'intake.alarm', perHour: 40 });
  });
});

function tamper(proof: string, change: (p: Record<string, unknown>) => Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(change(JSON.parse(Buffer.from(proof, 'base64').toString('utf8')) as Record<string, unknown>))).toString('base64');
}

describe('an IPv6 client is its /64', () => {
  it('61 lookups from 61 addresses of one /64 meet the limit of 60', async () => {
    for (let n = 1; n <= 60; n++) expect((await lookup(`2001:db8:1:1::${n.toString(16)}`)).status, `lookup ${n}`).toBe(404);
    expect((await lookup('2001:db8:1:1::ffff')).status).toBe(429);
    expect((await lookup('2001:db8:1:1:abcd:1234:5678:9abc')).status).toBe(429);
  });

  it('another /64 and an IPv4 address keep their own limits', async () => {
    expect((await lookup('2001:db8:1:2::1')).status).toBe(404);
    expect((await lookup('203.0.113.99')).status).toBe(404);
  });
});
