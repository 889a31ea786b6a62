// The notify-and-answer flow end to end, in a real Chromium at phone width,
// against the built server on a real Redis with the real Resend SDK pointed
// at a local capture server: a parent files a complaint, the bureau's email
// goes out at once, the bureau accepts and answers through the signed link,
// the parent reads the answer and rates it 不满意, and each email reaches the
// right inbox once. Axe checks every state of the bureau page and the
// parent's page with an answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, phonePage } from '../support/browser';
import { readContent } from '../support/content';
import { redisUrl } from '../support/redis';
import { openRedis, scanKeys, testSecret, uniquePrefix } from '../support/intakeRedis';
import { startServer, type RunningServer } from '../support/server';
import { startResendCapture, type ResendCapture } from '../support/resendCapture';

const content = readContent();
// A school of a county bureau, not the first option in the list.
const school = content.schools.find((s) => s.bureau === 'guoyang') ?? content.schools.at(-1)!;
const bureau = content.bureaus.find((b) => b.id === school.bureau)!;
const aspect = content.aspects[1] ?? content.aspects[0]!;

const PARENT_EMAIL = 'parent.flow@example.com';
const DESCRIPTION = '班主任要求全班周六到校外补课，<b>每人</b>收费两百元，并叮嘱学生不要告诉家长以外的人。';
const ANSWER = '经查属实。已责令学校立即停止周六补课，全额退还费用，并对班主任通报批评。';
const DISPUTE = '本周六学校仍在组织补课，只是换了地点。';

/** The history as [step, who took it, the words shown with it]. */
const historySteps = (page: Page) =>
  page
    .locator('[data-history] li')
    .evaluateAll((items) =>
      items.map((li) => [
        li.querySelector('strong')!.textContent!.trim(),
        li.querySelector('.meta')!.textContent!.split(' · ')[1]!.trim(),
        li.querySelector('p:not(.meta):not([data-finding])')?.textContent?.trim() ?? '',
      ]),
    );
const CRON_SECRET = 'cron-secret-for-the-answer-flow';

let capture: ResendCapture;
let server: RunningServer;
let browser: Browser;
let prefix: string;

beforeAll(async () => {
  // The capture server first: the site is started pointing at it.
  capture = await startResendCapture();
  prefix = uniquePrefix('answer');
  [server, browser] = await Promise.all([
    startServer({
      REDIS_URL: await redisUrl(),
      REDIS_KEY_PREFIX: prefix,
      SITE_SECRET: testSecret(),
      RESEND_API_KEY: 're_test',
      MAIL_FROM: '校务监督 <noreply@schoolwatch.example>',
      RESEND_BASE_URL: capture.url,
      CRON_SECRET,
      INTAKE_RATE_LIMIT: '1000',
      LOOKUP_RATE_LIMIT: '1000',
    }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  if (server && server.process.exitCode !== null) console.error(`server exited:\n${server.output()}`);
  await browser?.close();
  await server?.stop();
  await capture?.close();
  if (prefix) {
    const redis = await openRedis(await redisUrl());
    const keys = await scanKeys(redis, `${prefix}:*`);
    if (keys.length) await redis.del(keys);
    redis.destroy();
  }
});

async function expectNoViolations(page: Page, where: string) {
  expect(await accessibilityViolations(page), where).toEqual([]);
}

/** Waits for the email with this idempotency key; the site sends without any cron. */
async function emailFor(key: string | RegExp, timeoutMs = 5000) {
  const match = (k?: string) => (typeof key === 'string' ? k === key : key.test(k ?? ''));
  const emails = await capture.waitForDelivered((all) => all.some((e) => match(e.idempotencyKey)), timeoutMs);
  return emails.find((e) => match(e.idempotencyKey))!;
}

const statusTag = (page: Page) => page.locator('[data-status]').innerText();

describe('a complaint from filing to the bureau’s answer and the parent’s dispute', () => {
  let formPage: Page;
  let parentPage: Page;
  let bureauPage: Page;
  let reference: string;
  let receiptCode: string;
  let answerLink: string;
  let submittedAt: number;

  beforeAll(async () => {
    // The form as it works with HTML alone; the other pages with JavaScript on, which axe needs to run.
    formPage = await phonePage(browser, { javaScriptEnabled: false });
    parentPage = await phonePage(browser);
    bureauPage = await phonePage(browser);
  });

  it('the parent files a complaint with a name, phone, email and consent', async () => {
    await formPage.goto(`${server.url}/report/?school=${school.id}`);
    await formPage.getByRole('radio', { name: aspect.name }).check();
    await formPage.getByLabel('具体情况').fill(DESCRIPTION);
    await formPage.getByRole('radio', { name: '留下姓名和联系方式' }).check();
    await formPage.getByLabel('姓名或称呼').fill('刘女士');
    await formPage.getByLabel(/^电话/).fill('13812345678');
    await formPage.getByLabel('电子邮箱').fill(PARENT_EMAIL);
    await formPage.getByRole('radio', { name: /^可以/ }).check();
    await formPage.getByRole('button', { name: '继续，检查填写内容' }).click();
    await formPage.waitForLoadState();
    expect(await formPage.title()).toMatch(/^检查填写内容/);
    submittedAt = Date.now();
    await formPage.getByRole('button', { name: '确认提交举报' }).click();
    await formPage.waitForLoadState();
    expect(await formPage.title()).toMatch(/^举报已提交/);
    reference = (await formPage.locator('[data-reference]').innerText()).trim();
    receiptCode = (await formPage.locator('[data-receipt-code]').innerText()).trim();
    expect(reference).toMatch(/^JB-\d{8}-[0-9A-Z]{8}$/);
  });

  it('the supervising bureau’s email reaches Resend within seconds, once, with the signed link', async () => {
    // No cron involved: filing kicks the dispatcher.
    const mail = await emailFor(`complaint.filed/${reference}`, Math.max(0, submittedAt + 5000 - Date.now()));
    expect(capture.requests.filter((r) => r.idempotencyKey === `complaint.filed/${reference}`)).toHaveLength(1);
    expect(mail.authorization).toBe('Bearer re_test');
    expect(mail.email.to).toEqual([bureau.email]);
    expect(mail.email.subject).toContain(reference);
    expect(mail.email.subject).not.toContain('补课');
    // The parent consented: the bureau sees how to reach them.
    expect(mail.email.text).toContain('刘女士');
    expect(mail.email.text).toContain('13812345678');
    expect(mail.email.html).toContain('&lt;b&gt;每人&lt;/b&gt;');
    const href = /href="([^"]*\/answer\/\?t=[^"]+)"/.exec(mail.email.html)?.[1];
    expect(href).toBeDefined();
    answerLink = href!.replaceAll('&amp;', '&');
    // SITE_URL is the server's own origin, so the emailed link opens this server.
    expect(answerLink.startsWith(`${server.url}/answer/?t=`)).toBe(true);
  });

  it('the bureau opens the link at phone width and sees the complaint, then accepts it', async () => {
    const response = await bureauPage.goto(answerLink);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toBe('no-store');
    expect(await bureauPage.title()).toMatch(new RegExp(`^办理举报 ${reference}`));
    expect(await statusTag(bureauPage)).toBe('待受理');
    // The description exactly as written, markup shown as text.
    expect(await bureauPage.locator('[data-description]').innerText()).toBe(DESCRIPTION);
    expect(await bureauPage.locator('[data-contact]').innerText()).toContain('13812345678');
    const overflow = await bureauPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await expectNoViolations(bureauPage, 'bureau page, submitted');

    await bureauPage.getByRole('button', { name: '受理这件举报' }).click();
    await bureauPage.waitForLoadState();
    expect(await bureauPage.getByRole('status').innerText()).toContain('已记录');
    expect(await statusTag(bureauPage)).toBe('办理中');
    expect(await bureauPage.getByRole('button', { name: '受理这件举报' }).count()).toBe(0);
    await expectNoViolations(bureauPage, 'bureau page, accepted');
  });

  it('the bureau answers with HTML alone: without a finding it is refused and keeps the text, then 属实 closes it', async () => {
    const plain = await phonePage(browser, { javaScriptEnabled: false });
    await plain.goto(answerLink);
    await plain.getByLabel('答复内容').fill(ANSWER);
    await plain.getByRole('button', { name: '提交答复' }).click();
    await plain.waitForLoadState();
    expect(await plain.getByRole('alert').innerText()).toContain('请选择查实情况：属实、部分属实、不属实或无法核实');
    expect(await statusTag(plain)).toBe('办理中');
    expect(await plain.getByLabel('答复内容').inputValue()).toBe(ANSWER);
    await plain.getByRole('radio', { name: '属实', exact: true }).check();
    await plain.getByRole('button', { name: '提交答复' }).click();
    await plain.waitForLoadState();
    expect(await statusTag(plain)).toBe('已答复');
    expect(await plain.locator('[data-finding]').innerText()).toBe('查实情况：属实');
    await plain.context().close();
    await bureauPage.goto(answerLink);
    expect(await statusTag(bureauPage)).toBe('已答复');
    expect(await bureauPage.locator('[data-history]').innerText()).toContain(ANSWER);
    // 属实 needs a rectification item, made in the workspace: the link page says so rather than “nothing to do”.
    expect(await bureauPage.locator('[data-next-step] p').first().innerText()).toBe(
      '已答复。查实的问题须由学校整改：请在工作台打开这件举报，点“生成整改事项”发给学校。除此之外，举报人确认或提出异议之前，无需再操作。',
    );
    expect(await bureauPage.locator('[data-next-step]').getByRole('link', { name: '登录工作台' }).getAttribute('href')).toBe('/bureau/');
    await expectNoViolations(bureauPage, 'bureau page, resolved');
  });

  it('the parent enters the receipt code and sees the answer and 已答复', async () => {
    await parentPage.goto(`${server.url}/report/status/`);
    await parentPage.getByLabel('查询码').fill(receiptCode);
    await parentPage.getByRole('button', { name: '查询' }).click();
    await parentPage.waitForLoadState();
    await expect(parentPage.getByRole('heading', { level: 1 }).innerText()).resolves.toContain(reference);
    expect(await statusTag(parentPage)).toBe('已答复');
    const history = await parentPage.locator('[data-history]').innerText();
    expect(history).toContain('教育局受理');
    expect(history).toContain(ANSWER);
    expect(await parentPage.locator('[data-finding]').innerText()).toBe('查实情况：属实');
    // What the parent wrote is not shown back on this page.
    expect(await parentPage.locator('main').innerText()).not.toContain('每人');
    await expectNoViolations(parentPage, 'status page with an answer');
  });

  it('the parent rates the answer 不满意 with a reason, and the bureau is emailed about it', async () => {
    await parentPage.getByLabel('不满意', { exact: true }).check();
    await parentPage.getByLabel('不满意的原因（选“不满意”时必填）').fill(DISPUTE);
    await parentPage.getByRole('button', { name: '提交评价' }).click();
    await parentPage.waitForLoadState();
    expect(await parentPage.getByRole('status').innerText()).toContain('已收到您的评价“不满意”');
    expect(await statusTag(parentPage)).toBe('有异议，待复核');
    // The deadline shown is now the review's, named as such.
    const facts = await parentPage.locator('dl.facts dt').allInnerTexts();
    expect(facts).toContain('复核期限');
    expect(facts).not.toContain('办理期限');
    // Each step names who took it: the parent's own as 您, and their reason is shown back to them.
    expect(await historySteps(parentPage)).toEqual([
      ['提交举报', '您', ''],
      ['教育局受理', bureau.name, ''],
      ['教育局答复', bureau.name, ANSWER],
      ['对答复提出异议', '您', DISPUTE],
    ]);
    await expectNoViolations(parentPage, 'status page after a dispute');

    const mail = await emailFor(new RegExp(`^complaint\\.disputed/${reference}/`));
    expect(mail.email.to).toEqual([bureau.email]);
    expect(mail.email.subject).toContain(reference);
    expect(mail.email.text).toContain(DISPUTE);
    expect(mail.authorization).toBe('Bearer re_test');
  });

  it('the bureau page offers the review answer again after the dispute', async () => {
    await bureauPage.goto(answerLink);
    expect(await statusTag(bureauPage)).toBe('有异议，待复核');
    expect(await bureauPage.getByRole('button', { name: '提交答复' }).count()).toBe(1);
    expect(await historySteps(bureauPage)).toEqual([
      ['提交举报', '举报人', ''],
      ['教育局受理', bureau.name, ''],
      ['教育局答复', bureau.name, ANSWER],
      ['对答复提出异议', '举报人', DISPUTE],
    ]);
    await expectNoViolations(bureauPage, 'bureau page, disputed');
  });

  it('the parent got a short update at each step by the bureau, with no complaint text', async () => {
    // Accepted (history entry 2) and answered (entry 3).
    await emailFor(`parent.update/${reference}/2`);
    await emailFor(`parent.update/${reference}/3`);
    const updates = capture.delivered().filter((e) => e.idempotencyKey?.startsWith('parent.update/'));
    expect(updates.map((e) => e.idempotencyKey).sort()).toEqual([`parent.update/${reference}/2`, `parent.update/${reference}/3`]);
    expect(updates.find((e) => e.idempotencyKey === `parent.update/${reference}/3`)!.email.text).toContain('有新进展：教育局答复（查实情况：属实）。');
    for (const update of updates) {
      expect(update.email.to).toEqual([PARENT_EMAIL]);
      const all = `${update.email.subject}\n${update.email.text}\n${update.email.html}`;
      expect(all).toContain(reference);
      expect(all).toContain(`${server.url}/report/status/`);
      for (const secret of ['补课', '每人', ANSWER, DISPUTE, '13812345678', '刘女士', school.name, receiptCode]) expect(all).not.toContain(secret);
    }
  });

  it('every email went out exactly once, to the bureau or the parent and nowhere else', async () => {
    const keys = capture.requests.map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(capture.requests.every((r) => r.status === 200)).toBe(true);
    const recipients = new Set(capture.delivered().flatMap((e) => e.email.to));
    expect([...recipients].sort()).toEqual([PARENT_EMAIL, bureau.email].sort());
  });

  it('the bureau page with a tampered token shows the refusal and answers 403', async () => {
    const [ref, bureauId, expires, signature] = new URL(answerLink).searchParams.get('t')!.split('.');
    const tampered = [ref, bureauId, String(Number(expires) + 86_400), signature].join('.');
    const response = await bureauPage.goto(`${server.url}/answer/?t=${encodeURIComponent(tampered)}`);
    expect(response?.status()).toBe(403);
    expect(await bureauPage.getByRole('heading', { level: 1 }).innerText()).toBe('无法打开这件举报');
    expect(await bureauPage.locator('main').innerText()).toContain('这个链接无效');
    // Nothing of the complaint is shown.
    expect(await bureauPage.locator('main').innerText()).not.toContain('补课');
    // No answer forms (the header's site search is the only form outside the page's content).
    expect(await bureauPage.locator('main form').count()).toBe(0);
    await expectNoViolations(bureauPage, 'bureau page, refused');
  });

  it('a form post with a tampered token changes nothing', async () => {
    const token = new URL(answerLink).searchParams.get('t')!;
    const tampered = token.replace(/\.(.)/, (_, c: string) => `.${c === 'x' ? 'y' : 'x'}`); // first letter of the bureau id
    const res = await fetch(`${server.url}/answer/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams({ t: tampered, action: 'resolve', answer: '伪造的答复' }).toString(),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('伪造的答复');
    await bureauPage.goto(answerLink);
    expect(await statusTag(bureauPage)).toBe('有异议，待复核');
  });
});

describe('GET /api/cron/dispatch', () => {
  it('answers 401 without the bearer token or with a wrong one, 200 with it', async () => {
    const cron = `${server.url}/api/cron/dispatch`;
    expect((await fetch(cron)).status).toBe(401);
    expect((await fetch(cron, { headers: { Authorization: `Bearer ${CRON_SECRET}x` } })).status).toBe(401);
    expect((await fetch(cron, { headers: { Authorization: CRON_SECRET } })).status).toBe(401);
    const ok = await fetch(cron, { headers: { Authorization: `Bearer ${CRON_SECRET}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ sent: expect.any(Number), retried: 0, dead: 0, skipped: expect.any(Number), deadLettered: [], retrying: [] });
  });
});
