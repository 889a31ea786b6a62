// The bureau workspace over HTTP against the built server (embedded SQLite,
// local outbox), as a browser without JavaScript uses it: links and sessions
// refused in every way the issue lists, each with a clear page and a 4xx;
// the export's columns, BOM, consent and rows; the audit trail kept from the
// parent; no-store and noindex on every workspace page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { postForm, textOf, titleOf } from '../support/intakeForms';
import { openRedis, scanKeys, testSecret, uniquePrefix } from '../support/intakeRedis';
import { redisUrl } from '../support/redis';
import { movableClock, nextSignInMail, outboxOf, rootBeside, sessionCookieOf, settledMailCount, signInMails, signInOverHttp } from '../support/workspace';
import type { Root } from '../../src/server/root';

const CITY_SCHOOL = 'city-qingtong-middle';
const COUNTY_SCHOOL = 'qc-xinghe-primary';
const ASPECT = 'catchment-enrolment';
const client = { address: '192.0.2.10' };

let server: RunningServer;
let beside: Root;
/** The county bureau's session, signed in once for the tests that only read with it. */
let county: string;
// Behind one trusted proxy each request names its client: every test asks
// for links from an address of its own, so the per-client limit (10 an hour)
// is met only where a test means to meet it.
let addresses = 0;
// Spread over a /16 so that no test run makes an invalid address (198.51.100.256 would not parse).
const fromNewClient = () => ({ 'X-Forwarded-For': `10.51.${++addresses >> 8}.${addresses & 255}` });
const filed: Record<string, { reference: string; receiptCode: string }> = {};

async function file(name: string, school: string, extra: Record<string, unknown>) {
  const result = await beside.services.submitComplaint(
    { school, aspect: ASPECT, description: `${name}：学校周六组织全班补课，每人收费两百元。`, ...extra },
    client,
  );
  if (result.kind !== 'filed') throw new Error(`filing answered ${result.kind}`);
  filed[name] = { reference: result.answer.reference, receiptCode: result.answer.receiptCode };
}

beforeAll(async () => {
  server = await startServer({ TRUSTED_PROXY_HOPS: '1' });
  beside = await rootBeside(server);
  await file('city', CITY_SCHOOL, { anonymous: false, name: '王五', phone: '13900000000', contactConsent: true });
  await file('consented', COUNTY_SCHOOL, { anonymous: false, name: '张三', phone: '13800000000', email: 'zhang@example.com', contactConsent: true });
  await file('withheld', COUNTY_SCHOOL, { anonymous: false, name: '李四', phone: '13700000000', contactConsent: false });
  await file('anonymous', COUNTY_SCHOOL, { anonymous: true, description: '=HYPERLINK("http://evil.example")：学校周六组织全班补课。' });
  county = await signIn('qiaocheng');
});

const signIn = (body: string) => signInOverHttp(server, body, fromNewClient());

afterAll(async () => {
  await beside?.close();
  await server?.stop();
});

const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  postForm(`${server.url}${path}`, fields, { ...fromNewClient(), ...(cookie ? { Cookie: cookie } : {}) });
/** A token made by a root beside the server: another clock, or another deployment's secret. */
async function linkFrom(root: Root, body: string) {
  const seen = signInMails(outboxOf(server), body).length;
  expect((await root.services.workspace.requestLink({ body }, client)).kind).toBe('ok');
  return (await nextSignInMail(outboxOf(server), body, seen)).token;
}
async function cookieFrom(root: Root, body: string) {
  const signed = await root.services.workspace.signIn(await linkFrom(root, body));
  if (!signed.ok || !('cookie' in signed)) throw new Error('no session');
  return `sw_workspace=${signed.cookie}`;
}

describe('sign-in links', () => {
  it('are mailed to the body’s registered address only, whatever the form carries', async () => {
    const seen = signInMails(outboxOf(server), 'guoyang').length;
    const asked = await post('/bureau/', { body: 'guoyang', email: 'attacker@example.com', to: 'attacker@example.com' });
    expect(asked.status).toBe(200);
    expect(textOf(await asked.text(), 'data-link-requested')).toBeDefined();
    const mail = await nextSignInMail(outboxOf(server), 'guoyang', seen);
    expect(mail.to).toBe('jubao@guoyang.bozhou.example');
    expect(mail.subject).toBe('登录工作台（15 分钟内有效）');
  });

  it('refuses a body that is not in the list, with the error beside the field', async () => {
    const res = await post('/bureau/', { body: 'nowhere' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(titleOf(html)).toMatch(/^错误：/);
    expect(html).toContain('请选择您所在的单位');
  });

  it('are refused, with a clear page and a 4xx, when …', async () => {
    const reused = await nextSignInMailAfter('lixin');
    expect((await post('/bureau/signin/', { t: reused })).status).toBe(303);
    const expiredAt = movableClock(new Date(Date.now() - 16 * 60_000));
    const past = await rootBeside(server, { clock: expiredAt });
    const other = await rootBeside(server, { secret: testSecret() });
    try {
      const fresh = await nextSignInMailAfter('mengcheng');
      const cases: Array<[string, string]> = [
        ['used once already', reused],
        ['expired (made 16 minutes ago)', await linkFrom(past, 'qiaocheng')],
        ['tampered (one character changed)', fresh.slice(0, -1) + (fresh.endsWith('A') ? 'B' : 'A')],
        ['cut short', fresh.slice(0, 20)],
        ['made by another deployment (another SITE_SECRET)', await linkFrom(other, 'qiaocheng')],
      ];
      for (const [why, token] of cases) {
        for (const res of [await get(`/bureau/signin/?t=${encodeURIComponent(token)}`), await post('/bureau/signin/', { t: token })]) {
          expect(res.status, why).toBe(403);
          expect(sessionCookieOf(res), why).toBeUndefined();
          const html = await res.text();
          expect(titleOf(html), why).toBe('错误：登录链接无效 - 校务监督·亳州');
          expect(textOf(html, 'data-refused'), why).toBe(
            '这个登录链接已失效：登录链接只能使用一次，发出 15 分钟后失效，也可能没有复制完整。请回到登录页重新申请。',
          );
        }
      }
      // The untouched link still works: the refusals above did not spend it.
      expect((await post('/bureau/signin/', { t: fresh })).status).toBe(303);
    } finally {
      await past.close();
      await other.close();
    }
  });
});

async function nextSignInMailAfter(body: string) {
  const seen = signInMails(outboxOf(server), body).length;
  expect((await post('/bureau/', { body })).status).toBe(200);
  return (await nextSignInMail(outboxOf(server), body, seen)).token;
}

describe('sessions', () => {
  const NOT_SIGNED_IN = '请先登录：您还没有登录，或者登录已失效（8 小时未操作、已退出，或在其他设备上退出了所有登录）。';

  it('are refused, with a clear page and a 401, when …', async () => {
    const signedOut = await signIn('bozhou-city');
    expect((await post('/bureau/signout/', {}, signedOut)).status).toBe(200);
    const idle = await rootBeside(server, { clock: movableClock(new Date(Date.now() - 8 * 3_600_000 - 60_000)) });
    const other = await rootBeside(server, { secret: testSecret() });
    try {
      const live = await signIn('mengcheng');
      const cases: Array<[string, string | undefined]> = [
        ['no cookie at all', undefined],
        ['signed out', signedOut],
        ['idle for 8 hours and a minute', await cookieFrom(idle, 'mengcheng')],
        ['made by another deployment (another SITE_SECRET)', await cookieFrom(other, 'mengcheng')],
        ['tampered', live.slice(0, -1) + (live.endsWith('A') ? 'B' : 'A')],
        ['not a token', 'sw_workspace=../../etc/passwd'],
      ];
      for (const [why, cookie] of cases) {
        for (const path of ['/bureau/cases/', `/bureau/complaint/?ref=${filed.city!.reference}`, '/bureau/office/']) {
          const res = await get(path, cookie);
          expect(res.status, `${why}: ${path}`).toBe(401);
          const html = await res.text();
          expect(titleOf(html), why).toMatch(/^错误：/);
          expect(textOf(html, 'data-refused'), why).toBe(NOT_SIGNED_IN);
        }
        const acted = await post('/bureau/complaint/', { ref: filed.city!.reference, action: 'accept' }, cookie);
        expect(acted.status, why).toBe(401);
        const exported = await post('/bureau/export/', {}, cookie);
        expect([exported.status, exported.headers.get('content-type')], why).toEqual([401, 'text/html']);
      }
      expect((await get('/bureau/cases/', live)).status).toBe(200);
    } finally {
      await idle.close();
      await other.close();
    }
  });

  it('see only their own bureau’s complaints and may act on no other’s', async () => {
    const list = await (await get('/bureau/cases/', county)).text();
    expect(list).toContain(filed.consented!.reference);
    expect(list).toContain(filed.withheld!.reference);
    expect(list).not.toContain(filed.city!.reference);
    for (const [path, res] of [
      ['another bureau’s list', await get('/bureau/cases/?bureau=bozhou-city', county)],
      ['another bureau’s complaint', await get(`/bureau/complaint/?ref=${filed.city!.reference}`, county)],
      ['an action on it', await post('/bureau/complaint/', { ref: filed.city!.reference, action: 'accept' }, county)],
      ['the office’s overview', await get('/bureau/office/', county)],
    ] as const) {
      expect(res.status, path).toBe(403);
      expect(titleOf(await res.text()), path).toMatch(/^错误：/);
    }
    // The refused action changed nothing.
    expect(await beside.services.lookupComplaint(filed.city!.receiptCode, client)).toMatchObject({ kind: 'ok', view: { status: 'submitted' } });
  });

  it('of a body all end when one of them signs out everywhere', async () => {
    const [first, second] = [await signIn('lixin'), await signIn('lixin')];
    const res = await post('/bureau/signout/', { everywhere: '1' }, first);
    expect(res.headers.getSetCookie().join()).toMatch(/sw_workspace=;.*Max-Age=0|sw_workspace=deleted|Expires=Thu, 01 Jan 1970/);
    expect((await get('/bureau/cases/', first)).status).toBe(401);
    expect((await get('/bureau/cases/', second)).status).toBe(401);
  });

  it('ride on an HttpOnly, SameSite=Strict cookie for /bureau/ only, Secure when the proxy received https', async () => {
    const tokens = [await nextSignInMailAfter('guoyang'), await nextSignInMailAfter('guoyang')];
    const plain = await post('/bureau/signin/', { t: tokens[0]! });
    expect([plain.status, plain.headers.get('location')]).toEqual([303, '/bureau/cases/']);
    expect(plain.headers.getSetCookie()).toEqual([`sw_workspace=${sessionCookieOf(plain)}; Path=/bureau/; HttpOnly; SameSite=Strict`]);
    const https = await postForm(
      `${server.url}/bureau/signin/`,
      { t: tokens[1]! },
      { ...fromNewClient(), 'X-Forwarded-Proto': 'https', Origin: server.url.replace('http:', 'https:') },
    );
    expect(https.status).toBe(303);
    expect(https.headers.getSetCookie()).toEqual([`sw_workspace=${sessionCookieOf(https)}; Path=/bureau/; HttpOnly; Secure; SameSite=Strict`]);
  });
});

describe('the export', () => {
  it('is the bureau’s own rows as UTF-8 CSV with a BOM, contact details only where the parent consented, and it is recorded', async () => {
    const res = await post('/bureau/export/', {}, county);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="caseload-qiaocheng-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"举报编号","提交日期","来源渠道","学校","问题类型","状态","查实情况","期限类型","下一期限","剩余天数（负数为已逾期）","发生日期","举报内容","举报人姓名","举报人电话","举报人邮箱"',
    );
    expect(lines).toHaveLength(4);
    const row = (name: string) => lines.find((l) => l.startsWith(`"${filed[name]!.reference}"`))!;
    expect(row('consented')).toMatch(/"举报人姓名|"张三","13800000000","zhang@example.com"$/);
    expect(row('withheld')).toMatch(
      /"网上","谯城区[^"]+","[^"]+","待受理","","受理期限","\d{4}-\d{2}-\d{2}","15","","withheld：学校周六组织全班补课，每人收费两百元。","","",""$/,
    );
    expect(row('anonymous')).toContain(`"'=HYPERLINK(""http://evil.example"")：学校周六组织全班补课。","","",""`);
    expect(lines.join('\n')).not.toContain(filed.city!.reference);
    expect(lines.join('\n')).not.toContain('13700000000');

    const page = await (await get(`/bureau/complaint/?ref=${filed.withheld!.reference}`, county)).text();
    expect(page).toMatch(/<strong>导出 CSV<\/strong>\s*<p class="meta">[^<]+ · 谯城区教育局 · 工作台，\d{1,2}月\d{1,2}日 \d{2}:\d{2} 登录（[^<]+）<\/p>/);
  });

  it('is not offered to the office', async () => {
    const office = await signIn('@office');
    const res = await post('/bureau/export/', {}, office);
    expect(res.status).toBe(403);
    expect(textOf(await res.text(), 'data-refused')).toBe('只有教育局可以导出本单位的举报清单。');
  });
});

describe('the audit trail', () => {
  it('records the body and the session of each action, and never reaches the parent', async () => {
    const city = await signIn('bozhou-city');
    const { reference, receiptCode } = filed.city!;
    expect((await post('/bureau/complaint/', { ref: reference, action: 'accept' }, city)).status).toBe(200);
    const page = await (await get(`/bureau/complaint/?ref=${reference}`, city)).text();
    // Who, in words (the sign-in); the session's technical label stays on the server.
    expect(page).toMatch(/<strong>受理<\/strong>\s*<p class="meta">[^<]+ · 亳州市教育局 · 工作台，\d{1,2}月\d{1,2}日 \d{2}:\d{2} 登录（[^<]+）<\/p>/);
    const label = (await beside.services.workspace.session(city.split('=')[1]))!.label;
    expect(page).not.toContain(label);
    // The trail names the registered person whose link opened the session (issue 23), for the body and the office only.
    expect(page).toContain('登录（单位公务邮箱，jubao@city.bozhou.example）');

    const api = await fetch(`${server.url}/api/complaints/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ receiptCode }),
    });
    const json = await api.text();
    expect(JSON.parse(json)).toMatchObject({ status: 'accepted' });
    expect(json).not.toContain('audit');
    expect(json).not.toContain(label);
    expect(json).not.toContain('workspace');
    const parent = await (await post('/report/status/', { receiptCode })).text();
    expect(parent).toContain('办理中');
    expect(parent).not.toContain(label);
    expect(parent).not.toContain('操作记录');
  });

  it('records an action through the emailed signed link as such, and both ways show the same history', async () => {
    const { reference } = filed.consented!;
    const mail = JSON.parse(readFileSync(join(outboxOf(server), `complaint.filed_${reference}.json`), 'utf8')) as { text: string };
    const link = /http\S+\/answer\/\?t=\S+/.exec(mail.text)![0];
    expect((await post('/answer/', { t: new URL(link).searchParams.get('t')!, action: 'accept' })).status).toBe(200);
    const page = await (await get(`/bureau/complaint/?ref=${reference}`, county)).text();
    expect(page).toMatch(/<strong>受理<\/strong>\s*<p class="meta">[^<]+ · 谯城区教育局 · 邮件中的办理链接<\/p>/);
    expect(textOf(page, 'data-status')).toBe('办理中');
    const answerPage = await (await get(`/answer/?t=${encodeURIComponent(new URL(link).searchParams.get('t')!)}`)).text();
    expect(answerPage).toMatch(/<strong>受理<\/strong>\s*<p class="meta">[^<]+ · 谯城区教育局 · 邮件中的办理链接<\/p>/);
  });
});

describe('every workspace page', () => {
  it('is no-store and noindex, error pages included', async () => {
    const answers = [
      await get('/bureau/'),
      await post('/bureau/', { body: 'nowhere' }),
      await get('/bureau/signin/?t=nope'),
      await get('/bureau/cases/'),
      await get('/bureau/cases/', county),
      await get('/bureau/cases/?due=overdue&status=submitted', county),
      await get(`/bureau/complaint/?ref=${filed.consented!.reference}`, county),
      await get('/bureau/complaint/?ref=JB-20000101-AAAAAAAA', county),
      await get('/bureau/office/', county),
      await get('/bureau/export/', county),
      await get('/bureau/signout/', county),
    ];
    for (const res of answers) {
      const where = `${res.url} ${res.status}`;
      expect(res.headers.get('cache-control'), where).toBe('no-store');
      expect(res.headers.get('x-robots-tag'), where).toBe('noindex, nofollow');
      expect(await res.text(), where).toContain('<meta name="robots" content="noindex, nofollow">');
    }
  });

  it('refuses a form posted from another origin', async () => {
    const res = await postForm(`${server.url}/bureau/`, { body: 'qiaocheng' }, { Origin: 'https://elsewhere.example' });
    expect(res.status).toBe(403);
  });
});

describe('asking for links', () => {
  it('answers the same whether or not a link went out, and sends at most 5 an hour for one body', async () => {
    // The office has asked once above (the export test); six more requests, from six clients.
    const pages: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await post('/bureau/', { body: '@office' });
      expect(res.status).toBe(200);
      pages.push(/<main[\s\S]*<\/main>/.exec(await res.text())![0]);
    }
    expect(await settledMailCount(() => signInMails(outboxOf(server), '@office').length, 5)).toBe(5);
    expect(new Set(pages).size).toBe(1);
    // The two refused are logged for the operator, naming the body and no client.
    const limited = server
      .output()
      .split('\n')
      .filter((line) => line.includes('workspace.link.body-limited'));
    expect(limited).toHaveLength(2);
    expect(limited[0]).toContain('"body":"@office"');
    expect(limited.join('\n')).not.toContain('10.51.');
  });
});

describe('on a Redis store', () => {
  it('signs in, lists the bureau’s complaints, and signs out, keeping only hashes under the prefix', async () => {
    const prefix = uniquePrefix('workspace');
    const redis = await redisUrl();
    const onRedis = await startServer({ REDIS_URL: redis, REDIS_KEY_PREFIX: prefix, SITE_SECRET: testSecret() });
    const admin = await openRedis(redis);
    try {
      const res = await fetch(`${onRedis.url}/api/complaints`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ school: COUNTY_SCHOOL, aspect: ASPECT, description: '学校周六组织全班补课，每人收费两百元。', anonymous: true }),
      });
      const { reference } = (await res.json()) as { reference: string };
      const cookie = await signInOverHttp(onRedis, 'qiaocheng');
      const list = await fetch(`${onRedis.url}/bureau/cases/`, { headers: { Cookie: cookie } });
      expect(list.status).toBe(200);
      expect(await list.text()).toContain(`data-reference="${reference}"`);
      const sessionKeys = await scanKeys(admin, `${prefix}:ws-session:*`);
      expect(sessionKeys).toHaveLength(1);
      expect(sessionKeys[0]).not.toContain(cookie.split('=')[1]);
      expect((await postForm(`${onRedis.url}/bureau/signout/`, {}, { Cookie: cookie })).status).toBe(200);
      expect((await fetch(`${onRedis.url}/bureau/cases/`, { headers: { Cookie: cookie } })).status).toBe(401);
      expect(await scanKeys(admin, `${prefix}:ws-session:*`)).toEqual([]);
    } finally {
      await onRedis.stop();
      const keys = await scanKeys(admin, `${prefix}:*`);
      if (keys.length) await admin.del(keys);
      admin.destroy();
    }
  });
});
