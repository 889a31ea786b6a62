// What an attacker or an unlucky operator would try against the built server:
// framing, cached personal data under other spellings of a path, outages,
// bodies of the wrong shape, aborted requests, links that should be dead, a
// reused idempotency key, and personal words left readable in the store.
import net from 'node:net';
import http from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../support/server';
import { launchBrowser } from '../support/browser';
import { freePort } from '../support/project';
import { redisUrl } from '../support/redis';
import { dumpPrefix, openRedis, testSecret, uniquePrefix } from '../support/intakeRedis';
import { postForm, postJson, sampleSchool, validComplaint } from '../support/intakeForms';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { signAnswerToken } from '../../src/domain/answerLink';
import type { ComplaintEvent } from '../../src/domain/complaint';

const CRON_SECRET = 'cron-secret-for-hardening-tests';
const secret = testSecret();
const prefix = uniquePrefix('hardening');
let server: RunningServer;
let down: RunningServer;

beforeAll(async () => {
  [server, down] = await Promise.all([
    startServer({
      REDIS_URL: await redisUrl(),
      REDIS_KEY_PREFIX: prefix,
      SITE_SECRET: secret,
      CRON_SECRET,
      INTAKE_RATE_LIMIT: '1000',
      LOOKUP_RATE_LIMIT: '1000',
    }),
    startServer({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, SITE_SECRET: testSecret(), CRON_SECRET }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), down?.stop()]);
  const redis = await openRedis(await redisUrl());
  for (const { key } of await dumpPrefix(redis, prefix)) await redis.del(key);
  redis.destroy();
});

/** Files a complaint through the API and returns its reference and receipt code. */
async function file(overrides: Record<string, unknown> = {}) {
  const res = await postJson(`${server.url}/api/complaints`, validComplaint(overrides));
  expect(res.status).toBe(201);
  return (await res.json()) as { reference: string; receiptCode: string; bureau: { id: string } };
}

/** A valid answer link for a complaint, signed with the test server's secret. */
const linkFor = async (reference: string, bureau: string, history: ComplaintEvent[] = []) =>
  signAnswerToken(await webCryptoKeys(secret), { reference, bureau, history }, new Date());

describe('framing', () => {
  let browser: Browser;
  let framer: http.Server;
  beforeAll(async () => {
    browser = await launchBrowser();
    // A page on another origin that frames the site's pages.
    framer = http.createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><title>framer</title><iframe name="victim" src="${decodeURIComponent(req.url!.slice(1))}"></iframe>`);
    });
    framer.listen(0, '127.0.0.1');
    await once(framer, 'listening');
  });
  afterAll(async () => {
    await browser?.close();
    framer?.close();
  });

  it.each(['/answer/?t=x', '/report/', '/report/status/', '/', `/schools/${sampleSchool.id}/`, '/api/health'])(
    'refuses to show %s inside another origin’s page',
    async (path) => {
      const page = await browser.newPage();
      const refusals: string[] = [];
      page.on('console', (m) => refusals.push(m.text()));
      const target = `${server.url}${path}`;
      await page.goto(`http://127.0.0.1:${(framer.address() as net.AddressInfo).port}/${encodeURIComponent(target)}`);
      await page.waitForTimeout(500);
      // Chromium puts its error page in the frame instead, and says why.
      expect(page.frame({ name: 'victim' })?.url()).toBe('chrome-error://chromewebdata/');
      expect(refusals.some((text) => text.includes('violates the following Content Security Policy directive: "frame-ancestors \'none\'"'))).toBe(true);
      await page.close();
    },
  );
});

describe('the headers of every route kind, whatever the spelling of its path', () => {
  const site = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
    'cross-origin-opener-policy': 'same-origin',
  };
  const notice = '/notices/2024-05-08-qc-deployment';
  const kinds: Array<[string, string[], { status: number; onDemand: boolean; page: boolean; live?: boolean }]> = [
    [
      'a static page',
      [
        `${notice}/`,
        notice,
        `/${notice}/`.replace('/notices/', '/notices//'),
        `/notices/./${notice.slice(9)}/`,
        `/%6Eotices/${notice.slice(9)}/`,
        `${notice}/index.html`,
      ],
      { status: 200, onDemand: false, page: true },
    ],
    // Pages that show published notices: rendered on demand, kept until the next publication, public to shared caches for a few seconds.
    [
      'a school page',
      ['/schools/qc-xinghe-primary/', '/schools/qc-xinghe-primary', '/%73chools/qc-xinghe-primary/'],
      { status: 200, onDemand: true, page: true, live: true },
    ],
    ['the home page', ['/'], { status: 200, onDemand: true, page: true, live: true }],
    [
      'the report form',
      ['/report/', '/report', '//report/', '/report/./', '/%72eport/', '/REPORT/'.toLowerCase()],
      { status: 200, onDemand: true, page: true },
    ],
    ['the status page', ['/report/status/', '//report//status/', '/report/%73tatus/', '/report/x/../status/'], { status: 200, onDemand: true, page: true }],
    ['the bureau answer page', ['/answer/?t=x', '//answer/?t=x', '/%61nswer/?t=x'], { status: 403, onDemand: true, page: true }],
    ['an API endpoint', ['/api/health', '//api/health', '/api/./health', '/api/%68ealth'], { status: 200, onDemand: true, page: false }],
    ['a missing page', ['/no-such-page/', '//no-such-page'], { status: 404, onDemand: false, page: true }],
    // A route that found nothing answers with the site's 404 page: styled, its search form working (the page's policy).
    ['an unknown school or notice', ['/schools/no-such-school/', '/notices/no-such-notice/'], { status: 404, onDemand: true, page: true }],
    ['a missing build asset', ['/_astro/no-such-file.js', '//_astro/no-such-file.js'], { status: 404, onDemand: false, page: true }],
  ];
  it.each(kinds)('%s', async (_kind, spellings, expected) => {
    for (const path of spellings) {
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      const headers = Object.fromEntries(res.headers);
      expect(res.status, path).toBe(expected.status);
      expect(headers, path).toMatchObject(site);
      // One policy, with the site's directives; pages have Astro's script hashes in it.
      const policy = res.headers.get('content-security-policy') ?? '';
      expect(policy.split(',').length, path).toBe(1);
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(policy, path).toMatch(expected.page ? /script-src 'self' 'sha256-/ : /^default-src 'none'/);
      if (expected.onDemand) {
        expect(headers['cache-control'], path).toBe(
          expected.live ? 'public, max-age=0, s-maxage=5, stale-while-revalidate=55, stale-if-error=86400' : 'no-store',
        );
        expect(headers['referrer-policy'], path).toBe('same-origin');
      } else {
        expect(headers['cache-control'] ?? '', path).not.toContain('immutable');
        expect(headers['referrer-policy'], path).toBe('no-referrer');
      }
    }
  });

  it('marks an existing build asset immutable', async () => {
    const html = await (await fetch(`${server.url}/report/`)).text();
    const asset = /src="(\/_astro\/[^"]+\.js)"/.exec(html)![1]!;
    const res = await fetch(`${server.url}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves the build’s other files, refuses dotfiles and answers 400 to a path that cannot be decoded', async () => {
    const icon = await fetch(`${server.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect((await icon.text()).startsWith('<svg')).toBe(true);
    const robots = await fetch(`${server.url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect((await fetch(`${server.url}/.env`)).status).toBe(404);
    const undecodable = await fetch(`${server.url}/schools/%E0%A4%A/`);
    expect(undecodable.status).toBe(400);
    expect(await undecodable.text()).toBe('Bad request.');
  });
});

describe('cron endpoints while Redis is down', () => {
  it.each(['dispatch', 'overdue'])('/api/cron/%s answers 503 with a short reason and logs one line without a stack', async (job) => {
    const before = down.output().length;
    const res = await fetch(`${down.url}/api/cron/${job}`, { headers: { Authorization: `Bearer ${CRON_SECRET}` } });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ errors: { store: 'store unavailable, try again later' } });
    const logged = down
      .output()
      .slice(before)
      .split('\n')
      .filter((line) => line.includes(`cron.${job}.unavailable`));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({ level: 'warn', event: `cron.${job}.unavailable`, error: 'StoreUnavailableError' });
    expect(down.output()).not.toMatch(/^\s+at /m);
  });
});

describe('a body of the wrong shape', () => {
  const shapes = ['null', '[]', '[{"school":"x"}]', '42', '"text"', 'true'];
  it.each([
    ['/api/complaints', [422]],
    ['/api/complaints/status', [422]],
    ['/report/', [400]],
    ['/report/status/', [400]],
    ['/answer/', [400]],
  ])('posted as JSON to %s answers %j, never 500', async (path, statuses) => {
    for (const body of shapes) {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(statuses, `${path} ${body}`).toContain(res.status);
    }
  });
});

describe('aborted requests and lying Content-Lengths', () => {
  it('end quietly, with one line in the log and no stack trace', async () => {
    const before = server.output().length;
    const paths = ['/api/complaints', '/api/complaints/status', '/report/', '/report/status/', '/answer/'];
    for (const path of paths) {
      const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
      await once(socket, 'connect');
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nOrigin: ${server.url}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\nschool=qc-`,
      );
      await new Promise((r) => setTimeout(r, 200));
      socket.destroy();
    }
    await new Promise((r) => setTimeout(r, 500));
    const lines = server.output().slice(before).split('\n').filter(Boolean);
    expect(lines).toHaveLength(paths.length);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ level: 'info', event: 'request.incomplete', reason: 'ECONNRESET' });
    // And it carries on serving.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});

describe('links and keys that must not work twice', () => {
  it('a link issued before a transfer stays dead after A → B → A', async () => {
    const { reference, bureau } = await file();
    const other = bureau.id === 'guoyang' ? 'lixin' : 'guoyang';
    const first = await linkFor(reference, bureau.id);
    expect((await postForm(`${server.url}/answer/`, { t: first, action: 'transfer', to: other, reason: '学校归对方主管' })).status).toBe(200);
    const moved: ComplaintEvent[] = [{ at: '', type: 'transferred', bureau: other }];
    const second = await linkFor(reference, other, moved);
    expect((await postForm(`${server.url}/answer/`, { t: second, action: 'transfer', to: bureau.id, reason: '核实后仍归原单位' })).status).toBe(200);
    const res = await fetch(`${server.url}/answer/?t=${encodeURIComponent(first)}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('这件举报已转交其他单位办理，这个链接不再有效。');
    // The link of the third routing works.
    const third = await linkFor(reference, bureau.id, [...moved, { at: '', type: 'transferred', bureau: bureau.id }]);
    expect((await fetch(`${server.url}/answer/?t=${encodeURIComponent(third)}`)).status).toBe(200);
  });

  it('a repeated Idempotency-Key with another body is refused in Chinese, and files nothing', async () => {
    const key = `hardening-${Date.now()}`;
    const first = await postJson(`${server.url}/api/complaints`, validComplaint(), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const other = await postJson(`${server.url}/api/complaints`, validComplaint({ description: '另一件事：学校强制购买指定的教辅资料。' }), {
      'Idempotency-Key': key,
    });
    expect(other.status).toBe(422);
    expect(await other.json()).toEqual({
      errors: { idempotencyKey: '这个 Idempotency-Key 已用于另一份内容不同的举报。重新提交同一份举报请用原来的 Key，提交新的举报请换一个新的 Key。' },
    });
    const same = await postJson(`${server.url}/api/complaints`, validComplaint(), { 'Idempotency-Key': key });
    expect(await same.json()).toEqual(await first.json());
  });
});

describe('personal words at rest', () => {
  it('keeps the parent’s dispute reason sealed in the store, and shows it to the bureau and, under the receipt code, to the parent', async () => {
    const { reference, receiptCode, bureau } = await file();
    const link = await linkFor(reference, bureau.id);
    await postForm(`${server.url}/answer/`, { t: link, action: 'accept' });
    await postForm(`${server.url}/answer/`, { t: link, action: 'resolve', answer: '经查属实，已责令整改。', finding: 'substantiated' });
    const reason = '异议：学校上周日仍然组织全班补课。';
    expect((await postForm(`${server.url}/report/status/`, { receiptCode, action: 'dispute', reason })).status).toBe(200);

    const redis = await openRedis(await redisUrl());
    const stored = (await dumpPrefix(redis, prefix)).map((e) => e.text).join('\n');
    redis.destroy();
    expect(stored).toContain(reference);
    expect(stored).not.toContain('学校上周日仍然组织全班补课');
    // The bureau reads it on its page; the receipt code opens the parent's own words (and nothing else personal).
    expect(await (await fetch(`${server.url}/answer/?t=${encodeURIComponent(link)}`)).text()).toContain(reason);
    expect(JSON.stringify(await (await postJson(`${server.url}/api/complaints/status`, { receiptCode })).json())).toContain(reason);
  });
});
