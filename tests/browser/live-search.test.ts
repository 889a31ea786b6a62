// The browser's search finds notices published in the site after the build
// (issue 23, point 5): Pagefind's index is written at build time, so the
// search page asks the server for the rest (/search/notices.json) and merges
// them in. The built Node server on SQLite, its store written by a second
// connection as the workspace's process would; Chromium at phone width with
// JavaScript on, a Chinese query typed as a parent would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { directoryFrom, registry } from '../../src/catalogue/registry';
import { openDatabase } from '../../src/adapters/sqlite/connection';
import { sqliteNoticeStore } from '../../src/adapters/sqlite/sqliteNoticeStore';
import type { NoticeActor } from '../../src/domain/notices/model';
import { accessibilityViolations, launchBrowser, phonePage } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';
import { publisher } from '../support/publish';
import { typeSearchQuery } from '../support/searchBox';

const xinghe: NoticeActor = { body: { kind: 'school', school: 'qc-xinghe-primary' } };
const input = {
  title: '星河小学冰雕社团收费整改公示',
  summary: '学校自查发现社团收费问题，正在整改。',
  phase: 'self-inspection',
  aspects: ['holiday-classes'],
  body: '学校对照清单逐项自查。',
  ledger: [
    {
      problem: '社团变相收费',
      source: '自查',
      aspect: 'holiday-classes',
      measure: '停止收费并退还',
      responsible: '总务处',
      deadline: '2027-01-31',
      status: '整改中',
    },
  ],
};

describe('the search page with JavaScript, after a notice is approved in the site', () => {
  let server: RunningServer;
  let db: ReturnType<typeof openDatabase>;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    server = await startServer({ NOTICE_REFRESH_MS: '300' });
    db = openDatabase(server.dataDir);
    browser = await launchBrowser();
    page = await phonePage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.close();
  });

  const typeQuery = (query: string) => typeSearchQuery(page, query);
  const hits = () =>
    page
      .locator('.search-hits li')
      .evaluateAll((items) =>
        items.map((li) => ({ path: li.querySelector('a')?.getAttribute('href') ?? '', context: li.querySelector('.meta')?.textContent ?? '' })),
      );

  it('finds it by a Chinese phrase of its title, beside what the build indexed', async () => {
    await page.goto(`${server.url}/search/`);
    await typeQuery('冰雕社团');
    expect((await hits()).map((h) => h.path)).not.toContain('/notices/xinghe-winter-ledger/');

    await publisher(sqliteNoticeStore(db.db), directoryFrom(registry)).publish('xinghe-winter-ledger', 'rectification', xinghe, input, '2026-12-05T02:00:00Z');
    // The server's catalogue catches up within its refresh interval (300 ms here, 5 s by default).
    const deadline = Date.now() + 60_000;
    while (!(await (await fetch(`${server.url}/search/notices.json?q=${encodeURIComponent('冰雕社团')}`)).text()).includes('xinghe-winter-ledger')) {
      if (Date.now() > deadline) throw new Error('the server never found the new notice');
      await new Promise((r) => setTimeout(r, 100));
    }

    await page.goto(`${server.url}/search/`);
    await typeQuery('冰雕社团');
    // Found by the whole phrase, which nothing the build indexed holds: the server's notice alone.
    expect(await hits()).toEqual([{ path: '/notices/xinghe-winter-ledger/', context: '整改公示 · 谯城区星河小学（示例） · 2026年12月5日' }]);
    expect(await page.getByRole('status').textContent()).toBe('找到 1 条与“冰雕社团”有关的结果。');
    expect(await page.locator('#search-results mark').allTextContents()).toEqual(['冰雕社团']);
    expect(await accessibilityViolations(page)).toEqual([]);

    // With what the build indexed: the school first, the new notice among the school's notices.
    await typeQuery('星河');
    const found = await hits();
    expect(found[0]!.path).toBe('/schools/qc-xinghe-primary/');
    expect(found.map((h) => h.path)).toContain('/notices/xinghe-winter-ledger/');
    expect(found.map((h) => h.path)).toContain('/notices/2024-07-10-qc-xinghe-rectification/');
  });
});
