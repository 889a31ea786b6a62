// The thread under the receipt code in a real Chromium at phone width with
// JavaScript off, as `npm start` runs it (embedded SQLite, local outbox): the
// county bureau asks from its workspace, the parent finds 有问题待您回复 on
// the status page, replies with a photo, and the bureau reads the reply and
// sees the photo; the parent's email about the question arrives once. Then
// the same through JSON: the bureau asks through its signed link, the parent
// replies with their receipt code. Axe checks the pages with the thread.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, phonePage } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { outboxOf } from '../support/workspace';
import { fileBeside } from '../support/seedComplaints';
import { signInToWorkspace } from '../support/phoneSite';
import { postJson } from '../support/intakeForms';
import { metadataMarkers, phoneJpeg } from '../support/evidenceImages';

const QUESTION = '请问补课是哪个年级、哪几天？';
const REPLY = '六年级，国庆节 10 月 2 日到 4 日，每天上午。收费通知截图附上。';

let server: RunningServer;
let browser: Browser;
let bureau: Page;
let parent: Page;
let axeTab: Page;
let reference = '';
let receiptCode = '';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  ({ reference, receiptCode } = await fileBeside(
    server,
    {
      school: 'qc-xinghe-primary',
      aspect: 'holiday-classes',
      description: '国庆假期学校组织集体补课，每人收费。',
      anonymous: false,
      name: '王女士',
      email: 'parent@example.org',
      contactConsent: false,
    },
    { address: '192.0.2.31' },
  ));
  bureau = await phonePage(browser, { javaScriptEnabled: false });
  await signInToWorkspace(bureau, server, 'qiaocheng');
  parent = await phonePage(browser, { javaScriptEnabled: false });
  axeTab = await phonePage(browser);
});

afterAll(async () => {
  await browser?.close();
  if (server && server.process.exitCode !== null) console.error(`server exited:\n${server.output()}`);
  await server?.stop();
});

async function expectAccessible(page: Page, where: string) {
  await axeTab.setContent(await page.content());
  expect(await accessibilityViolations(axeTab), where).toEqual([]);
}

/** The parent's emails about this complaint in the outbox, after a moment for one more to show. */
async function parentMails(expected: number): Promise<Array<{ to: string; text: string }>> {
  const read = () => {
    let names: string[] = [];
    try {
      names = readdirSync(outboxOf(server));
    } catch {
      // Not written yet.
    }
    return names
      .filter((n) => n.startsWith(`parent.update_${reference}_`) && n.endsWith('.json'))
      .map((n) => JSON.parse(readFileSync(join(outboxOf(server), n), 'utf8')) as { to: string; text: string });
  };
  const deadline = Date.now() + 10_000;
  while (read().length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  return read();
}

const threadText = (page: Page) => page.locator('[data-thread]').innerText();

describe('a question and its answer, without JavaScript', () => {
  it('a question over 2000 characters is refused in Chinese and comes back as typed', async () => {
    await bureau.goto(`${server.url}/bureau/complaint/?ref=${reference}`);
    const typed = `${QUESTION}${'请补充。'.repeat(500)}`;
    await bureau.getByLabel('问题', { exact: true }).fill(typed);
    await bureau.getByRole('button', { name: '发送问题' }).click();
    await bureau.waitForLoadState();
    await expect(bureau.locator('main').innerText()).resolves.toContain('问题最多 2000 个字');
    await expect(bureau.getByLabel('问题', { exact: true }).inputValue()).resolves.toBe(typed);
    await expect(bureau.locator('[data-audit]').innerText()).resolves.not.toContain('向举报人提问');
  });

  it('the bureau asks from its workspace; the page says the clocks keep running', async () => {
    await bureau.goto(`${server.url}/bureau/complaint/?ref=${reference}`);
    const form = bureau.locator('form[data-ask]');
    await expect(form.innerText()).resolves.toContain('提问不改变办理状态，也不暂停受理或办理期限。');
    await expect(form.innerText()).resolves.toContain('举报人留了邮箱，会收到一封不含问题内容的提醒邮件。');
    await bureau.getByLabel('问题', { exact: true }).fill(QUESTION);
    await bureau.getByRole('button', { name: '发送问题' }).click();
    await bureau.waitForLoadState();
    await expect(bureau.getByRole('status').first().innerText()).resolves.toContain('问题已发送');
    await expect(bureau.locator('[data-status]').first().innerText()).resolves.toBe('待受理');
    await expect(threadText(bureau)).resolves.toContain(`谯城区教育局提问`);
    await expect(threadText(bureau)).resolves.toContain(QUESTION);
    await expect(bureau.locator('[data-audit]').innerText()).resolves.toContain('向举报人提问');
  });

  it('the parent is emailed once, without the question', async () => {
    const mails = await parentMails(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe('parent@example.org');
    expect(mails[0]!.text).toContain('有新进展：教育局向您提问。');
    expect(mails[0]!.text).not.toContain('补课');
  });

  it('the parent sees 有问题待您回复 and the question on the status page', async () => {
    await parent.goto(`${server.url}/report/status/`);
    await parent.getByLabel('查询码').fill(receiptCode);
    await parent.getByRole('button', { name: '查询' }).click();
    await parent.waitForLoadState();
    const banner = parent.locator('[data-question-waiting]');
    await expect(banner.getByRole('heading', { name: '有问题待您回复' }).count()).resolves.toBe(1);
    await expect(threadText(parent)).resolves.toContain(QUESTION);
    expect(await parent.locator('#reply form').getAttribute('enctype')).toBe('multipart/form-data');
    await expectAccessible(parent, 'status page with a question waiting');
  });

  it('an empty reply is refused with the photo kept; the reply with it is sent', async () => {
    await parent.getByLabel(/^照片或截图/).setInputFiles([{ name: 'IMG_3001.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg() }]);
    await parent.getByRole('button', { name: '发送回复' }).click();
    await parent.waitForLoadState();
    expect(await parent.title()).toMatch(/^错误/);
    await expect(parent.locator('.error-summary').innerText()).resolves.toContain('请填写回复内容');
    await expect(parent.locator('#reply').innerText()).resolves.toContain('已添加 1 张');
    await expectAccessible(parent, 'reply refused');

    await parent.getByLabel('您的回复', { exact: true }).fill(REPLY);
    await parent.getByRole('button', { name: '发送回复' }).click();
    await parent.waitForLoadState();
    await expect(parent.getByRole('status').first().innerText()).resolves.toContain('已发送回复');
    expect(await parent.locator('[data-question-waiting]').count()).toBe(0);
    expect(await parent.locator('#reply').count()).toBe(0);
    await expect(threadText(parent)).resolves.toContain(REPLY);
    await expect(parent.locator('[data-thread] [data-reply-images]').innerText()).resolves.toBe('附 1 张图片（只给教育局看）');
    await expect(parent.locator('[data-status]').first().innerText()).resolves.toBe('待受理');
  });

  it('the bureau reads the reply and sees its photo, stripped of metadata', async () => {
    await bureau.goto(`${server.url}/bureau/complaint/?ref=${reference}`);
    await expect(threadText(bureau)).resolves.toContain('举报人的回复');
    await expect(threadText(bureau)).resolves.toContain(REPLY);
    const shown = await bureau
      .locator('[data-thread] [data-reply-images] img')
      .evaluateAll((images) => (images as HTMLImageElement[]).map((img) => [img.alt, img.naturalWidth]));
    expect(shown).toEqual([['举报人回复所附的第 1 张图片', 900]]);
    const response = await bureau.request.get(`${server.url}/bureau/evidence?ref=${reference}&e=3&n=1`);
    expect([response.status(), response.headers()['content-type'], response.headers()['cache-control']]).toEqual([200, 'image/jpeg', 'no-store']);
    expect(metadataMarkers(new Uint8Array(await response.body()))).toEqual([]);
    await expectAccessible(bureau, 'workspace complaint with the thread');
  });
});

describe('the same through JSON', () => {
  it('the bureau asks through its signed link; the parent replies with the receipt code', async () => {
    const mail = JSON.parse(readFileSync(join(outboxOf(server), `complaint.filed_${reference}.json`), 'utf8')) as { text: string };
    const token = new URL(/http:\/\/\S+\/answer\/\?t=\S+/.exec(mail.text)![0]).searchParams.get('t')!;
    const asked = await postJson(`${server.url}/api/complaints/actions`, { t: token, action: 'ask', question: '截图是哪个群发的？' });
    expect(asked.status).toBe(200);
    const view = (await asked.json()) as { status: string; questionWaiting: boolean; thread: Array<{ from: string; text: string; images: number }> };
    expect([view.status, view.questionWaiting, view.thread.map((m) => [m.from, m.text, m.images])]).toEqual([
      'submitted',
      true,
      [
        ['bureau', QUESTION, 0],
        ['parent', REPLY, 1],
        ['bureau', '截图是哪个群发的？', 0],
      ],
    ]);
    const empty = await postJson(`${server.url}/api/complaints/actions`, { t: token, action: 'ask', question: ' ' });
    expect([empty.status, await empty.json()]).toEqual([422, { errors: { action: '请填写问题' } }]);

    const replied = await postJson(`${server.url}/api/complaints/status`, { receiptCode, action: 'reply', reply: '六年级二班的家长群。' });
    expect(replied.status).toBe(200);
    const after = (await replied.json()) as typeof view;
    expect([after.questionWaiting, after.thread.at(-1)]).toEqual([false, expect.objectContaining({ from: 'parent', text: '六年级二班的家长群。', images: 0 })]);
    const again = await postJson(`${server.url}/api/complaints/status`, { receiptCode, action: 'reply', reply: '再补充一句。' });
    expect([again.status, await again.json()]).toEqual([422, { errors: { reply: '现在没有等待您回复的问题' } }]);
    // One email per question.
    expect(await parentMails(2)).toHaveLength(2);
  });
});
