// Rating and 回访 in a real Chromium at phone width with JavaScript off, as
// `npm start` runs it (embedded SQLite, local outbox). The bureau's steps go
// through its signed answer link, taken by a root beside the server; for the
// 30-day question that root's clock stands 40 days back, so the server's own
// clock finds the question due. The parent rates one answer 不满意 (first
// without a reason: refused, nothing lost), the bureau finds it back in its
// caseload and the supervision office in its list; on another complaint the
// parent answers "还存在" and gets the follow-up complaint's code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../support/server';
import { movableClock, rootBeside } from '../support/workspace';
import type { Root } from '../../src/server/root';
import { refreshStats } from '../support/statsCron';
import { closePhoneSite, expectAccessibleOnPhone, openPhoneSite, signInToWorkspace } from '../support/phoneSite';
import { answerWithFinding, fileThrough } from '../support/seedComplaints';

const DAY = 86_400_000;
const client = { address: '192.0.2.44' };
const CRON_SECRET = 'cron-secret-for-the-rating-flow';
const REASON = '学校这个周六仍在补课，只是换到了校外。';

let server: RunningServer;
let browser: Browser;
let page: Page;
let axeTab: Page;
const filed: Record<'rated' | 'old' | 'fresh', { reference: string; receiptCode: string }> = {} as never;

/** Files a complaint through `root`, then the bureau accepts and answers it through its signed link. */
async function fileAndAnswer(root: Root, school: string) {
  const answer = { school, aspect: 'holiday-classes', description: '国庆假期学校组织全年级集体补课，每人收费三百元。', anonymous: true };
  const { reference, receiptCode } = await fileThrough(root, answer, client);
  await answerWithFinding(root, server, reference, { answer: '经查属实，已责令学校停止补课并退费。', finding: 'substantiated' }, client);
  return { reference, receiptCode };
}

beforeAll(async () => {
  ({ server, browser, page, axeTab } = await openPhoneSite({ CRON_SECRET }));
  const past = await rootBeside(server, { clock: movableClock(new Date(Date.now() - 40 * DAY)) });
  const present = await rootBeside(server);
  try {
    filed.old = await fileAndAnswer(past, 'qc-taoxi-primary');
    filed.rated = await fileAndAnswer(present, 'qc-xinghe-primary');
    filed.fresh = await fileAndAnswer(present, 'qc-mingyue-middle');
  } finally {
    await past.close();
    await present.close();
  }
});

afterAll(() => closePhoneSite({ browser, server }));

const expectAccessible = (where: string) => expectAccessibleOnPhone(page, axeTab, where);

async function openStatus(receiptCode: string) {
  await page.goto(`${server.url}/report/status/`);
  await page.getByLabel('查询码').fill(receiptCode);
  await page.getByRole('button', { name: '查询' }).click();
}

const signIn = (body: string) => signInToWorkspace(page, server, body);

describe('the parent rates the answer 不满意', () => {
  it('is asked for a reason, keeps the choice, then sends it back for review', async () => {
    await openStatus(filed.rated.receiptCode);
    await expect(page.locator('[data-status]').innerText()).resolves.toBe('已答复');
    expect(await page.getByRole('heading', { name: '问题还存在吗？' }).count()).toBe(0);
    await expectAccessible('status page asking for a rating');
    // Nothing chosen: said beside the choice.
    await page.getByRole('button', { name: '提交评价' }).click();
    expect((await page.locator('#rating-error').innerText()).replace(/\s/g, '')).toBe('错误：请选择满意、基本满意或不满意');
    await expectAccessible('rating refused without a choice');
    await page.getByLabel('不满意', { exact: true }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('请填写不满意的原因');
    expect((await page.locator('#rate-reason-error').innerText()).replace(/\s/g, '')).toBe('错误：请填写不满意的原因');
    expect(await page.getByLabel('不满意', { exact: true }).isChecked()).toBe(true);
    await expectAccessible('rating refused without a reason');

    await page.getByLabel('不满意的原因（选“不满意”时必填）').fill(REASON);
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('已收到您的评价“不满意”');
    await expect(page.locator('[data-status]').innerText()).resolves.toBe('有异议，待复核');
    await expect(page.locator('[data-rating]').innerText()).resolves.toBe('不满意');
    const last = page.locator('[data-history] li').last();
    await expect(last.innerText()).resolves.toContain(REASON);
    await expect(last.locator('[data-step-rating]').innerText()).resolves.toBe('评价：不满意');
    expect(await page.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    await expectAccessible('status page after 不满意');
  });

  it('the bureau finds it back in its caseload, to review', async () => {
    await signIn('qiaocheng');
    await page.goto(`${server.url}/bureau/cases/`);
    const row = page.locator(`tr[data-reference="${filed.rated.reference}"]`);
    await expect(row.locator('[data-status]').innerText()).resolves.toBe('有异议，待复核');
    await row.getByRole('link', { name: filed.rated.reference }).click();
    await expect(page.locator('[data-history]').innerText()).resolves.toContain(REASON);
    expect(await page.getByRole('button', { name: '提交答复' }).count()).toBe(1);
  });

  it('the supervision office lists it, not yet reviewed, without the parent’s words', async () => {
    await signIn('@office');
    await page.goto(`${server.url}/bureau/office/`);
    const row = page.locator(`[data-unsatisfied-list] tr[data-reference="${filed.rated.reference}"]`);
    await expect(row.locator('[data-review]').innerText()).resolves.toBe('尚未重新答复，已过 0 天');
    expect(await page.locator('[data-unsatisfied-list] tbody tr').count()).toBe(1);
    expect(await page.locator('main').innerText()).not.toContain(REASON);
    await expectAccessible('office list of 不满意');
  });
});

describe('回访 30 days after closure', () => {
  it('asks "问题还存在吗？" of the complaint answered 40 days ago only', async () => {
    await page.context().clearCookies();
    await openStatus(filed.fresh.receiptCode);
    expect(await page.getByRole('heading', { name: '问题还存在吗？' }).count()).toBe(0);
    await openStatus(filed.old.receiptCode);
    await expect(page.getByRole('heading', { name: '问题还存在吗？' }).count()).resolves.toBe(1);
    await expectAccessible('status page with the follow-up question');
  });

  it('"还存在" files a follow-up complaint and shows its code once; the new code opens it', async () => {
    await page.getByRole('radio', { name: '还存在' }).check();
    await page.getByRole('button', { name: '提交回答' }).click();
    const done = await page.locator('div[role="status"]').innerText();
    const reference = /已登记为新举报 (JB-\d{8}-[A-Z0-9]+)/.exec(done)?.[1];
    expect(done).toContain('交谯城区教育局办理');
    expect(reference).toBeDefined();
    const code = (await page.locator('[data-new-receipt] [data-receipt-code]').innerText()).trim();
    await expect(page.locator('[data-recurrence]').innerText()).resolves.toBe(`问题还存在，已登记为新举报 ${reference}`);
    expect(await page.getByRole('heading', { name: '问题还存在吗？' }).count()).toBe(0);
    await expectAccessible('status page after 还存在');

    await openStatus(code);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(`举报 ${reference}`);
    await expect(page.locator('[data-status]').innerText()).resolves.toBe('待受理');
    await expect(page.locator('[data-recurrence-of]').innerText()).resolves.toContain(filed.old.reference);
    // The old code still opens the first complaint, now without the question.
    await openStatus(filed.old.receiptCode);
    expect(await page.getByRole('heading', { name: '问题还存在吗？' }).count()).toBe(0);
  });
});

describe('the statistics', () => {
  it('count the 不满意 rating and the recurrence for the bureau, suppressed', async () => {
    expect(await refreshStats(server.url, CRON_SECRET)).toMatchObject({ complaints: 4 });
    await page.goto(`${server.url}/stats/qiaocheng/`);
    const table = page.getByRole('table', { name: '谯城区教育局及所属学校的家长评价与回访' });
    const row = (label: string) =>
      table
        .getByRole('row', { name: new RegExp(`^${label}`) })
        .getByRole('cell')
        .allInnerTexts();
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['范围', '评价满意', '评价基本满意', '评价不满意', '回访后问题仍存在']);
    // One of each: a count from 1 to 4 is shown as 少于 5.
    expect(await row('谯城区教育局')).toEqual(['0', '0', '少于 5', '少于 5']);
    // A school's figures are published per closed month (issue 25): this month's appear when it has closed.
    expect(await row('谯城区星河小学')).toEqual(['0', '0', '0', '0']);
    expect(await row('谯城区桃溪小学')).toEqual(['0', '0', '0', '0']);
    await expectAccessible('bureau statistics with ratings');
  });
});
