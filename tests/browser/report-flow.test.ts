// The report flow in a real Chromium at phone width, as a parent uses it:
// without JavaScript (the plain HTML forms) and with it (the school
// autocomplete, contact fields that appear on demand), plus axe on every
// state of the form and the status page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, phonePage } from '../support/browser';
import { violationsWithoutScripts } from '../support/intakeAxe';
import { readContent } from '../support/content';
import { startServer, type RunningServer } from '../support/server';

const content = readContent();
// A school from the second bureau, so it is not simply the first option.
const school = content.schools.find((s) => s.bureau !== content.schools[0]!.bureau) ?? content.schools[0]!;
const aspect = content.aspects[1] ?? content.aspects[0]!;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // A server of its own (embedded store, fresh folder) with room for every
  // filing and lookup here, whatever other test files send to the shared one.
  [server, browser] = await Promise.all([startServer({ INTAKE_RATE_LIMIT: '1000', LOOKUP_RATE_LIMIT: '1000' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  if (server && server.process.exitCode !== null) console.error(`server exited:\n${server.output()}`);
  await server?.stop();
});

const withoutJavaScript = new WeakSet<Page>();

async function newPage(javaScriptEnabled: boolean): Promise<Page> {
  const page = await phonePage(browser, { javaScriptEnabled });
  if (!javaScriptEnabled) withoutJavaScript.add(page);
  return page;
}

const errorSummaryLinks = (page: Page) =>
  page.locator('.error-summary a').evaluateAll((links) => links.map((a) => ({ text: a.textContent?.trim() ?? '', href: a.getAttribute('href') ?? '' })));

async function expectNoViolations(page: Page, where: string) {
  const violations = withoutJavaScript.has(page) ? await violationsWithoutScripts(browser, page) : await accessibilityViolations(page);
  expect(violations, where).toEqual([]);
}

describe('without JavaScript', () => {
  let page: Page;
  let reference: string;
  let receiptCode: string;

  beforeAll(async () => {
    page = await newPage(false);
  });
  afterAll(() => page?.context().close());

  it('preselects the school named in ?school=', async () => {
    await page.goto(`${server.url}/report/?school=${school.id}`);
    expect(await page.title()).not.toMatch(/^错误/);
    expect(await page.getByLabel('学校名称').inputValue()).toBe(school.id);
    await expectNoViolations(page, 'empty form, JS off');
  });

  it('shows every problem in an error summary and beside its field, keeping the answers', async () => {
    await page.getByRole('button', { name: '继续，检查填写内容' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toBe('错误：举报违规办学行为 - 校务监督·亳州');
    // The prefix belongs to the title only, not to the breadcrumb.
    expect(await page.locator('nav.crumbs').innerText()).toBe('首页\n举报违规办学行为');
    await expect(page.locator('.error-summary').isVisible()).resolves.toBe(true);
    const links = await errorSummaryLinks(page);
    expect(links.map((l) => l.href.replace(/^#aspect-.*/, '#aspect-…')).sort()).toEqual(['#anonymous-yes', '#aspect-…', '#description']);
    for (const { text, href } of links) {
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      // Each link leads to a field on the page.
      expect(await page.locator(`${href}:is(input, select, textarea)`).count(), href).toBe(1);
    }
    const description = links.find((l) => l.href === '#description')!;
    expect(await page.locator('#description-error').innerText()).toContain(description.text);
    const anonymous = links.find((l) => l.href === '#anonymous-yes')!;
    expect(await page.locator('#anonymous-error').innerText()).toContain(anonymous.text);
    const aspectLink = links.find((l) => l.href.startsWith('#aspect-'))!;
    expect(await page.locator(aspectLink.href).getAttribute('name')).toBe('aspect');
    expect(await page.locator('#aspect-error').innerText()).toContain(aspectLink.text);
    // The school chosen before is still chosen.
    expect(await page.getByLabel('学校名称').inputValue()).toBe(school.id);
    await expectNoViolations(page, 'form with errors, JS off');
  });

  it('leads to the check-answers page once the form is complete', async () => {
    await page.getByRole('radio', { name: aspect.name }).check();
    await page.getByLabel('具体情况').fill('学校每天放学后组织全班补课到晚上七点。');
    await page.getByRole('radio', { name: '匿名举报，不留姓名和联系方式' }).check();
    await page.getByRole('button', { name: '继续，检查填写内容' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^检查填写内容/);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('检查填写内容');
    const summary = await page.locator('.summary-list').innerText();
    expect(summary).toContain(school.name);
    expect(summary).toContain(aspect.name);
    expect(summary).toContain('学校每天放学后组织全班补课到晚上七点。');
    expect(summary).toContain('匿名举报');
    await expectNoViolations(page, 'check answers');
  });

  it('lets the parent change one answer with its 修改 button, keeping the others', async () => {
    await page.getByRole('button', { name: /^修改\s*具体情况$/ }).click();
    await page.waitForLoadState();
    expect(new URL(page.url()).hash).toBe('#description');
    expect(await page.getByLabel('具体情况').inputValue()).toBe('学校每天放学后组织全班补课到晚上七点。');
    expect(await page.getByLabel('学校名称').inputValue()).toBe(school.id);
    expect(await page.getByRole('radio', { name: aspect.name }).isChecked()).toBe(true);
    await page.getByLabel('具体情况').fill('学校每个周六上午组织全年级补课，每次收费五十元。');
    await page.getByRole('button', { name: '继续，检查填写内容' }).click();
    await page.waitForLoadState();
    const summary = await page.locator('.summary-list').innerText();
    expect(summary).toContain('学校每个周六上午组织全年级补课，每次收费五十元。');
    expect(summary).not.toContain('晚上七点');
  });

  it('files the complaint and shows the reference and receipt code', async () => {
    await page.getByRole('button', { name: '确认提交举报' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^举报已提交/);
    reference = (await page.locator('[data-reference]').innerText()).trim();
    receiptCode = (await page.locator('[data-receipt-code]').innerText()).trim();
    expect(reference).toMatch(/^JB-\d{8}-[0-9A-Z]{8}$/);
    expect(receiptCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    await expectNoViolations(page, 'confirmation');
  });

  it('finds the complaint on the status page with the receipt code', async () => {
    await page.goto(`${server.url}/report/status/`);
    await expectNoViolations(page, 'status form');
    await page.getByLabel('查询码').fill(receiptCode.toLowerCase().replaceAll('-', ''));
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain(reference);
    expect((await page.locator('[data-status]').innerText()).trim()).toBe('待受理');
    // The parent's own step is theirs, not the bureau's.
    expect(await page.locator('[data-history] li .meta').first().innerText()).toMatch(/ · 您$/);
    expect(await page.locator('[data-history] li strong').first().innerText()).toBe('提交举报');
    // The status page shows nothing of what the parent wrote.
    expect(await page.locator('main').innerText()).not.toContain('每次收费五十元');
    await expectNoViolations(page, 'status result');
  });

  it('says so when the reference is typed instead of the code, whether or not it exists', async () => {
    const message = '这是举报编号（JB 开头），不是查询码。查询码是提交举报后确认页面上“您的查询码”下面的 20 位字母和数字，例如 7K3M9-Q2PXA-B4RTV-8HJ6N。';
    for (const typed of [reference, 'JB-20260101-00000000', reference.toLowerCase().replaceAll('-', ' ')]) {
      await page.goto(`${server.url}/report/status/`);
      await page.getByLabel('查询码').fill(typed);
      await page.getByRole('button', { name: '查询' }).click();
      await page.waitForLoadState();
      expect(await page.title()).toBe('错误：查询举报进度 - 校务监督·亳州');
      expect(await page.locator('nav.crumbs').innerText()).toBe('首页\n查询举报进度');
      expect((await page.locator('#receiptCode-error').textContent())?.trim()).toBe(`错误：${message}`);
    }
  });

  it('explains an unknown code on the status page', async () => {
    await page.goto(`${server.url}/report/status/`);
    await page.getByLabel('查询码').fill('00000-00000-00000-00000');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^错误：/);
    const links = await errorSummaryLinks(page);
    expect(links.map((l) => l.href)).toEqual(['#receiptCode']);
    expect(await page.locator('#receiptCode-error').innerText()).toContain(links[0]!.text);
    // The code typed is kept for correcting.
    expect(await page.getByLabel('查询码').inputValue()).toBe('00000-00000-00000-00000');
    await expectNoViolations(page, 'status form with an error');
  });
});

describe('with JavaScript', () => {
  let page: Page;

  beforeAll(async () => {
    page = await newPage(true);
  });
  afterAll(() => page?.context().close());

  it('turns the school list into an accessible autocomplete', async () => {
    await page.goto(`${server.url}/report/`);
    const combobox = page.getByRole('combobox', { name: '学校名称' });
    await combobox.waitFor();
    // The <select> stays in the form for submission, out of sight.
    expect(await page.locator('select[name="school"]').isVisible()).toBe(false);
    await expectNoViolations(page, 'empty form, JS on');

    // A few characters of the name, then the keyboard.
    const typed = [...school.name.replace(/^.*?(区|县|市)/, '')].slice(0, 2).join('');
    await combobox.pressSequentially(typed);
    await expect(page.getByRole('option', { name: school.name }).isVisible()).resolves.toBe(true);
    const options = await page.getByRole('option').allInnerTexts();
    await combobox.press('ArrowDown');
    for (let i = 0; i < options.indexOf(school.name); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await combobox.inputValue()).toBe(school.name);
    expect(await page.locator('select[name="school"]').inputValue()).toBe(school.id);
  });

  it('shows the contact fields only when the parent chooses to leave them', async () => {
    const name = page.getByLabel('姓名或称呼');
    expect(await name.isVisible()).toBe(false);
    await page.getByRole('radio', { name: '匿名举报，不留姓名和联系方式' }).check();
    expect(await name.isVisible()).toBe(false);
    await page.getByRole('radio', { name: '留下姓名和联系方式' }).check();
    expect(await name.isVisible()).toBe(true);
    expect(await page.getByLabel('电子邮箱').isVisible()).toBe(true);
    await page.getByRole('radio', { name: '匿名举报，不留姓名和联系方式' }).check();
    expect(await name.isVisible()).toBe(false);
    await page.getByRole('radio', { name: '留下姓名和联系方式' }).check();
  });

  it('shows errors in the enhanced form, with the school kept', async () => {
    await page.getByRole('button', { name: '继续，检查填写内容' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^错误：/);
    const hrefs = (await errorSummaryLinks(page)).map((l) => l.href);
    expect(hrefs).toContain('#description');
    expect(hrefs).toContain('#name');
    expect(hrefs).not.toContain('#school');
    const combobox = page.getByRole('combobox', { name: '学校名称' });
    await combobox.waitFor();
    expect(await page.locator('select[name="school"]').inputValue()).toBe(school.id);
    // Contact fields stay open: the parent chose to leave them.
    expect(await page.getByLabel('姓名或称呼').isVisible()).toBe(true);
    await expectNoViolations(page, 'form with errors, JS on');
  });

  it('completes the form and reaches the check-answers page', async () => {
    await page.getByRole('radio', { name: '我不确定属于哪一类' }).check();
    await page.getByLabel('具体情况').fill('老师在课堂上推销收费的课外辅导班，要求学生报名。');
    await page.getByLabel('姓名或称呼').fill('陈女士');
    await page.getByLabel(/^电话/).fill('13812345678');
    await page.getByRole('radio', { name: /^可以/ }).check();
    await page.getByRole('button', { name: '继续，检查填写内容' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^检查填写内容/);
    const summary = await page.locator('.summary-list').innerText();
    expect(summary).toContain('陈女士');
    expect(summary).toContain('13812345678');
    await expectNoViolations(page, 'check answers, JS on');
  });

  it('files it and shows the confirmation page', async () => {
    await page.getByRole('button', { name: '确认提交举报' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^举报已提交/);
    expect(await page.locator('[data-reference]').innerText()).toMatch(/^JB-\d{8}-[0-9A-Z]{8}$/);
    expect(await page.locator('[data-receipt-code]').innerText()).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    await expectNoViolations(page, 'confirmation, JS on');
  });
});

describe('on an iPhone with JavaScript', () => {
  // iOS is where the autocomplete adds a hidden position ("第 1 项，共 12 项")
  // to each option for VoiceOver; under the CSP that text must stay hidden,
  // in Chinese, and no page may log a blocked inline style.
  const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';
  let page: Page;
  const violations: string[] = [];

  beforeAll(async () => {
    const context = await browser.newContext({ userAgent: IPHONE, viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true, isMobile: true });
    // Every CSP violation, whether or not the browser also logs it.
    await context.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { reportViolation(t: string): void }).reportViolation(`${e.violatedDirective} ${e.sourceFile}`),
      ),
    );
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
  });
  afterAll(() => page?.context().close());

  it('lists schools for 小学 with no English and no visible position text', async () => {
    await page.goto(`${server.url}/report/`);
    const combobox = page.getByRole('combobox', { name: '学校名称' });
    await combobox.tap();
    await combobox.pressSequentially('小学');
    await page.getByRole('option').first().waitFor();
    const options = await page.getByRole('option').evaluateAll((items) =>
      items.map((li) => {
        const suffix = li.querySelector('span');
        const box = suffix?.getBoundingClientRect();
        return { text: (li as HTMLElement).innerText, suffix: suffix?.textContent ?? '', size: box ? [box.width, box.height] : [] };
      }),
    );
    const expected = content.schools.filter((s) => s.name.includes('小学'));
    expect(options).toHaveLength(expected.length);
    options.forEach((option, i) => {
      expect(option.text).not.toMatch(/\bof\b/);
      expect(option.suffix).toBe(`，第 ${i + 1} 项，共 ${expected.length} 项`);
      // Visually hidden: a 1 × 1 px box, as the class draws it.
      expect(option.size).toEqual([1, 1]);
    });
    expect(violations).toEqual([]);
  });

  it('files a complaint and looks it up without a single CSP violation', async () => {
    const first = content.schools.find((s) => s.name.includes('小学'))!;
    await page.getByRole('option', { name: first.name }).tap();
    expect(await page.locator('select[name="school"]').inputValue()).toBe(first.id);
    await page.getByRole('radio', { name: aspect.name }).check();
    await page.getByLabel('具体情况').fill('学校每周六上午组织补课。');
    await page.getByRole('radio', { name: '匿名举报，不留姓名和联系方式' }).check();
    await page.getByRole('button', { name: '继续，检查填写内容' }).click();
    await page.waitForURL(/\/report\//);
    await page.getByRole('button', { name: '确认提交举报' }).click();
    await page.locator('[data-receipt-code]').waitFor();
    const receiptCode = (await page.locator('[data-receipt-code]').innerText()).trim();
    await page.goto(`${server.url}/report/status/`);
    await page.getByLabel('查询码').fill(receiptCode);
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('[data-status]').waitFor();
    for (const path of ['/', `/schools/${first.id}/`, '/search/?q=%E5%B0%8F%E5%AD%A6']) await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
    expect(violations).toEqual([]);
  });
});
