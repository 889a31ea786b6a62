// "我也遇到了" and waiting for other parents (issue 26, points 2 and 3) in a
// real Chromium at phone width without JavaScript: the link from a parent's
// status page opens the prefilled one-step form and files another parent's
// own anonymous report; the statistics count them as 同题反映, suppressed;
// a parent who chose to wait sees where the wait stands. Axe on each page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, phonePage } from '../support/browser';
import { violationsWithoutScripts } from '../support/intakeAxe';
import { readContent } from '../support/content';
import { refreshStats } from '../support/statsCron';
import { startServer, type RunningServer } from '../support/server';
import { signInOverHttp } from '../support/workspace';

const CRON_SECRET = 'same-problem-cron-0123456789';
const content = readContent();
const school = content.schools[0]!;
const bureau = content.bureaus.find((b) => b.id === school.bureau)!;
const aspect = content.aspects[0]!;
const WORDS = '学校寒假期间组织全年级学生到校补课，每人收费五百元。';

let server: RunningServer;
let browser: Browser;
let page: Page;

/** Files through the JSON API, as a client that is not the browser. */
async function fileByApi(fields: Record<string, unknown>) {
  const res = await fetch(`${server.url}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ school: school.id, aspect: aspect.id, anonymous: true, ...fields }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { reference: string; receiptCode: string; acceptBy: string };
}

async function lookUp(receiptCode: string) {
  await page.goto(`${server.url}/report/status/`);
  await page.getByLabel('查询码').fill(receiptCode);
  await page.getByRole('button', { name: '查询' }).click();
  await page.waitForLoadState();
}

const noViolations = async (where: string) => expect(await violationsWithoutScripts(browser, page), where).toEqual([]);

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ INTAKE_RATE_LIMIT: '1000', LOOKUP_RATE_LIMIT: '1000', CRON_SECRET }), launchBrowser()]);
  page = await phonePage(browser, { javaScriptEnabled: false });
});
afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await server?.stop();
});

describe('我也遇到了, without JavaScript', () => {
  let first: { reference: string; receiptCode: string };
  let sameLink = '';

  it('is offered on the status page with the school and problem only', async () => {
    first = await fileByApi({ description: WORDS });
    await lookUp(first.receiptCode);
    const link = page.getByRole('link', { name: /^我也遇到了/ });
    sameLink = (await link.getAttribute('href'))!;
    expect(sameLink).toBe(`${server.url}/report/?school=${school.id}&aspect=${aspect.id}&same=1`);
    for (const secret of [first.reference, first.receiptCode, WORDS]) expect(sameLink).not.toContain(secret);
    await noViolations('status page with the link');
  });

  it('opens the prefilled form, which files another parent’s own report in one step', async () => {
    await page.getByRole('link', { name: /^我也遇到了/ }).click();
    await page.waitForLoadState();
    expect(await page.title()).toBe('我也遇到了 - 校务监督·亳州');
    expect(await page.locator('dl.facts').innerText()).toBe(`学校\n${school.name}\n问题类型\n${aspect.name}`);
    await noViolations('the one-step form');
    await page.getByRole('button', { name: '匿名提交我的反映' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toBe('举报已提交 - 校务监督·亳州');
    const code = (await page.locator('[data-receipt-code]').innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(code).not.toBe(first.receiptCode);
    // The new parent may pass the same link on.
    expect(await page.locator('[data-share-link]').getAttribute('href')).toBe(sameLink);
    await noViolations('confirmation with the link');
    await lookUp(code);
    expect((await page.locator('[data-status]').innerText()).trim()).toBe('待受理');
    expect(await page.locator('dl.facts').innerText()).toContain(`办理单位\n${bureau.name}`);
  });

  it('shows a too-short description on the same form, nothing filed', async () => {
    await page.goto(sameLink);
    await page.getByLabel('补充您看到的情况（选填）').fill('很多');
    await page.getByRole('button', { name: '匿名提交我的反映' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toBe('错误：我也遇到了 - 校务监督·亳州');
    expect((await page.locator('#description-error').textContent())?.trim()).toBe('错误：请多写一点：至少 10 个字，说清楚发生了什么');
    expect(await page.getByLabel('补充您看到的情况（选填）').inputValue()).toBe('很多');
    await noViolations('the one-step form with an error');
  });

  it('is counted as 同题反映 in the statistics, small counts hidden', async () => {
    const figures = async () => {
      await page.goto(`${server.url}/stats/`);
      const table = page.locator('table:has(caption:text-is("各教育局举报办理情况"))');
      const column = (await table.locator('thead th').allInnerTexts()).indexOf('同题反映（我也遇到了）');
      expect(column).toBeGreaterThan(0);
      const rows = await table
        .locator('tbody tr')
        .evaluateAll((trs, c) => trs.map((tr) => [tr.children[0]!.textContent!.trim(), tr.children[c]!.textContent!.trim()]), column);
      return Object.fromEntries(rows);
    };
    const expected = (mine: string) => Object.fromEntries([...content.bureaus.map((b) => [b.name, b.id === bureau.id ? mine : '0']), ['全市合计', mine]]);
    // One came through the browser above: fewer than 5 is never shown as a number.
    expect((await refreshStats(server.url, CRON_SECRET)).complaints).toBe(2);
    expect(await figures()).toEqual(expected('少于 5'));
    for (let i = 0; i < 4; i++) await fileByApi({ same: true });
    expect((await refreshStats(server.url, CRON_SECRET)).complaints).toBe(6);
    expect(await figures()).toEqual(expected('5'));
  });
});

describe('what the bureau sees', () => {
  it('how many parents report the same problem, on the complaint and in the caseload’s groups', async () => {
    const cookie = { headers: { cookie: await signInOverHttp(server, bureau.id) } };
    const text = async (path: string) => (await (await fetch(`${server.url}${path}`, cookie)).text()).replace(/<[^>]+>/g, '').replace(/\s+/g, '');
    const first = (await (await fetch(`${server.url}/bureau/cases/`, cookie)).text()).match(/\/bureau\/complaint\/\?ref=(JB-[0-9A-Z-]+)/)![1]!;
    expect(await text(`/bureau/complaint/?ref=${first}`)).toContain('同一学校、同一问题：共6位家长反映（其中5位通过“我也遇到了”链接）。查看这一组');
    expect(await text('/bureau/cases/')).toContain(`6件：${school.name}·${aspect.name}（其中5件通过“我也遇到了”）`);
  });
});

describe('waiting for other parents, without JavaScript', () => {
  // Another problem than above: those six complaints would complete this one's group at once.
  const other = content.aspects[1]!;
  it('files a waiting complaint from the form and shows where it stands', async () => {
    await page.goto(`${server.url}/report/?school=${school.id}&aspect=${other.id}`);
    await page.getByLabel('具体情况').fill(WORDS);
    await page.getByLabel('匿名举报，不留姓名和联系方式').check();
    await page.getByLabel(/^等到至少 3 位家长反映同一问题再转给教育局/).check();
    await page.getByLabel('撤回并删除我的举报').check();
    await noViolations('form with the waiting choice');
    await page.getByRole('button', { name: '继续，检查填写内容' }).click();
    await page.waitForLoadState();
    expect(await page.locator('dl.summary-list').innerText()).toContain('等到至少 3 位家长反映同一问题再转给教育局；30 天内人数不够时撤回并删除');
    await page.getByRole('button', { name: '确认提交举报' }).click();
    await page.waitForLoadState();
    expect(await page.locator('[data-waiting]').innerText()).toContain('有 3 位家长（包括您）反映后，举报才转给');
    expect(await page.locator('[data-receipt]').innerText()).toContain('受理期限：尚未转给教育局，转出后计算');
    await noViolations('confirmation of a waiting complaint');
    const code = (await page.locator('[data-receipt-code]').innerText()).trim();
    await lookUp(code);
    expect((await page.locator('[data-status]').innerText()).trim()).toBe('等待其他家长，尚未转给教育局');
    expect(await page.locator('[data-waiting]').innerText()).toMatch(
      /^等待其他家长：已有 1 位，还需 2 位，最晚 \d{4}年\d{1,2}月\d{1,2}日。到期仍不够人数时，您的举报将撤回并删除。$/,
    );
    expect(await page.locator('dl.facts').innerText()).not.toContain('受理期限');
    const reference = (await page.locator('h1').innerText()).replace('举报 ', '');
    const caseload = await (await fetch(`${server.url}/bureau/cases/`, { headers: { cookie: await signInOverHttp(server, bureau.id) } })).text();
    expect(caseload).toContain('共 6 件');
    expect(caseload).not.toContain(reference);
    await noViolations('status of a waiting complaint');
  });
});
