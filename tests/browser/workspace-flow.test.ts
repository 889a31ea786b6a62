// The bureau workspace in a real Chromium at phone width with JavaScript off,
// as `npm start` runs it (embedded SQLite, local outbox): the city bureau asks
// for a link, opens it from the outbox, sees exactly its own complaints,
// filters to the overdue one (filed by a root beside the server whose clock
// stands 20 days back), accepts and answers it, signs out, and finds the link
// refused when used again; the parent then reads the answer. The supervision
// office looks over every bureau. Axe checks every workspace page, error
// states included (on a copy of each page in a JavaScript-enabled tab, which
// axe needs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../support/server';
import { movableClock, nextSignInMail, outboxOf, rootBeside, signInMails } from '../support/workspace';
import type { Root } from '../../src/server/root';
import { closePhoneSite, expectAccessibleOnPhone, openPhoneSite } from '../support/phoneSite';
import { fileThrough } from '../support/seedComplaints';

const DAY = 86_400_000;
const ANSWER = '经查属实。已责令学校停止违规招生，并对校长约谈。';
const client = { address: '192.0.2.20' };

let server: RunningServer;
let browser: Browser;
let page: Page;
let axeTab: Page;
const filed: Record<'overdue' | 'fresh' | 'county', { reference: string; receiptCode: string }> = {} as never;

const file = (root: Root, school: string) =>
  fileThrough(root, { school, aspect: 'catchment-enrolment', description: '学校拒收学区内的孩子，却招收了学区外的学生。', anonymous: true }, client);

beforeAll(async () => {
  ({ server, browser, page, axeTab } = await openPhoneSite());
  const past = await rootBeside(server, { clock: movableClock(new Date(Date.now() - 20 * DAY)) });
  const present = await rootBeside(server);
  try {
    filed.overdue = await file(past, 'city-qingtong-middle');
    filed.fresh = await file(present, 'city-yunhe-primary');
    filed.county = await file(present, 'qc-xinghe-primary');
  } finally {
    await past.close();
    await present.close();
  }
});

afterAll(() => closePhoneSite({ browser, server }));

/** Axe on what the no-JavaScript tab shows now. */
const expectAccessible = (where: string) => expectAccessibleOnPhone(page, axeTab, where);

async function requestLink(bodyName: string, bodyId: string) {
  const seen = signInMails(outboxOf(server), bodyId).length;
  await page.goto(`${server.url}/bureau/`);
  await expectAccessible('sign-in page');
  await page.getByLabel('您所在的单位').selectOption({ label: bodyName });
  await page.getByRole('button', { name: '发送登录链接' }).click();
  // A body with several registered people asks who; the body's own address is the first.
  if (await page.locator('[data-choose-person]').count()) {
    await expectAccessible('choosing the person');
    await page.getByLabel('单位公务邮箱').check();
    await page.getByRole('button', { name: '发送登录链接' }).click();
  }
  await expect(page.getByRole('status').innerText()).resolves.toContain('请查收邮件');
  await expectAccessible('link requested');
  return nextSignInMail(outboxOf(server), bodyId, seen);
}

const rows = () => page.locator('[data-cases] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-reference')));

describe('the city bureau works a complaint from its caseload', () => {
  let link: string;

  it('asks for a link and gets it at its registered address only', async () => {
    await page.goto(`${server.url}/bureau/`);
    await page.getByRole('button', { name: '发送登录链接' }).click();
    expect(await page.title()).toMatch(/^错误：/);
    await expect(page.locator('.error-summary').innerText()).resolves.toContain('请选择您所在的单位');
    await expectAccessible('sign-in page with an error');

    const mail = await requestLink('亳州市教育局', 'bozhou-city');
    expect(mail.to).toBe('jubao@city.bozhou.example');
    link = mail.url;
  });

  it('opens the link, confirms, and sees exactly its own complaints, newest first', async () => {
    await page.goto(link);
    await expectAccessible('link page');
    await page.getByRole('button', { name: '登录' }).click();
    expect(new URL(page.url()).pathname).toBe('/bureau/cases/');
    expect(await page.title()).toMatch(/^亳州市教育局举报清单/);
    expect(await rows()).toEqual([filed.fresh.reference, filed.overdue.reference]);
    expect(await page.locator('main').innerText()).not.toContain(filed.county.reference);
    // The filters are folded: on a 390 × 844 phone the first complaint starts on the first screen.
    await page.setViewportSize({ width: 390, height: 844 });
    const first = await page.locator('[data-cases] tbody tr').first().getByRole('link').boundingBox();
    await page.setViewportSize({ width: 360, height: 740 });
    expect(first!.y + first!.height).toBeLessThanOrEqual(844);
    await expectAccessible('caseload');
  });

  it('filters to the overdue one, five days past its deadline to accept', async () => {
    // Folded at first, so that the first complaint is on a phone's first screen.
    await expect(page.getByLabel('期限', { exact: true }).isVisible()).resolves.toBe(false);
    await page.getByText('筛选举报（期限、状态、学校、问题类型）').click();
    await page.getByLabel('期限', { exact: true }).selectOption({ label: '已逾期' });
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    // Open again on the filtered list, showing what is set.
    await expect(page.getByLabel('期限', { exact: true }).inputValue()).resolves.toBe('overdue');
    await expect(page.getByText('筛选举报（已筛选）').isVisible()).resolves.toBe(true);
    expect(await rows()).toEqual([filed.overdue.reference]);
    const row = page.locator(`[data-reference="${filed.overdue.reference}"]`);
    await expect(row.locator('[data-status]').innerText()).resolves.toBe('待受理');
    await expect(row.locator('[data-days-left]').innerText()).resolves.toBe('逾期 5 天');
    await expect(page.locator('[data-count]').innerText()).resolves.toContain('符合条件 1 件，共 2 件');
    await expectAccessible('caseload filtered to overdue');
  });

  it('opens it, accepts it and answers it', async () => {
    await page.getByRole('link', { name: filed.overdue.reference }).click();
    await expect(page.locator('[data-status]').innerText()).resolves.toBe('待受理');
    await expectAccessible('complaint, submitted');
    await page.getByRole('button', { name: '受理这件举报' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('已记录');
    await expect(page.locator('[data-status]').innerText()).resolves.toBe('办理中');
    await page.getByRole('button', { name: '提交答复' }).click();
    expect(await page.title()).toMatch(/^错误：/);
    await expect(page.getByRole('alert').innerText()).resolves.toContain('请填写答复内容');
    await expectAccessible('complaint, answer missing');
    await page.getByLabel('答复内容').fill(ANSWER);
    await page.getByRole('radio', { name: '部分属实' }).check();
    await page.getByRole('button', { name: '提交答复' }).click();
    await expect(page.locator('[data-status]').innerText()).resolves.toBe('已答复');
    await expect(page.locator('[data-finding]').innerText()).resolves.toBe('查实情况：部分属实');
    // Signed in already: the next step is the link above on this page, not the sign-in page.
    await expect(page.locator('[data-next-step]').innerText()).resolves.toBe(
      '已答复。查实的问题须由学校整改：点本页上方的“生成整改事项”发给学校。除此之外，举报人确认或提出异议之前，无需再操作。',
    );
    await expect(page.getByRole('link', { name: '生成整改事项' }).getAttribute('href')).resolves.toBe(`/bureau/rectification/?ref=${filed.overdue.reference}`);
    const audit = await page.locator('[data-audit]').innerText();
    expect(audit).toMatch(/受理\n+.* · 亳州市教育局 · 工作台，\d{1,2}月\d{1,2}日 \d{2}:\d{2} 登录/);
    expect(audit).toMatch(/答复办结\n+.* · 亳州市教育局 · 工作台，\d{1,2}月\d{1,2}日 \d{2}:\d{2} 登录/);
    expect(audit).toMatch(/查看举报\n+.* · 亳州市教育局 · 工作台，\d{1,2}月\d{1,2}日 \d{2}:\d{2} 登录/);
    await expectAccessible('complaint, answered');
  });

  it('signs out, and the link is refused when used again', async () => {
    await page.getByRole('button', { name: '退出登录' }).first().click();
    await expect(page.getByRole('status').innerText()).resolves.toBe('已退出。');
    await expectAccessible('signed out');
    const list = await page.goto(`${server.url}/bureau/cases/`);
    expect(list?.status()).toBe(401);
    await expectAccessible('caseload, signed out');
    const again = await page.goto(link);
    expect(again?.status()).toBe(403);
    await expect(page.locator('[data-refused]').innerText()).resolves.toContain('这个登录链接已失效');
    await expectAccessible('link used again');
  });

  it('and the parent reads the answer on the status page', async () => {
    await page.goto(`${server.url}/report/status/`);
    await page.getByLabel('查询码').fill(filed.overdue.receiptCode);
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page.locator('[data-status]').innerText()).resolves.toBe('已答复');
    await expect(page.locator('[data-history]').innerText()).resolves.toContain(ANSWER);
    await expect(page.locator('[data-finding]').innerText()).resolves.toBe('查实情况：部分属实');
    expect(await page.locator('main').innerText()).not.toContain('操作记录');
  });
});

describe('the supervision office', () => {
  it('sees every bureau’s counts and the overdue list, and reads a caseload', async () => {
    const mail = await requestLink('亳州市政府教育督导委员会办公室（示例）', '@office');
    expect(mail.to).toBe('dudao@bozhou.example');
    await page.goto(mail.url);
    await page.getByRole('button', { name: '登录' }).click();
    expect(new URL(page.url()).pathname).toBe('/bureau/office/');
    const city = page.locator('[data-bureau="bozhou-city"]');
    await expect(city.locator('[data-open]').innerText()).resolves.toBe('1');
    await expect(city.locator('[data-overdue]').innerText()).resolves.toBe('0');
    await expect(page.locator('[data-bureau="qiaocheng"] [data-open]').innerText()).resolves.toBe('1');
    await expect(page.locator('[data-overdue-list]').innerText()).resolves.toBe('目前没有逾期的举报。');
    await expectAccessible('office overview');

    await page.getByRole('link', { name: '亳州市教育局' }).click();
    expect(await rows()).toEqual([filed.fresh.reference, filed.overdue.reference]);
    expect(await page.getByRole('button', { name: '导出 CSV' }).count()).toBe(0);
    await expectAccessible('office reading a caseload');
    await page.getByRole('link', { name: filed.overdue.reference }).click();
    expect(await page.getByRole('button', { name: /受理|答复/ }).count()).toBe(0);
    await expect(page.locator('[data-audit]').innerText()).resolves.toContain('答复办结');
    expect(await page.locator('main').innerText()).not.toContain('学区外的学生');
    await expectAccessible('office reading a complaint');
  });

  it('is told plainly when a page is not for it', async () => {
    const res = await page.goto(`${server.url}/bureau/cases/`);
    expect(res?.status()).toBe(404);
    await expectAccessible('office without a bureau chosen');
  });
});
