// POST /api/complaints, POST /api/complaints/status and GET /api/health
// against the built server and a real Redis: every status of the contract in
// DESIGN.md, idempotency, concurrency, malformed input, and the privacy rules
// (what ends up in Redis).
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/project';
import { redisUrl } from '../support/redis';
import { startServer, type RunningServer } from '../support/server';
import { countKeys, dumpPrefix, openRedis, scanKeys, testSecret, uniquePrefix } from '../support/intakeRedis';
import { postForm, postJson, sampleAspect, sampleSchool, validComplaint } from '../support/intakeForms';

const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/;
const REFERENCE = /^JB-\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/;
const HAN = /[\u4e00-\u9fff]/;

let url: string;
let server: RunningServer;
let prefix: string;
let redis: Awaited<ReturnType<typeof openRedis>>;
const extraServers: RunningServer[] = [];
/** Prefixes of other servers on the real Redis, emptied at the end. */
const cleanup: string[] = [];

const api = (path = '/api/complaints') => `${url}${path}`;
const complaints = () => countKeys(redis, `${prefix}:complaint:*`);
const jobs = () => countKeys(redis, `${prefix}:job:*`);

/**
 * An outbox the dispatcher cannot write to (its parent is a file). The server
 * kicks the dispatcher after every filing; with this, each notification job
 * fails once and waits an hour for its retry, so Redis keeps showing exactly
 * what filing wrote (the complaint and its job, due).
 */
function unwritableOutbox(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'schoolwatch-outbox-')), 'not-a-folder');
  writeFileSync(file, '');
  return join(file, 'outbox');
}

/** A server on the real Redis with its own key prefix, whose notification jobs stay queued. */
async function redisServer(env: Record<string, string> = {}): Promise<{ server: RunningServer; prefix: string }> {
  const own = uniquePrefix('api');
  const started = await startServer({
    REDIS_URL: await redisUrl(),
    REDIS_KEY_PREFIX: own,
    SITE_SECRET: testSecret(),
    OUTBOX_DIR: unwritableOutbox(),
    DISPATCH_RETRY_BASE_MS: '3600000',
    ...env,
  });
  extraServers.push(started);
  return { server: started, prefix: own };
}

beforeAll(async () => {
  redis = await openRedis(await redisUrl());
  // Limits raised: this file alone files well over the default ten an hour.
  ({ server, prefix } = await redisServer({ INTAKE_RATE_LIMIT: '100000', LOOKUP_RATE_LIMIT: '100000' }));
  url = server.url;
});

afterAll(async () => {
  // A server that died mid-file explains the failures that followed.
  for (const s of extraServers) if (s.process.exitCode !== null) console.error(`server ${s.url} exited:\n${s.output()}`);
  await Promise.all(extraServers.map((s) => s.stop()));
  if (redis) {
    for (const s of new Set([prefix, ...cleanup])) {
      const keys = await scanKeys(redis, `${s}:*`);
      if (keys.length) await redis.del(keys);
    }
    redis.destroy();
  }
});

describe('GET /api/health', () => {
  it('answers 200 when Redis answers', async () => {
    const res = await fetch(api('/api/health'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ store: 'up' });
  });
});

describe('POST /api/complaints: 201', () => {
  it('files a JSON complaint and answers with the reference, receipt code, bureau, acceptBy, the day and a signed receipt', async () => {
    const before = await complaints();
    const res = await postJson(api(), validComplaint());
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['acceptBy', 'bureau', 'filedOn', 'receipt', 'receiptCode', 'reference']);
    expect(body.receipt).toMatch(
      new RegExp(`^SWR1\\.${body.reference}\\.\\d{8}\\.${sampleSchool.bureau}\\.${body.acceptBy.replaceAll('-', '')}\\.[A-Za-z0-9_-]{43}$`),
    );
    expect(body.receipt).not.toContain(body.receiptCode);
    expect(body.reference).toMatch(REFERENCE);
    expect(body.receiptCode).toMatch(RECEIPT);
    expect(body.bureau).toEqual({ id: sampleSchool.bureau, name: expect.stringMatching(HAN) });
    expect(body.acceptBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.acceptBy > new Date().toISOString().slice(0, 10)).toBe(true);
    expect(await complaints()).toBe(before + 1);
    expect(await redis.exists(`${prefix}:complaint:${body.reference}`)).toBe(1);
  });

  it('files a form-encoded complaint posted from the same origin', async () => {
    const res = await postForm(api(), {
      school: sampleSchool.id,
      aspect: 'unsure',
      description: '老师要求家长每月交资料费一百元。',
      anonymous: 'false',
      name: '李女士',
      phone: '13912345678',
      contactConsent: 'on',
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.reference).toMatch(REFERENCE);
    expect(body.receiptCode).toMatch(RECEIPT);
  });

  it('refuses a form post from another origin (403) and stores nothing', async () => {
    const before = await complaints();
    const res = await postForm(
      api(),
      { school: sampleSchool.id, aspect: sampleAspect.id, description: '这是一个跨站提交的表单内容。', anonymous: 'true' },
      { Origin: 'https://attacker.example' },
    );
    expect(res.status).toBe(403);
    expect(await complaints()).toBe(before);
  });
});

describe('POST /api/complaints: 422', () => {
  const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  it.each<[string, unknown, string[]]>([
    ['no school', validComplaint({ school: undefined }), ['school']],
    ['an unknown school', validComplaint({ school: 'no-such-school' }), ['school']],
    ['a school that is not text', validComplaint({ school: 42 }), ['school']],
    ['no aspect', validComplaint({ aspect: '' }), ['aspect']],
    ['an unknown aspect', validComplaint({ aspect: 'no-such-aspect' }), ['aspect']],
    ['a description that is too short', validComplaint({ description: '太短了' }), ['description']],
    ['a description over 2,000 characters', validComplaint({ description: '违'.repeat(2001) }), ['description']],
    ['a date in the future', validComplaint({ occurredOn: future }), ['occurredOn']],
    ['a date that is not a calendar date', validComplaint({ occurredOn: '2025-02-30' }), ['occurredOn']],
    ['no answer to "anonymous"', validComplaint({ anonymous: undefined }), ['anonymous']],
    ['a name but no phone or email', validComplaint({ anonymous: false, name: '王先生' }), ['phone']],
    ['contact details without a name', validComplaint({ anonymous: false, phone: '13800000000' }), ['name']],
    ['a malformed phone and email', validComplaint({ anonymous: false, name: '王先生', phone: '12345', email: 'not-an-email' }), ['email', 'phone']],
    ['the honeypot filled in', validComplaint({ website: 'http://spam.example' }), ['website']],
    ['everything missing', {}, ['anonymous', 'aspect', 'description', 'school']],
    ['an array instead of an object', [validComplaint()], ['body']],
  ])('names the field for %s, in Chinese', async (_name, body, fields) => {
    const before = await complaints();
    const res = await postJson(api(), body);
    expect(res.status).toBe(422);
    const { errors } = await res.json();
    expect(Object.keys(errors).sort()).toEqual(fields);
    for (const message of Object.values(errors)) expect(message).toMatch(HAN);
    expect(await complaints()).toBe(before);
  });

  it('says which choice is missing in plain words', async () => {
    const { errors } = await (await postJson(api(), {})).json();
    expect(errors.school).toBe('请选择学校');
    expect(errors.description).toBe('请写下发生了什么');
  });

  it('refuses an Idempotency-Key that is too short or too long', async () => {
    for (const key of ['short', 'k'.repeat(201)]) {
      const res = await postJson(api(), validComplaint(), { 'Idempotency-Key': key });
      expect(res.status).toBe(422);
      expect(Object.keys((await res.json()).errors)).toEqual(['idempotencyKey']);
    }
  });
});

describe('POST /api/complaints: 413, 415, 400', () => {
  const big = () => JSON.stringify(validComplaint({ description: '超'.repeat(12_000) })); // 36 KB of UTF-8

  it('answers 413 to a body whose Content-Length is over 32 KB', async () => {
    const before = await complaints();
    const body = big();
    expect(Buffer.byteLength(body)).toBeGreaterThan(32 * 1024);
    const res = await fetch(api(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(res.status).toBe(413);
    expect((await res.json()).errors.body).toMatch(HAN);
    expect(await complaints()).toBe(before);
  });

  it('answers 413 to a chunked body that grows over 32 KB without announcing its length', async () => {
    const bytes = new TextEncoder().encode(big());
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096));
        controller.close();
      },
    });
    const res = await fetch(api(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).errors.body).toMatch(HAN);
  });

  it('accepts a complaint just under the cap', async () => {
    // 2,000 Chinese characters, the longest description, form-encoded: about 18 KB.
    const res = await postForm(api(), { school: sampleSchool.id, aspect: sampleAspect.id, description: '长'.repeat(2000), anonymous: 'true' });
    expect(res.status).toBe(201);
  });

  it.each([
    ['text/plain', () => ({ headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(validComplaint()) })],
    [
      'multipart/form-data',
      () => {
        const form = new FormData();
        for (const [k, v] of Object.entries(validComplaint())) form.append(k, String(v));
        return { body: form };
      },
    ],
    ['no content type', () => ({ body: new Blob([JSON.stringify(validComplaint())]) })],
  ] as Array<[string, () => RequestInit]>)('answers 415 to %s', async (_type, init) => {
    const before = await complaints();
    const request = init();
    // The Origin header lets the request past Astro's cross-origin check for form types.
    const res = await fetch(api(), { method: 'POST', ...request, headers: { Origin: url, ...(request.headers as Record<string, string>) } });
    expect(res.status).toBe(415);
    expect((await res.json()).errors.body).toMatch(HAN);
    expect(await complaints()).toBe(before);
  });

  it('answers 400 to JSON that does not parse and to bytes that are not UTF-8', async () => {
    const broken = await fetch(api(), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"school": "' });
    expect(broken.status).toBe(400);
    const bytes = await fetch(api(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect(bytes.status).toBe(400);
  });
});

describe('POST /api/complaints: 429', () => {
  it('answers 429 with a numeric Retry-After once INTAKE_RATE_LIMIT is used up, and stores nothing more', async () => {
    const limited = await redisServer({ INTAKE_RATE_LIMIT: '3' });
    cleanup.push(limited.prefix);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postJson(`${limited.server.url}/api/complaints`, validComplaint())).status);
    expect(statuses).toEqual([201, 201, 201]);
    const res = await postJson(`${limited.server.url}/api/complaints`, validComplaint());
    expect(res.status).toBe(429);
    const retryAfter = res.headers.get('retry-after');
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(3600);
    expect((await res.json()).errors.rate).toMatch(HAN);
    expect(await countKeys(redis, `${limited.prefix}:complaint:*`)).toBe(3);
  });
});

describe('when Redis is down', () => {
  let down: RunningServer;
  let downPrefix: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'schoolwatch-down-'));
    downPrefix = uniquePrefix('down');
    down = await startServer({
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      REDIS_KEY_PREFIX: downPrefix,
      SITE_SECRET: testSecret(),
      SCHOOLWATCH_DATA_DIR: dataDir,
    });
    extraServers.push(down);
  });

  it('answers 503 quickly to a valid complaint and writes nothing anywhere', async () => {
    const started = Date.now();
    const res = await postJson(`${down.url}/api/complaints`, validComplaint(), { 'Idempotency-Key': 'down-test-0001' });
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(6000);
    expect((await res.json()).errors.store).toMatch(HAN);
    // Not in the real Redis under its prefix, and no silent fall-back to the embedded store.
    expect(await scanKeys(redis, `${downPrefix}:*`)).toEqual([]);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('answers 503 to a status lookup', async () => {
    const res = await postJson(`${down.url}/api/complaints/status`, { receiptCode: '7K3M9-Q2PXA-B4RTV-8HJ6N' });
    expect(res.status).toBe(503);
  });

  it('answers 503 on /api/health', async () => {
    const started = Date.now();
    const res = await fetch(`${down.url}/api/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ store: 'down' });
    expect(Date.now() - started).toBeLessThan(6000);
  });
});

describe('Idempotency-Key', () => {
  it('returns the first answer for a repeated key and stores one complaint and one job', async () => {
    const [c0, j0] = [await complaints(), await jobs()];
    const key = `idem-${Date.now()}-repeat`;
    const first = await postJson(api(), validComplaint(), { 'Idempotency-Key': key });
    const second = await postJson(api(), validComplaint(), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const [a, b] = [await first.json(), await second.json()];
    expect(b).toEqual(a);
    expect([await complaints(), await jobs()]).toEqual([c0 + 1, j0 + 1]);
  });

  it('files once when the same key arrives several times at once', async () => {
    const [c0, j0] = [await complaints(), await jobs()];
    const key = `idem-${Date.now()}-concurrent`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => postJson(api(), validComplaint(), { 'Idempotency-Key': key })));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(new Set(bodies.map((b) => `${b.reference} ${b.receiptCode}`)).size).toBe(1);
    expect([await complaints(), await jobs()]).toEqual([c0 + 1, j0 + 1]);
  });
});

describe('50 concurrent submissions', () => {
  it('gives 50 × 201, 50 references, 50 complaints, 50 jobs and 50 due jobs', async () => {
    const [c0, j0, d0] = [await complaints(), await jobs(), await redis.zCard(`${prefix}:jobs:due`)];
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postJson(api(), validComplaint({ description: `第 ${i} 位家长反映：学校周末组织补课并收费。` }), { 'Idempotency-Key': `burst-${Date.now()}-${i}` }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(201));
    const bodies: Array<{ reference: string; receiptCode: string }> = await Promise.all(answers.map((r) => r.json()));
    expect(new Set(bodies.map((b) => b.reference)).size).toBe(50);
    expect(new Set(bodies.map((b) => b.receiptCode)).size).toBe(50);
    expect(await complaints()).toBe(c0 + 50);
    expect(await jobs()).toBe(j0 + 50);
    expect(await redis.zCard(`${prefix}:jobs:due`)).toBe(d0 + 50);
    for (const { reference } of bodies) {
      expect(await redis.exists(`${prefix}:complaint:${reference}`)).toBe(1);
      expect(await redis.zScore(`${prefix}:jobs:due`, `complaint.filed/${reference}`)).not.toBeNull();
    }
  });
});

describe('malformed bodies (property-based)', () => {
  const wrong = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  );
  const notABoolean = fc.oneof(
    fc.integer(),
    fc.array(fc.boolean(), { minLength: 1, maxLength: 2 }),
    fc.object({ maxDepth: 1 }),
    fc.string({ minLength: 1 }).filter((s) => !['true', 'false', 'on', 'yes', 'no'].includes(s)),
  );
  const contact = { anonymous: false, name: '张女士', phone: '13800000000', email: 'parent@example.com' };

  /** A complaint that is valid but for one or more fields of the wrong type or shape. */
  const wrongFields = fc
    .record(
      {
        school: fc.oneof(
          wrong,
          fc.string().filter((s) => s.trim() !== sampleSchool.id),
        ),
        aspect: fc.oneof(
          wrong.filter((v) => v !== null),
          fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && s.trim() !== 'unsure' && s.trim() !== sampleAspect.id),
        ),
        description: fc.oneof(wrong, fc.string({ maxLength: 9 })),
        occurredOn: fc.oneof(
          fc.integer(),
          fc.boolean(),
          fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(s.trim())),
          fc.constant('2999-01-01'),
        ),
        anonymous: notABoolean,
        contactConsent: notABoolean,
        name: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.constant('名'.repeat(41))),
        phone: fc.oneof(
          fc.integer(),
          fc.boolean(),
          fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== ''),
        ),
        email: fc.oneof(
          fc.integer(),
          fc.boolean(),
          fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !s.includes('@')),
        ),
        website: fc.string({ minLength: 1 }),
      },
      { requiredKeys: [] },
    )
    .filter((broken) => Object.keys(broken).length > 0)
    // Contact fields are checked only when the parent is not anonymous.
    .map((broken) => ({
      body: JSON.stringify({ ...validComplaint(), ...(['name', 'phone', 'email'].some((k) => k in broken) ? contact : {}), ...broken }),
      type: 'application/json',
    }));

  const asJson = (value: unknown) => ({ body: JSON.stringify(value) ?? 'null', type: 'application/json' });
  const bodies = fc.oneof(
    fc.jsonValue().map(asJson),
    wrongFields,
    fc.string({ maxLength: 200 }).map((body) => ({ body, type: 'application/json' })),
    fc.string({ maxLength: 200 }).map((body) => ({ body, type: 'application/x-www-form-urlencoded' })),
    // Invalid UTF-8: 0xFF never occurs in UTF-8, a lone 0xC3 lacks its continuation byte.
    fc
      .tuple(
        fc.uint8Array({ maxLength: 100 }),
        fc.nat(),
        fc.constantFrom(0xff, 0xfe, 0xc3, 0x80),
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded'),
      )
      .map(([bytes, at, bad, type]) => {
        const i = at % (bytes.length + 1);
        return { body: new Uint8Array([...bytes.slice(0, i), bad, ...(bad === 0xc3 ? [0x41] : []), ...bytes.slice(i)]), type };
      }),
    // Truncated JSON, cut at any byte (also inside a Chinese character).
    fc.nat().map((at) => {
      const full = Buffer.from(JSON.stringify(validComplaint({ anonymous: false, name: '赵先生', phone: '13800000000' })));
      return { body: new Uint8Array(full.subarray(0, at % full.length)), type: 'application/json' };
    }),
  );

  it('answers every one of 1,000 malformed bodies with a 4xx and stores no complaint', async () => {
    const before = await complaints();
    await fc.assert(
      fc.asyncProperty(bodies, async ({ body, type }) => {
        const res = await fetch(api(), { method: 'POST', headers: { 'Content-Type': type, Origin: url }, body });
        const text = await res.text();
        expect(res.status, text).toBeGreaterThanOrEqual(400);
        expect(res.status, text).toBeLessThan(500);
        expect(JSON.parse(text)).toHaveProperty('errors');
      }),
      { numRuns: 1000 },
    );
    expect(await complaints()).toBe(before);
  });
});

describe('POST /api/complaints/status', () => {
  const person = { name: '周晓梅', phone: '13700001234', email: 'zhou.parent@example.org' };
  const description = '状态查询测试：学校初一年级按考试成绩分重点班和普通班。';
  let filed: { reference: string; receiptCode: string; acceptBy: string };

  beforeAll(async () => {
    const res = await postJson(api(), validComplaint({ description, anonymous: false, contactConsent: true, ...person }));
    expect(res.status).toBe(201);
    filed = await res.json();
  });

  it.each([
    ['as shown', (c: string) => c],
    ['in lower case', (c: string) => c.toLowerCase()],
    ['without hyphens', (c: string) => c.replaceAll('-', '')],
    ['with spaces, lower case', (c: string) => ` ${c.toLowerCase().replaceAll('-', ' ')} `],
  ])('answers 200 with the public view for the code typed %s', async (_how, typed) => {
    const res = await postJson(api('/api/complaints/status'), { receiptCode: typed(filed.receiptCode) });
    expect(res.status).toBe(200);
    const text = await res.text();
    const view = JSON.parse(text);
    expect(view.reference).toBe(filed.reference);
    expect(view.school).toEqual({ id: sampleSchool.id, name: sampleSchool.name });
    expect(view.aspect).toEqual({ id: sampleAspect.id, name: sampleAspect.name });
    expect(view.status).toBe('submitted');
    expect(view.statusLabel).toBe('待受理');
    expect(view.acceptBy).toBe(filed.acceptBy);
    expect(view.history).toEqual([expect.objectContaining({ type: 'filed', label: expect.stringMatching(HAN) })]);
    for (const secret of [description, person.name, person.phone, person.email, filed.receiptCode, filed.receiptCode.replaceAll('-', '')])
      expect(text).not.toContain(secret);
  });

  it('accepts the code form-encoded from the same origin', async () => {
    const res = await postForm(api('/api/complaints/status'), { receiptCode: filed.receiptCode });
    expect(res.status).toBe(200);
    expect((await res.json()).reference).toBe(filed.reference);
  });

  it('answers 404 with the same words for an unknown code and a malformed one', async () => {
    const unknown = await postJson(api('/api/complaints/status'), { receiptCode: '00000-00000-00000-00000' });
    const malformed = await postJson(api('/api/complaints/status'), { receiptCode: 'not a code!' });
    expect([unknown.status, malformed.status]).toEqual([404, 404]);
    const [a, b] = [await unknown.json(), await malformed.json()];
    expect(a).toEqual(b);
    expect(a.errors.receiptCode).toMatch(HAN);
  });
});

describe('privacy at rest', () => {
  const people = [
    {
      name: '欧阳建华',
      phone: '13955501234',
      email: 'ouyang.jianhua@example.com',
      description: '隐私检查一号：班主任要求每位学生购买指定教辅，价格三百八十元。',
      contactConsent: true,
    },
    {
      name: 'Margaret Wu',
      phone: '0558-7654321',
      email: 'margaret.wu@example.net',
      description: '隐私检查二号：学校将学籍挂在外县，实际在本校就读。',
      contactConsent: false,
    },
    {
      name: '司马光明',
      phone: '138 2222 3333',
      email: 'sima@example.org',
      description: '隐私检查三号：暑假期间学校组织初三学生集中补课。',
      contactConsent: true,
    },
  ];

  it('keeps no phone, email, name, receipt code, description or raw IP anywhere under the prefix', async () => {
    const codes: string[] = [];
    for (const [i, p] of people.entries()) {
      const res = await postJson(api(), validComplaint({ anonymous: false, ...p }), i === 0 ? { 'Idempotency-Key': `privacy-${Date.now()}` } : {});
      expect(res.status).toBe(201);
      codes.push((await res.json()).receiptCode);
      expect((await postJson(api('/api/complaints/status'), { receiptCode: codes.at(-1) })).status).toBe(200);
    }
    const dump = await dumpPrefix(redis, prefix);
    // The store holds the complaints, their jobs, indexes and rate-limit counters.
    expect(dump.some((d) => d.key.startsWith(`${prefix}:complaint:`))).toBe(true);
    expect(dump.some((d) => d.key.startsWith(`${prefix}:rate:`))).toBe(true);

    const forbidden = [
      ...people.flatMap((p) => [p.name, p.phone, p.phone.replace(/\s/g, ''), p.email, p.description, p.description.slice(0, 12)]),
      ...codes.flatMap((c) => [c, c.replaceAll('-', ''), c.toLowerCase()]),
      '127.0.0.1',
      '::1',
    ];
    const leaks = dump.flatMap(({ key, text }) => forbidden.filter((f) => key.includes(f) || text.includes(f)).map((f) => `${key} contains ${f}`));
    expect(leaks).toEqual([]);
  });
});
