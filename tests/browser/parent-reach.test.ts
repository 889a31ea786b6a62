// Reaching parents (issue 26), in Chromium at phone width without JavaScript.
// A parent who files anonymously but leaves a mobile number for updates, in
// Chromium at phone width without JavaScript, against the built Node server:
// the number is asked in a field of its own, shown on the check page, and the
// bureau's first step reaches the local SMS outbox once, with the reference
// and the step and nothing else. The bureau never sees the number (no consent).
// The confirmation page's signed receipt verifies at /verify/; changed, it does not.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, phonePage } from '../support/browser';
import { readContent } from '../support/content';
import { startServer, type RunningServer } from '../support/server';

const content = readContent();
const school = content.schools[0]!;
const aspect = content.aspects[0]!;
const DESCRIPTION = '学校要求每个学生周六到校补课，老师说不来就会跟不上。';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ INTAKE_RATE_LIMIT: '1000', LOOKUP_RATE_LIMIT: '1000' }), launchBrowser()]);
  page = await phonePage(browser, { javaScriptEnabled: false });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The files a folder holds once `predicate` holds, waiting for the dispatcher. */
async function waitForFiles(dir: string, predicate: (names: string[]) => boolean, timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = await readdir(dir).catch(() => [] as string[]);
    if (predicate(names) || Date.now() > deadline) return names;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('SMS updates for an anonymous parent', () => {
  let reference: string;

  it('refuses a landline in the SMS field with a message on the field, keeping what was typed', async () => {
    await page.goto(`${server.url}/report/?school=${school.id}`);
    await page.getByRole('radio', { name: aspect.name }).check();
    await page.getByLabel('具体情况').fill(DESCRIPTION);
    await page.getByRole('radio', { name: '匿名举报，不留姓名和联系方式' }).check();
    await page.getByLabel('接收进展短信的手机号（选填）').fill('0558-1234567');
    await page.getByRole('button', { name: '继续，检查填写内容' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#smsMobile-error').innerText()).toContain('请填写 11 位手机号码');
    expect(await page.getByLabel('具体情况').inputValue()).toBe(DESCRIPTION);
  });

  let receiptLine: string;

  it('files with a mobile number, shown on the check page', async () => {
    await page.getByLabel('接收进展短信的手机号（选填）').fill('139 0000 5678');
    await page.getByRole('button', { name: '继续，检查填写内容' }).click();
    await page.waitForLoadState();
    expect(await page.locator('dl.summary-list').innerText()).toContain('13900005678');
    await page.getByRole('button', { name: '确认提交举报' }).click();
    await page.waitForLoadState();
    expect(await page.title()).toMatch(/^举报已提交/);
    reference = (await page.locator('[data-reference]').innerText()).trim();
    receiptLine = (await page.locator('[data-receipt-line]').innerText()).trim();
    const receiptCode = (await page.locator('[data-receipt-code]').innerText()).trim();
    const block = await page.locator('[data-receipt]').innerText();
    expect(block).toContain(`举报编号：${reference}`);
    expect(block).not.toContain(receiptCode);
    expect(receiptLine.startsWith(`SWR1.${reference}.`)).toBe(true);
  });

  it('anyone can paste the receipt at /verify/ and see it is ours; one character changed is refused', async () => {
    const other = await phonePage(browser, { javaScriptEnabled: false });
    await other.goto(`${server.url}/verify/`);
    await other.getByLabel('回执内容').fill(`校务监督举报回执\n回执编码：${receiptLine}`);
    await other.getByRole('button', { name: '核验' }).click();
    await other.waitForLoadState();
    expect(await other.locator('[data-verdict]').getAttribute('data-verdict')).toBe('valid');
    const facts = await other.locator('[data-verdict] dl').innerText();
    expect(facts).toContain(reference);
    expect(facts).toContain(content.bureaus.find((b) => b.id === school.bureau)!.name);

    const last = receiptLine.at(-1)!;
    const changed = receiptLine.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    await other.getByLabel('回执内容').fill(changed);
    await other.getByRole('button', { name: '核验' }).click();
    await other.waitForLoadState();
    // What was pasted comes back as pasted, to correct and try again (no indentation added).
    expect(await other.getByLabel('回执内容').inputValue()).toBe(changed);
    expect(await other.locator('[data-verdict]').getAttribute('data-verdict')).toBe('invalid');
    expect(await other.locator('[data-verdict]').innerText()).toContain('这份回执不是本站签发的，或者内容被改动过');

    const api = await fetch(`${server.url}/api/receipts/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ receipt: receiptLine }),
    });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ valid: true, reference, bureau: { id: school.bureau } });
    const empty = await fetch(`${server.url}/api/receipts/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(empty.status).toBe(422);
    await other.close();
  });

  it('the bureau accepts through its emailed link, without seeing the number; one SMS reaches the outbox', async () => {
    const mailDir = join(server.dataDir, 'outbox');
    const mails = await waitForFiles(mailDir, (names) => names.some((n) => n.startsWith('complaint.filed') && n.endsWith('.json')));
    const mail = JSON.parse(
      await readFile(
        join(
          mailDir,
          mails.find((n) => n.startsWith('complaint.filed') && n.endsWith('.json'))!,
        ),
        'utf8',
      ),
    ) as { html: string };
    expect(mail.html).not.toContain('13900005678');
    const link = /href="([^"]*\/answer\/\?t=[^"]+)"/.exec(mail.html)![1]!.replaceAll('&amp;', '&');
    await page.goto(link);
    expect(await page.content()).not.toContain('13900005678');
    await page.getByRole('button', { name: '受理这件举报' }).click();
    await page.waitForLoadState();

    const smsDir = join(server.dataDir, 'sms-outbox');
    const names = await waitForFiles(smsDir, (n) => n.some((f) => f.endsWith('.json')));
    expect(names.filter((n) => n.endsWith('.json'))).toEqual([`parent.sms_${reference}_2.json`]);
    const sms = JSON.parse(await readFile(join(smsDir, names[0]!), 'utf8')) as Record<string, unknown>;
    expect(sms.to).toBe('13900005678');
    expect(sms.template).toBe('update');
    expect(sms.text).toBe(`您反映的问题（编号 ${reference}）有新进展：教育局受理。请在校务监督网站输入查询码查看。`);
    expect(JSON.stringify(sms)).not.toContain('补课');
  });
});
