// 登记来电来信 in a real Chromium at phone width with JavaScript off, as
// `npm start` runs it: a bureau officer signed in opens the page from the
// workspace's navigation, is told what is missing in Chinese, records a
// grandmother's phone call received three days ago and gets the reference
// and the receipt code; the parent's status page opens with that code and
// says how it came in; the complaint's page in the workspace names the
// officer in its trail. A school's session gets 403, and so does the office's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { phonePage } from '../support/browser';
import type { RunningServer } from '../support/server';
import { signInAs } from '../support/noticeDesk';
import { closePhoneSite, expectAccessibleOnPhone, openPhoneSite, signInToWorkspace } from '../support/phoneSite';
import { addDays, chinaDate } from '../../src/domain/deadlines';
import { formatDate } from '../../src/domain/dates';

let server: RunningServer;
let browser: Browser;
let page: Page;
let axeTab: Page;
const today = chinaDate(new Date());
const received = addDays(today, -3);

beforeAll(async () => {
  ({ server, browser, page, axeTab } = await openPhoneSite());
  await signInToWorkspace(page, server, 'qiaocheng', 'ducha@qiaocheng.bozhou.example');
});

afterAll(() => closePhoneSite({ browser, server }));

const expectAccessible = (where: string) => expectAccessibleOnPhone(page, axeTab, where);

describe('an officer records a phone complaint', () => {
  let reference = '';
  let receiptCode = '';

  it('opens the form from the workspace and is told in Chinese what is missing', async () => {
    await page.goto(`${server.url}/bureau/cases/`);
    await page.getByRole('link', { name: '登记来电来信' }).click();
    expect(new URL(page.url()).pathname).toBe('/bureau/record/');
    await expect(page.getByLabel('收到日期').inputValue()).resolves.toBe(today);
    await expectAccessible('recording form');
    await page.getByLabel('收到日期').fill('');
    await page.getByRole('button', { name: '登记举报' }).click();
    expect(await page.title()).toMatch(/^错误：登记来电来信/);
    const summary = await page.locator('.error-summary').innerText();
    for (const problem of ['请选择举报是怎样收到的：电话、来信、来访或 12345 转办', '请填写收到举报的日期', '请选择学校', '请写下发生了什么'])
      expect(summary).toContain(problem);
    await expectAccessible('recording form with errors');
  });

  it('refuses a received day in the future, keeping what was typed', async () => {
    await page.getByLabel('电话', { exact: true }).check();
    await page.getByLabel('收到日期').fill(addDays(today, 1));
    await page.getByLabel('学校名称').selectOption({ label: '谯城区星河小学（示例）' });
    await page.getByLabel('问题类型', { exact: true }).selectOption({ label: '节假日集体补课' });
    await page.getByLabel('具体情况').fill('王奶奶来电：学校国庆假期组织全班补课，每人收费三百元。');
    await page.getByLabel('留下姓名和联系方式').check();
    await page.getByLabel('姓名或称呼').fill('王奶奶');
    await page.getByLabel('电话（电话和邮箱至少填一个）').fill('13912345678');
    await page.getByLabel('同意，办理的教育局可以看到联系方式').check();
    // The same field as on the parent's own form: a mobile for SMS updates, asked with the parent's consent.
    await expect(page.locator('#smsMobile-hint').innerText()).resolves.toContain('先问家长是否愿意收短信，愿意才填');
    await page.getByLabel('接收进展短信的手机号（选填）').fill('139 0000 5678');
    await page.getByRole('button', { name: '登记举报' }).click();
    await expect(page.locator('.error-summary').innerText()).resolves.toContain(`收到日期不能晚于今天（${formatDate(today)}）`);
    await expect(page.getByLabel('具体情况').inputValue()).resolves.toBe('王奶奶来电：学校国庆假期组织全班补课，每人收费三百元。');
    await expect(page.getByLabel('电话', { exact: true }).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('接收进展短信的手机号（选填）').inputValue()).resolves.toBe('139 0000 5678');
  });

  it('records it with the day it came in and shows the code to read out', async () => {
    await page.getByLabel('收到日期').fill(received);
    await page.getByRole('button', { name: '登记举报' }).click();
    expect(await page.title()).toMatch(/^举报已登记/);
    reference = (await page.locator('[data-reference]').innerText()).trim();
    receiptCode = (await page.locator('[data-receipt-code]').innerText()).trim();
    expect(reference).toMatch(/^JB-\d{8}-[0-9A-Z]{8}$/);
    expect(receiptCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    const main = await page.locator('main').innerText();
    expect(main).toContain(`电话，${formatDate(received)}收到`);
    expect(main).toContain(`${formatDate(addDays(received, 15))} 前决定是否受理`);
    expect(main).toContain('这件举报由本单位办理');
    // The slip goes by post: it names the status page by its whole address, not a bare path.
    expect(await page.locator('section', { has: page.getByRole('heading', { name: '举报告知单' }) }).innerText()).toContain(
      `查看进度：打开本站“查询进度”页面（${server.url}/report/status/），输入查询码。`,
    );
    await expectAccessible('recorded');
    // Printed, the page is the slip alone: no site or workspace navigation, no words meant for the officer.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('heading', { name: '举报告知单' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('[data-receipt-code]').isVisible()).resolves.toBe(true);
    for (const hidden of ['.workspace-nav', '.site-header', '.site-footer', '.no-print'])
      await expect(page.locator(hidden).first().isVisible(), hidden).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  it('opens the parent’s status page with that code, saying how and when it came in', async () => {
    const parent = await phonePage(browser, { javaScriptEnabled: false });
    await parent.goto(`${server.url}/report/status/`);
    await parent.getByLabel('查询码').fill(receiptCode);
    await parent.getByRole('button', { name: '查询' }).click();
    await expect(parent.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(`举报 ${reference}`);
    await expect(parent.locator('[data-status]').first().innerText()).resolves.toBe('待受理');
    await expect(parent.locator('[data-channel]').innerText()).resolves.toBe('电话（由教育局登记）');
    const text = await parent.locator('main').innerText();
    expect(text).toContain(`收到日期\n${formatDate(received)}`);
    expect(text).not.toContain('王奶奶');
    // The first step says who recorded it, as a body: not "提交举报 · 您", never the officer's name.
    await expect(parent.locator('[data-history] li strong').first().innerText()).resolves.toBe('电话举报，由谯城区教育局工作人员登记');
    await expect(parent.locator('[data-history] li .meta').first().innerText()).resolves.toBe(`${formatDate(received)} · 谯城区教育局`);
    expect(text).not.toContain('周科长');
    await parent.close();
  });

  it('is in the bureau’s caseload, and its trail names the officer who recorded it', async () => {
    await page.goto(`${server.url}/bureau/complaint/?ref=${reference}`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('登记来电来信');
    await expect(page.locator('[data-history] li strong').first().innerText()).resolves.toBe('电话举报，由谯城区教育局工作人员登记');
    expect(text).toContain('周科长，ducha@qiaocheng.bozhou.example');
    expect(text).toContain('13912345678');
    // The parent consented to contact, so the bureau sees the SMS number too.
    const contact = await page.locator('[data-contact]').innerText();
    expect(contact).toContain('短信提醒手机号');
    expect(contact).toContain('13900005678');
  });
});

describe('who may record', () => {
  const get = (cookie: string) => fetch(`${server.url}/bureau/record/`, { headers: { Cookie: cookie }, redirect: 'manual' });

  it('not a school: 403 with the reason', async () => {
    const school = await signInAs(server, 'school:qc-xinghe-primary', 'jiaowu@xinghe.school.example');
    const answer = await get(school);
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('学校账号不能登记或查看举报。');
  });

  it('not the office: 403 with where the call should go', async () => {
    const office = await signInAs(server, '@office', 'dudao@bozhou.example');
    const answer = await get(office);
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('督导机构不登记举报：请把来电来信转给学校所属的教育局登记办理。');
  });

  it('nobody signed out: 401', async () => {
    expect((await fetch(`${server.url}/bureau/record/`)).status).toBe(401);
  });
});
