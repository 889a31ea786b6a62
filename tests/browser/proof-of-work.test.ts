// The 11th parent on one shared address (a parents' meeting on the school's
// Wi-Fi), in a real Chromium: refused by the plain limit, the check page
// solves a proof of work by itself and the parent files with one more click.
// Without JavaScript the page keeps the plain limit and says to wait.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, phonePage } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { postJson, sampleAspect, sampleSchool, validComplaint } from '../support/intakeForms';

const REFUSED = '提交太频繁，请过一段时间再试。您填写的内容还在下面。';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // The browser and this test both reach the server from 127.0.0.1: one address.
  [server, browser] = await Promise.all([startServer({ PROOF_MAX_NUMBER: '20000' }), launchBrowser()]);
  for (let i = 0; i < 10; i++) expect((await postJson(`${server.url}/api/complaints`, validComplaint())).status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Fills the form (the school straight into the <select>, which the autocomplete keeps) and reaches the check page. */
async function reachCheckPage(page: Page) {
  await page.goto(`${server.url}/report/`);
  await page.locator('select[name="school"]').evaluate((select: HTMLSelectElement, id: string) => void (select.value = id), sampleSchool.id);
  await page.getByRole('radio', { name: sampleAspect.name }).check();
  await page.getByLabel('具体情况').fill('家长会上大家都说学校周六组织补课，每人收费两百元。');
  await page.getByRole('radio', { name: '匿名举报，不留姓名和联系方式' }).check();
  await page.getByRole('button', { name: '继续，检查填写内容' }).click();
  await page.waitForLoadState();
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('检查填写内容');
}

describe('the 11th parent on one address', () => {
  it('without JavaScript is refused with the plain words and no proof is offered', async () => {
    const page = await phonePage(browser, { javaScriptEnabled: false });
    await reachCheckPage(page);
    const answer = page.waitForResponse((r) => r.url().endsWith('/report/') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '确认提交举报' }).click();
    expect((await answer).status()).toBe(429);
    expect(await page.locator('.error-summary').innerText()).toContain(REFUSED);
    expect(await page.locator('[data-proof]').isVisible()).toBe(false);
    // Still refused on a second try: the no-JS form keeps the plain limit.
    const again = page.waitForResponse((r) => r.url().endsWith('/report/') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '确认提交举报' }).click();
    expect((await again).status()).toBe(429);
    await page.context().close();
  });

  it('with JavaScript is refused, the page solves the proof, and the next click files', async () => {
    const page = await phonePage(browser);
    await reachCheckPage(page);
    await page.getByRole('button', { name: '确认提交举报' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').innerText()).toContain(REFUSED);
    await page.locator('[data-proof="solved"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-proof-status]').innerText()).toBe('安全验证已完成。请再点一次“确认提交举报”。');
    const answer = page.waitForResponse((r) => r.url().endsWith('/report/') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '确认提交举报' }).click();
    expect((await answer).status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('举报已提交');
    await page.context().close();
  });
});
