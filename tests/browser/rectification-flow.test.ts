// Issue 24, point 2, in a real Chromium at phone width with JavaScript off,
// against the built Node server: the bureau opens a complaint found 属实,
// follows "生成整改事项", is refused the parent's own words, writes the
// problem in its own and sends it; the item waits on its list as 学校尚未发布;
// the school's clerk finds it on her notices page, follows "填写并发布", sees
// the row filled in (source 举报), completes measure, office and deadline,
// previews and submits; the bureau approves; the item moves to 已发布. Axe
// runs on every new page, error states included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { signInThroughForm } from '../support/phoneSite';
import { fileBeside, recordFinding } from '../support/seedComplaints';

const WORDS = '国庆节放假期间，学校通知六年级全体学生回校集体补课，每人收费三百元，老师说不来就跟不上。';
const PROBLEM = '学校在国庆假期组织六年级集体补课并收费。';

let server: RunningServer;
let browser: Browser;
let school: Page;
let bureau: Page;
let axeTab: Page;
let reference: string;

async function phone(javaScriptEnabled: boolean) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true, isMobile: true, javaScriptEnabled });
  return context.newPage();
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  [school, bureau, axeTab] = await Promise.all([phone(false), phone(false), phone(true)]);
  ({ reference } = await fileBeside(
    server,
    { school: 'qc-xinghe-primary', aspect: 'holiday-classes', description: WORDS, anonymous: true },
    { address: '192.0.2.60' },
  ));
  await recordFinding(server, reference, 'substantiated');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Axe on what the page shows, and no sideways scrolling at 390 px. */
async function check(page: Page, where: string) {
  await axeTab.setContent(await page.content());
  expect(await accessibilityViolations(axeTab), where).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${where}: wider than the phone`).toBe(0);
}

const signIn = (page: Page, bodyLabel: string, body: string, person: string) => signInThroughForm(page, server, bodyLabel, body, person);

describe('from a substantiated complaint to the school’s ledger, without JavaScript', () => {
  it('the bureau writes the item in its own words from the complaint page', async () => {
    await signIn(bureau, '谯城区教育局', 'qiaocheng', '周科长');
    await bureau.goto(`${server.url}/bureau/complaint/?ref=${reference}`);
    await bureau.getByRole('link', { name: '生成整改事项' }).click();
    await expect(bureau.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('生成整改事项');
    await expect(bureau.getByLabel('所属方面').inputValue()).resolves.toBe('holiday-classes');
    await check(bureau, 'raise form');
    await bureau.getByLabel('存在问题').fill('学校通知六年级全体学生回校集体补课');
    await bureau.getByRole('button', { name: '生成并发给学校' }).click();
    await expect(bureau.title()).resolves.toMatch(/^错误：/);
    await expect(bureau.locator('.error-summary').innerText()).resolves.toContain('不要引用举报人的原话');
    await expect(bureau.getByLabel('存在问题').inputValue()).resolves.toBe('学校通知六年级全体学生回校集体补课');
    await check(bureau, 'raise form with an error');
    await bureau.getByLabel('存在问题').fill(PROBLEM);
    await bureau.getByRole('button', { name: '生成并发给学校' }).click();
    await expect(bureau.getByRole('status').innerText()).resolves.toContain('已发给学校');
    await expect(bureau.locator('[data-linked]').innerText()).resolves.toContain(PROBLEM);
    await check(bureau, 'raised');
    await bureau.getByRole('link', { name: '本单位的整改事项' }).click();
    await expect(bureau.locator('[data-group="unpublished"]').innerText()).resolves.toContain(PROBLEM);
    await check(bureau, 'bureau items');
  });

  it('the school completes the row and submits it; the bureau approves; the item is published', async () => {
    await signIn(school, '谯城区星河小学（示例）', 'school:qc-xinghe-primary', '李老师');
    await expect(school.locator('[data-items]').innerText()).resolves.toContain(PROBLEM);
    await expect(school.locator('main').innerText()).not.toContain(reference);
    await check(school, 'school notices with an item');
    await school.getByRole('link', { name: '填写并发布' }).click();
    await expect(school.getByLabel('存在问题').inputValue()).resolves.toBe(PROBLEM);
    await expect(school.getByLabel('问题来源').inputValue()).resolves.toBe('举报');
    await expect(school.getByLabel('属于哪一方面').inputValue()).resolves.toBe('holiday-classes');
    await school.getByLabel('标题').fill('星河小学整改公示（教育局交办）');
    await school.getByLabel('摘要').fill('主管教育局交办的一项问题。');
    await school.getByLabel('所属阶段').selectOption('self-inspection');
    await school.getByLabel('整改措施').fill('停止假期补课，退还已收费用。');
    await school.getByLabel('责任单位').fill('教务处');
    await school.getByLabel('完成时限').fill('2027-01-31');
    await school.getByLabel('整改进展').selectOption('整改中');
    await school.getByRole('button', { name: '保存并预览' }).last().click();
    await school.getByRole('button', { name: '提交主管教育局审核' }).click();
    await bureau.goto(`${server.url}/bureau/notices/`);
    await bureau.getByRole('link', { name: '星河小学整改公示（教育局交办）' }).click();
    await bureau.getByRole('button', { name: '审核通过并发布' }).click();
    await bureau.goto(`${server.url}/bureau/rectification/list/`);
    await expect(bureau.locator('[data-group="published"]').innerText()).resolves.toContain(PROBLEM);
    await expect(bureau.locator('[data-group="unpublished"]').innerText()).resolves.not.toContain(PROBLEM);
    await check(bureau, 'bureau items published');
    await school.goto(`${server.url}/bureau/notices/`);
    await expect(school.locator('[data-items]').innerText()).resolves.toContain('已发布，整改进展：整改中');
  });
});
