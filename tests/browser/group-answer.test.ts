// A group of complaints about one school and one problem, answered together
// in a real Chromium at phone width with JavaScript off, as `npm start` runs
// it (embedded SQLite, local outbox): the caseload lists the group, the
// bureau answers it once with a finding, and each complaint keeps its own
// history, audit entry and parent notification; the one not yet accepted is
// reported and left alone. The supervision office sees the school as
// complained about repeatedly. Axe checks each page (on a JavaScript-enabled
// copy, which axe needs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../support/server';
import { outboxOf, rootBeside } from '../support/workspace';
import type { Root } from '../../src/server/root';
import { closePhoneSite, expectAccessibleOnPhone, openPhoneSite, signInThroughForm } from '../support/phoneSite';
import { fileThrough } from '../support/seedComplaints';

const ANSWER = '经查，学校在国庆假期组织初三集体补课属实，已责令停止并退还费用。（示例）';
const DESCRIPTION = '国庆假期学校通知全年级到校上课，说是自愿，但不去要写检讨。';
const PARENT_EMAIL = 'parent.group@example.com';
const client = { address: '192.0.2.30' };

let server: RunningServer;
let browser: Browser;
let page: Page;
let axeTab: Page;
/** Four about 星河小学's holiday classes (the first with the parent's email), one about its homework. */
const refs: string[] = [];
let other = '';

async function file(root: Root, aspect: string, contact: Record<string, string | boolean> = { anonymous: true }) {
  return (await fileThrough(root, { school: 'qc-xinghe-primary', aspect, description: DESCRIPTION, ...contact }, client)).reference;
}

beforeAll(async () => {
  ({ server, browser, page, axeTab } = await openPhoneSite());
  const root = await rootBeside(server);
  try {
    refs.push(await file(root, 'holiday-classes', { anonymous: false, name: '王女士', email: PARENT_EMAIL, contactConsent: true }));
    for (let i = 0; i < 3; i++) refs.push(await file(root, 'holiday-classes'));
    other = await file(root, 'homework');
  } finally {
    await root.close();
  }
});

afterAll(() => closePhoneSite({ browser, server }));

const expectAccessible = (where: string) => expectAccessibleOnPhone(page, axeTab, where);

const signIn = (bodyName: string, bodyId: string) => signInThroughForm(page, server, bodyName, bodyId);

/** The parent updates in the outbox for a complaint, by history entry. */
const parentUpdates = (reference: string) =>
  existsSync(outboxOf(server))
    ? readdirSync(outboxOf(server))
        .filter((f) => f.startsWith(`parent.update_${reference}_`) && f.endsWith('.json'))
        .sort()
    : [];

describe('a bureau answers a group of complaints at once', () => {
  it('accepts three of the four, and the caseload lists them as one group', async () => {
    await signIn('谯城区教育局', 'qiaocheng');
    expect(new URL(page.url()).pathname).toBe('/bureau/cases/');
    for (const reference of refs.slice(0, 3)) {
      await page.goto(`${server.url}/bureau/complaint/?ref=${reference}`);
      await page.getByRole('button', { name: '受理这件举报' }).click();
      await expect(page.locator('[data-status]').innerText()).resolves.toBe('办理中');
    }
    await page.goto(`${server.url}/bureau/cases/`);
    // The homework complaint is alone: no group of one.
    expect(await page.locator('[data-groups] li').allInnerTexts()).toEqual(['4 件：谯城区星河小学（示例） · 节假日集体补课']);
    await expectAccessible('caseload with a group');
  });

  it('refuses an answer without a finding, keeping the text', async () => {
    await page.getByRole('link', { name: '4 件：谯城区星河小学（示例） · 节假日集体补课' }).click();
    expect(await page.locator('[data-group] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-reference')))).toEqual(refs);
    await expectAccessible('group page');
    await page.getByLabel('答复内容').fill(ANSWER);
    await page.getByRole('button', { name: '答复这 4 件举报' }).click();
    expect(await page.title()).toMatch(/^错误：/);
    await expect(page.getByRole('alert').innerText()).resolves.toContain('请选择查实情况：属实、部分属实、不属实或无法核实');
    expect(await page.getByLabel('答复内容').inputValue()).toBe(ANSWER);
    await expectAccessible('group page, finding missing');
  });

  it('answers the three accepted ones with 属实 and reports the one not yet accepted', async () => {
    await page.getByRole('radio', { name: '属实', exact: true }).check();
    await page.getByRole('button', { name: '答复这 4 件举报' }).click();
    await expect(page.locator('[data-results] h2').innerText()).resolves.toBe('合并答复结果：已答复 3 件，未答复 1 件');
    const results = await page.locator('[data-results] li').allInnerTexts();
    expect(results).toEqual([...refs.slice(0, 3).map((r) => `${r}：已答复。`), `${refs[3]}：待受理，不能答复（请先受理）。`]);
    // What is left open of the group: the one not accepted.
    await expect(page.locator('[data-group-count]').innerText()).resolves.toBe('谯城区教育局未办结的举报 1 件');
    await expectAccessible('group page, answered');
  });

  it('gives each answered complaint its own answer, finding, history entry and audit entry', async () => {
    for (const reference of refs.slice(0, 3)) {
      await page.goto(`${server.url}/bureau/complaint/?ref=${reference}`);
      await expect(page.locator('[data-status]').innerText()).resolves.toBe('已答复');
      const steps = await page.locator('[data-history] > li > strong').allInnerTexts();
      expect(steps).toEqual(['提交举报', '教育局受理', '教育局答复']);
      await expect(page.locator('[data-finding]').innerText()).resolves.toBe('查实情况：属实');
      expect(await page.locator('[data-history]').innerText()).toContain(ANSWER);
      const audit = await page.locator('[data-audit]').innerText();
      expect(audit.match(/答复办结/g)).toHaveLength(1);
      expect(audit).toMatch(/答复办结\n+.* · 谯城区教育局 · 工作台/);
    }
    await page.goto(`${server.url}/bureau/complaint/?ref=${refs[3]}`);
    await expect(page.locator('[data-status]').innerText()).resolves.toBe('待受理');
    expect(await page.locator('[data-audit]').innerText()).not.toContain('答复办结');
    await page.goto(`${server.url}/bureau/complaint/?ref=${other}`);
    await expect(page.locator('[data-status]').innerText()).resolves.toBe('待受理');
  });

  it('notifies the parent who left an email of their own complaint’s steps, each under its own key', async () => {
    const deadline = Date.now() + 10_000;
    while (parentUpdates(refs[0]!).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Accepted (history entry 2) and answered (entry 3); the anonymous parents left no address.
    expect(parentUpdates(refs[0]!)).toEqual([`parent.update_${refs[0]}_2.json`, `parent.update_${refs[0]}_3.json`]);
    for (const reference of refs.slice(1)) expect(parentUpdates(reference), reference).toEqual([]);
    const answered = JSON.parse(readFileSync(join(outboxOf(server), `parent.update_${refs[0]}_3.json`), 'utf8')) as { text: string };
    expect(answered.text).toContain(`您的举报 ${refs[0]} 有新进展：教育局答复（查实情况：属实）。`);
    expect(answered.text).not.toContain(ANSWER);
  });
});

describe('the supervision office', () => {
  it('sees the school complained about repeatedly', async () => {
    await page.getByRole('button', { name: '退出登录' }).first().click();
    await signIn('亳州市政府教育督导委员会办公室（示例）', '@office');
    expect(new URL(page.url()).pathname).toBe('/bureau/office/');
    const row = page.locator('[data-repeats] tr[data-school="qc-xinghe-primary"]');
    expect(await row.locator('td').allInnerTexts()).toEqual([
      '谯城区星河小学（示例）',
      '谯城区教育局',
      '5',
      '2',
      '节假日集体补课 4 件；作业总量和时长超标 1 件',
    ]);
    expect(await page.locator('[data-repeats] tbody tr').count()).toBe(1);
    await expectAccessible('office overview with a repeated school');
  });
});
