// Notices written in the workspace, in a real Chromium at 390 × 844 with
// JavaScript off, against the built Node server (`npm start`: SQLite, local
// outbox): a school's clerk signs in by the link in her email, writes a
// self-inspection and a rectification notice with two ledger rows (the
// second added by "再加一行"), previews and submits both; the county bureau
// sees them waiting, returns one with a reason and approves the other; the
// school reads the reason, corrects, resubmits; the bureau approves; the
// school gets exactly one email per step; a row's progress 已整改 enters the
// notice's public view and the bureau is told. Axe and the Nu HTML checker
// run on every page the flow passes, error states included; screenshots of
// the forms are kept in the folder the test prints.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { nextSignInMail, outboxOf, rootBeside, signInMails } from '../support/workspace';
import { nuErrors, settledNoticeMails } from '../support/noticeDesk';
import { publicNotice } from '../../src/domain/notices/publicView';
import { chinaDate } from '../../src/domain/deadlines';
import { registry } from '../../src/catalogue/registry';
import { accountsFrom } from '../../src/domain/accounts';

const SCHOOL = 'school:qc-xinghe-primary';
const CLERK = 'bangongshi@xinghe.school.example';
const RETURN_REASON = '第 2 项的完成时限太远，请改到本学期内。';
const TYPED = '<b>粗体</b> javascript:alert(1) [链接](http://x.example)\u0007';
const shots = mkdtempSync(join(tmpdir(), 'schoolwatch-notice-shots-'));
const saved = mkdtempSync(join(tmpdir(), 'schoolwatch-notice-vnu-'));

let server: RunningServer;
let browser: Browser;
let school: Page;
let bureau: Page;
let axeTab: Page;
const last = new Map<Page, Response>();
let pageCount = 0;
const ids: { inspection?: string; rectification?: string } = {};

async function phone(javaScriptEnabled: boolean) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', hasTouch: true, isMobile: true, javaScriptEnabled });
  const page = await context.newPage();
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && r.status() !== 303) last.set(page, r);
  });
  return page;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  [school, bureau, axeTab] = await Promise.all([phone(false), phone(false), phone(true)]);
  console.log(`notice form screenshots: ${shots}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Axe on what the page shows, no sideways scrolling at 390 px, and its HTML kept for the Nu checker. */
async function check(page: Page, where: string, shot?: string) {
  await axeTab.setContent(await page.content());
  expect(await accessibilityViolations(axeTab), where).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${where}: wider than the phone`).toBe(0);
  writeFileSync(join(saved, `${String(++pageCount).padStart(2, '0')}-${where.replace(/\W+/g, '-')}.html`), await last.get(page)!.text());
  if (shot) await page.screenshot({ path: join(shots, `${shot}.png`), fullPage: true });
}

async function signIn(page: Page, bodyLabel: string, body: string, person: string) {
  const seen = signInMails(outboxOf(server), body).length;
  await page.goto(`${server.url}/bureau/`);
  await page.getByLabel('您所在的单位').selectOption({ label: bodyLabel });
  await page.getByRole('button', { name: '发送登录链接' }).click();
  await check(page, `choose person ${body}`);
  await page.getByLabel(person).check();
  await page.getByRole('button', { name: '发送登录链接' }).click();
  await expect(page.getByRole('status').innerText()).resolves.toContain('请查收邮件');
  const mail = await nextSignInMail(outboxOf(server), body, seen);
  await page.goto(mail.url);
  await page.getByRole('button', { name: '登录' }).click();
  return mail;
}

const idOf = (page: Page) => new URL(page.url()).searchParams.get('id')!;
const state = (page: Page) => page.locator('h1 [data-state]').innerText();

describe('a school writes, its bureau reviews', () => {
  it('the clerk signs in by the link sent to her registered address and lands on her notices', async () => {
    const mail = await signIn(school, '谯城区星河小学（示例）', SCHOOL, '李老师');
    expect(mail.to).toBe(CLERK);
    expect(new URL(school.url()).pathname).toBe('/bureau/notices/');
    await expect(school.locator('nav.workspace-nav').innerText()).resolves.toContain('李老师');
    await expect(school.locator('[data-kinds]').innerText()).resolves.toBe('写自查报告\n写整改公示');
    await expect(school.locator('main').innerText()).not.toContain('举报清单');
    await check(school, 'school notices empty');
  });

  it('writes a self-inspection: errors linked to their fields, answers kept, then the preview and submission', async () => {
    await school.getByRole('link', { name: '写自查报告' }).click();
    await check(school, 'self-inspection form', 'self-inspection-form');
    await school.getByLabel('标题').fill('星河小学 2026 年秋季学期自查报告');
    await school.getByRole('button', { name: '保存并预览' }).last().click();
    expect(await school.title()).toMatch(/^错误：/);
    const summary = school.locator('.error-summary');
    const problems = (await summary.locator('li').allInnerTexts()).slice(0, 4);
    expect(problems).toEqual(['摘要不能为空', '请选择所属阶段', '请说明学校是怎样自查的', '请选择“不按划分学区招生”的自查结果']);
    await expect(summary.locator('a').nth(2).getAttribute('href')).resolves.toBe('#method');
    await expect(school.getByLabel('标题').inputValue()).resolves.toBe('星河小学 2026 年秋季学期自查报告');
    await check(school, 'self-inspection form with errors', 'self-inspection-errors');

    await school.getByLabel('摘要').fill('对照十五个方面逐项自查，发现一项问题，已列入整改台账。');
    await school.getByLabel('所属阶段').selectOption('self-inspection');
    await school.getByLabel('学校是怎样自查的').fill('校长牵头，教务处、德育处查阅了本学期的课表和作业记录。\n- 查阅课表\n- 座谈学生');
    for (const radio of await school.locator('input[type=radio][value=none]').all()) await radio.check();
    await school.locator('#check-homework-found').check();
    await school.locator('#note-homework').fill('三年级部分班级书面作业超过 60 分钟。');
    await school.getByLabel('自评分（选填）').fill('85');
    await school.getByRole('button', { name: '保存并预览' }).last().click();
    await expect(school.locator('[data-done]').innerText()).resolves.toContain('已保存');
    await expect(state(school)).resolves.toBe('草稿');
    const body = await school.locator('[data-copy-body]').innerText();
    expect(body).toContain('作业总量和时长超标：发现问题。三年级部分班级书面作业超过 60 分钟。');
    expect(body).toContain('谯城区教育局举报电话：0558-0000001（示例号码）');
    await check(school, 'self-inspection preview', 'self-inspection-preview');
    ids.inspection = idOf(school);
    await school.getByRole('button', { name: '提交主管教育局审核' }).click();
    await expect(state(school)).resolves.toBe('等待审核');
    await check(school, 'self-inspection submitted');
  });

  it('writes a rectification notice with two ledger rows, the second added without JavaScript; typed markup stays text', async () => {
    await school.goto(`${server.url}/bureau/notices/write/?kind=rectification`);
    await school.getByLabel('标题').fill('星河小学整改公示（第一批）');
    await school.getByLabel('摘要').fill(TYPED);
    await school.getByLabel('所属阶段').selectOption('self-inspection');
    await school.getByLabel('存在问题').fill('三年级书面作业超时。');
    await school.getByLabel('问题来源').selectOption('自查');
    await school.getByLabel('属于哪一方面').selectOption('homework');
    await school.getByLabel('整改措施').fill('年级组每周统筹作业总量。');
    await school.getByLabel('责任单位').fill('教务处');
    await school.getByLabel('完成时限').fill('2026-12-31');
    await school.getByLabel('整改进展').selectOption('整改中');
    await school.getByRole('button', { name: '再加一行' }).click();
    await expect(school.locator('[data-ledger-row]').count()).resolves.toBe(2);
    await expect(school.locator('#ledger-0-problem').inputValue()).resolves.toBe('三年级书面作业超时。');
    // Kept, without the control character (HTML cannot carry it).
    await expect(school.getByLabel('摘要').inputValue()).resolves.toBe('<b>粗体</b> javascript:alert(1) [链接](http://x.example)');
    await check(school, 'rectification form two rows', 'rectification-two-rows');
    await school.locator('#ledger-1-problem').fill('课后服务收取了资料费。');
    await school.locator('#ledger-1-source').selectOption('举报');
    await school.locator('#ledger-1-aspect').selectOption('after-school-fees');
    await school.locator('#ledger-1-measure').fill('全额退还，并公示退费名单。');
    await school.locator('#ledger-1-responsible').fill('总务处');
    // A row's problem in the summary names its row; an empty date asks for one.
    await school.getByRole('button', { name: '保存并预览' }).last().click();
    await expect(school.locator('.error-summary').innerText()).resolves.toContain('整改台账第 2 行：请填写日期，格式 YYYY-MM-DD，例如 2024-05-10');
    await expect(school.locator('#ledger-1-responsible').inputValue()).resolves.toBe('总务处');
    await school.locator('#ledger-1-deadline').fill('2027-06-30');
    await school.locator('#ledger-1-status').selectOption('未启动');
    await school.getByRole('button', { name: '保存并预览' }).last().click();
    await expect(school.locator('[data-done]').innerText()).resolves.toContain('已保存');
    await expect(school.locator('[data-copy-ledger] tbody tr').count()).resolves.toBe(2);
    // Shown as typed, minus the control character; no element made of it.
    await expect(school.locator('[data-copy-summary]').innerText()).resolves.toBe('<b>粗体</b> javascript:alert(1) [链接](http://x.example)');
    await expect(school.locator('[data-copy-summary] b, [data-notice-copy] a').count()).resolves.toBe(0);
    await check(school, 'rectification preview', 'rectification-preview');
    ids.rectification = idOf(school);
    await school.getByRole('button', { name: '提交主管教育局审核' }).click();
    await expect(state(school)).resolves.toBe('等待审核');
  });

  it('the bureau sees both waiting, oldest first, with the days waited, and returns one with a reason', async () => {
    await signIn(bureau, '谯城区教育局', 'qiaocheng', '周科长');
    expect(new URL(bureau.url()).pathname).toBe('/bureau/cases/');
    await bureau.getByRole('link', { name: '公示', exact: true }).click();
    const waiting = bureau.locator('[data-waiting-notice]');
    expect(await waiting.evaluateAll((li) => li.map((l) => l.getAttribute('data-waiting-notice')))).toEqual([ids.inspection, ids.rectification]);
    await expect(waiting.first().locator('[data-days]').innerText()).resolves.toBe('已等待 0 天');
    await check(bureau, 'bureau waiting list');
    await bureau.getByRole('link', { name: '星河小学整改公示（第一批）' }).click();
    await bureau.getByRole('button', { name: '退回修改' }).click();
    await expect(bureau.locator('.error-summary').innerText()).resolves.toContain('请填写退回理由');
    await check(bureau, 'review with error', 'review-error');
    await bureau.getByLabel('退回理由').fill(RETURN_REASON);
    await bureau.getByRole('button', { name: '退回修改' }).click();
    await expect(state(bureau)).resolves.toBe('已退回');
    await bureau.goto(`${server.url}/bureau/notices/notice/?id=${ids.inspection}`);
    await check(bureau, 'review page', 'review');
    await bureau.getByRole('button', { name: '审核通过并发布' }).click();
    await expect(state(bureau)).resolves.toBe('已发布');
  });

  it('the school reads the reason, corrects the row, resubmits; the bureau approves', async () => {
    await school.goto(`${server.url}/bureau/notices/`);
    await expect(school.locator(`[data-notice="${ids.rectification}"] [data-state]`).innerText()).resolves.toBe('已退回');
    await check(school, 'school notices list');
    await school.getByRole('link', { name: '星河小学整改公示（第一批）' }).click();
    await expect(school.locator('[data-returned-reason]').innerText()).resolves.toContain(RETURN_REASON);
    await school.getByRole('link', { name: '修改' }).click();
    await expect(school.locator('#ledger-1-deadline').inputValue()).resolves.toBe('2027-06-30');
    await check(school, 'rectification edit form');
    await school.locator('#ledger-1-deadline').fill('2027-01-15');
    await school.getByRole('button', { name: '保存并预览' }).last().click();
    await school.getByRole('button', { name: '提交主管教育局审核' }).click();
    await expect(state(school)).resolves.toBe('等待审核');

    await bureau.goto(`${server.url}/bureau/notices/notice/?id=${ids.rectification}`);
    await bureau.getByRole('button', { name: '审核通过并发布' }).click();
    await expect(state(bureau)).resolves.toBe('已发布');
    const audit = await bureau.locator('[data-notice-audit]').innerText();
    expect(audit).toContain(CLERK);
    expect(audit).toContain('ducha@qiaocheng.bozhou.example');
    expect(audit).toContain(`理由：${RETURN_REASON}`);
    await check(bureau, 'published with audit');
  });

  it('the school got one email per step: returned once, published once for each notice, at the address that submitted', async () => {
    const outbox = outboxOf(server);
    const rectification = await settledNoticeMails(outbox, ids.rectification!, 2);
    expect(rectification.map((m) => [m.to, m.subject])).toEqual([
      [CLERK, '公示被退回：星河小学整改公示（第一批）'],
      [CLERK, '公示已发布：星河小学整改公示（第一批）'],
    ]);
    expect(rectification[0]!.text).toContain(`退回理由：${RETURN_REASON}`);
    const inspection = await settledNoticeMails(outbox, ids.inspection!, 1);
    expect(inspection.map((m) => [m.to, m.subject])).toEqual([[CLERK, '公示已发布：星河小学 2026 年秋季学期自查报告']]);
  });

  it('a row’s progress 已整改 is public at once, and the bureau is told', async () => {
    await school.goto(`${server.url}/bureau/notices/notice/?id=${ids.rectification}`);
    await check(school, 'published notice with progress forms', 'progress-forms');
    const row = school.locator('[data-progress-form="row-1"]');
    await row.getByLabel('整改进展').selectOption('已整改');
    await row.getByLabel('说明（选填）').fill('本周起各班作业均在 60 分钟内。');
    await row.getByRole('button', { name: '公开这条进展' }).click();
    await expect(school.locator('[data-done]').innerText()).resolves.toContain('整改进展已公开');
    await expect(school.locator('[data-row="row-1"] [data-status]').innerText()).resolves.toContain('已整改');

    const today = chinaDate(new Date());
    const root = await rootBeside(server);
    try {
      const office = accountsFrom({ ...registry, supervisor: registry.settings.supervisor }).find((b) => b.kind === 'office')!;
      const opened = await root.services.noticeDesk.open({ body: office, person: office.people[0]!, label: 'test', hash: 'test' }, ids.rectification);
      if (!opened.ok) throw new Error(opened.message);
      expect(publicNotice(opened.record)!.timelines).toEqual({
        'row-1': [{ at: expect.any(String), on: today, status: '已整改', note: '本周起各班作业均在 60 分钟内。' }],
      });
    } finally {
      await root.close();
    }
    // The public pages show it without a rebuild or a restart: the school's page, and the notice's own page with the row's timeline.
    const shows = async (path: string, text: string) => {
      for (let i = 0; i < 120; i++) {
        const res = await fetch(`${server.url}${path}`);
        if (res.status === 200 && (await res.text()).includes(text)) return true;
        await new Promise((r) => setTimeout(r, 500));
      }
      return false;
    };
    expect(await shows('/schools/qc-xinghe-primary/', '星河小学整改公示（第一批）')).toBe(true);
    expect(await shows(`/notices/${ids.rectification}/`, '本周起各班作业均在 60 分钟内。')).toBe(true);

    const mails = await settledNoticeMails(outboxOf(server), ids.rectification!, 3);
    expect(mails.map((m) => [m.to, m.subject])).toContainEqual(['jubao@qiaocheng.bozhou.example', '整改进展已更新：星河小学整改公示（第一批）']);
    expect(mails).toHaveLength(3);
  });

  it('the bureau writes an exposure with findings chosen from lists, published without review', async () => {
    await bureau.goto(`${server.url}/bureau/notices/`);
    await expect(bureau.locator('[data-kinds]').innerText()).resolves.toBe('写督查通报\n写曝光\n写工作动态');
    await bureau.getByRole('link', { name: '写曝光' }).click();
    await check(bureau, 'exposure form', 'exposure-form');
    await bureau.getByLabel('标题').fill('谯城区课后服务违规收费问题曝光');
    await bureau.getByLabel('摘要').fill('一所学校在课后服务中收取资料费，已责令退还。');
    await bureau.getByLabel('所属阶段').selectOption('inspection');
    await bureau.getByLabel('正文').fill('# 查处情况\n经查，学校收取资料费。\n- 已全额退还');
    await bureau.getByRole('button', { name: '再加一条' }).click();
    await expect(bureau.locator('[data-finding]').count()).resolves.toBe(2);
    await bureau.getByRole('button', { name: '删除第 2 条' }).click();
    await bureau.getByLabel('学校', { exact: true }).selectOption({ label: '谯城区星河小学（示例）' });
    await bureau.getByLabel('属于哪一方面').selectOption('after-school-fees');
    await bureau.getByLabel('查实问题').fill('课后服务每人收取资料费 50 元。');
    await bureau.getByLabel('处理方式').selectOption('限期整改');
    await bureau.getByRole('button', { name: '保存并预览' }).last().click();
    await expect(bureau.locator('[data-copy-findings] tbody').innerText()).resolves.toContain('课后服务每人收取资料费 50 元。');
    await check(bureau, 'exposure preview');
    await bureau.getByRole('button', { name: '发布' }).click();
    await expect(state(bureau)).resolves.toBe('已发布');
  });

  it('every page the flow passed is valid HTML', async () => {
    expect(pageCount).toBeGreaterThan(15);
    expect(await nuErrors(saved)).toEqual([]);
  });
});
