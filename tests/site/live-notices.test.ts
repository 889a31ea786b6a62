// Notices published in the site reach the public pages without a rebuild or
// restart (issue 23, point 5): the built Node server on SQLite, its store
// written by a second connection as the workspace's process would, and a
// refresh interval of 300 ms (NOTICE_REFRESH_MS) instead of the default 5 s.
// Then a correction and a withdrawal as the public sees them, the pages
// through the Nu checker and axe at phone width (JavaScript off), and on
// Redis, the last rendered copy while Redis is down.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { directoryFrom, registry } from '../../src/catalogue/registry';
import { connectRedis } from '../../src/adapters/redis/connect';
import { redisNoticeStore } from '../../src/adapters/redis/redisNoticeStore';
import { openDatabase } from '../../src/adapters/sqlite/connection';
import { sqliteNoticeStore } from '../../src/adapters/sqlite/sqliteNoticeStore';
import type { NoticeActor } from '../../src/domain/notices/model';
import { launchBrowser } from '../support/browser';
import { violationsWithoutScripts } from '../support/intakeAxe';
import { root } from '../support/content';
import { freePort } from '../support/project';
import { startServer, type RunningServer } from '../support/server';
import { publisher } from '../support/publish';
import { pageText as textOf, waitForPageWith as until, xingheLedgerInput } from '../support/livePages';
import { nuErrors } from '../support/noticeDesk';
import { killOwnRedis, startOwnRedis } from '../support/ownRedis';
import { testSecret } from '../support/intakeRedis';

const xinghe: NoticeActor = { body: { kind: 'school', school: 'qc-xinghe-primary' } };
const directory = directoryFrom(registry);
const ledgerInput = (extra: Record<string, unknown> = {}) =>
  xingheLedgerInput(
    {
      title: '星河小学第二批整改公示',
      summary: '学校自查发现两个问题，正在整改。',
      body: '## 整改情况\n学校对照清单逐项自查。\n\n- 停止周六补课\n- 公开每日作业时长',
    },
    extra,
  );

describe('a notice approved in the site, on the Node server with SQLite', () => {
  let server: RunningServer;
  let db: ReturnType<typeof openDatabase>;
  let publish: ReturnType<typeof publisher>;
  let browser: Browser;
  const pages = mkdtempSync(join(tmpdir(), 'schoolwatch-live-vnu-'));
  beforeAll(async () => {
    server = await startServer({ NOTICE_REFRESH_MS: '300' });
    db = openDatabase(server.dataDir);
    publish = publisher(sqliteNoticeStore(db.db), directory);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.close();
  });

  it('shows on the school page, its own page, the feed, the sitemap and the no-JavaScript search without a rebuild', async () => {
    const before = await (await fetch(`${server.url}/schools/qc-xinghe-primary/`)).text();
    expect(before).not.toContain('星河小学第二批整改公示');
    await publish.publish('xinghe-second-ledger', 'rectification', xinghe, ledgerInput(), '2026-12-05T02:00:00Z');

    const school = await until(server.url, '/schools/qc-xinghe-primary/', '星河小学第二批整改公示');
    expect(textOf(school)).toContain('周六组织六年级集体补课');
    expect(school).toContain('href="/report/?school=qc-xinghe-primary&amp;aspect=holiday-classes&amp;item=xinghe-second-ledger%230"');
    writeFileSync(join(pages, 'school.html'), school);

    const notice = await (await fetch(`${server.url}/notices/xinghe-second-ledger/`)).text();
    expect(textOf(notice)).toContain('星河小学第二批整改公示');
    expect(textOf(notice)).toContain('整改情况 学校对照清单逐项自查。 停止周六补课 公开每日作业时长');
    expect(textOf(notice)).toContain('发布日期 2026年12月5日');
    writeFileSync(join(pages, 'notice.html'), notice);

    const feed = await (await fetch(`${server.url}/rss.xml`)).text();
    expect(feed).toContain(`<link>${server.url}/notices/xinghe-second-ledger/</link>`);
    expect(feed).toContain('【整改公示】星河小学第二批整改公示');
    const sitemap = await (await fetch(`${server.url}/sitemap-notices.xml`)).text();
    expect(sitemap).toContain(`<url><loc>${server.url}/notices/xinghe-second-ledger/</loc><lastmod>2026-12-05</lastmod></url>`);
    const search = await (await fetch(`${server.url}/search/?q=${encodeURIComponent('第二批整改')}`)).text();
    expect(search).toContain('href="/notices/xinghe-second-ledger/"');
  });

  it('shows a row’s progress, a correction with its reason and earlier version, then a withdrawal in place of the text', async () => {
    await publish.progress(
      'xinghe-second-ledger',
      xinghe,
      { row: 'row-1', on: '2026-12-06', status: '已整改', note: '已停止周六补课' },
      '2026-12-06T02:00:00Z',
    );
    const progressed = textOf(await until(server.url, '/notices/xinghe-second-ledger/', '整改进展记录'));
    expect(progressed).toContain('整改进展记录 周六组织六年级集体补课 2026年12月6日 ：已整改。已停止周六补课');

    // The form sends the rows back with their ids: the first row keeps its timeline across the correction.
    const rows = ledgerInput().ledger.map((row, i) => ({ ...row, item: `row-${i + 1}`, ...(i === 1 ? { source: '督查' } : {}) }));
    await publish.correct(
      'xinghe-second-ledger',
      xinghe,
      ledgerInput({ title: '星河小学第二批整改公示（更正）', ledger: rows }),
      '作业时长问题的来源写错',
      '2026-12-07T02:00:00Z',
    );
    const corrected = await until(server.url, '/notices/xinghe-second-ledger/', '（更正）');
    expect(textOf(corrected)).toContain('修订于 2026-12-07：作业时长问题的来源写错');
    expect(corrected).toContain('<a href="/notices/xinghe-second-ledger/v/1/">第 1 版</a>');
    expect(textOf(corrected)).toContain('整改进展记录 周六组织六年级集体补课 2026年12月6日 ：已整改。已停止周六补课');
    writeFileSync(join(pages, 'corrected.html'), corrected);
    const first = await (await fetch(`${server.url}/notices/xinghe-second-ledger/v/1/`)).text();
    expect(textOf(first)).toContain('星河小学第二批整改公示（第 1 版）');
    expect(textOf(first)).toContain('这是第 1 版，2026年12月5日发布，已被后来的版本取代。');
    writeFileSync(join(pages, 'version.html'), first);
    await until(server.url, '/schools/qc-xinghe-primary/', '星河小学第二批整改公示（更正）');

    const page = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', javaScriptEnabled: false }).then((c) => c.newPage());
    await page.goto(`${server.url}/notices/xinghe-second-ledger/`);
    await page.screenshot({ path: join(root, '.build', 'live-notice-390.png'), fullPage: true });
    expect(await violationsWithoutScripts(browser, page)).toEqual([]);
    await page.goto(`${server.url}/schools/qc-xinghe-primary/`);
    await page.screenshot({ path: join(root, '.build', 'live-school-390.png'), fullPage: true });
    expect(await violationsWithoutScripts(browser, page)).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);

    await publish.withdraw('xinghe-second-ledger', xinghe, '公示内容与实际不符，重新核实', '2026-12-08T02:00:00Z');
    const withdrawn = textOf(await until(server.url, '/notices/xinghe-second-ledger/', '撤回'));
    expect(withdrawn).toContain('本公示已于 2026-12-08 撤回：公示内容与实际不符，重新核实');
    expect(withdrawn).not.toContain('学校对照清单逐项自查');
    writeFileSync(join(pages, 'withdrawn.html'), await (await fetch(`${server.url}/notices/xinghe-second-ledger/`)).text());
  });

  it('gives pages the Nu checker accepts', async () => {
    const messages = await nuErrors(pages);
    expect(messages).toEqual([]);
  });
});

describe('the store unreachable, on Redis', () => {
  let redisPort: number;
  let redis: ChildProcess | undefined;
  let server: RunningServer;
  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startOwnRedis(redisPort, ['--appendonly', 'no']);
    server = await startServer({ REDIS_URL: `redis://127.0.0.1:${redisPort}`, REDIS_KEY_PREFIX: 'live', SITE_SECRET: testSecret(), NOTICE_REFRESH_MS: '300' });
  });
  afterAll(async () => {
    await server?.stop();
    if (redis && redis.exitCode === null) redis.kill('SIGKILL');
  });

  it('answers the school page and the notice page with the last copy rendered', async () => {
    const connection = connectRedis({ kind: 'tcp', url: `redis://127.0.0.1:${redisPort}` });
    await publisher(redisNoticeStore(connection, 'live'), directory).publish(
      'xinghe-redis-ledger',
      'rectification',
      xinghe,
      ledgerInput({ title: '星河小学整改公示（Redis）' }),
      '2026-12-05T02:00:00Z',
    );
    await connection.close();
    const school = await until(server.url, '/schools/qc-xinghe-primary/', '星河小学整改公示（Redis）');
    const notice = await until(server.url, '/notices/xinghe-redis-ledger/', '星河小学整改公示（Redis）');

    await killOwnRedis(redis!);
    await new Promise((r) => setTimeout(r, 1000)); // past the refresh interval: the next request asks the store, which is gone
    const schoolNow = await fetch(`${server.url}/schools/qc-xinghe-primary/`);
    expect(schoolNow.status).toBe(200);
    expect(await schoolNow.text()).toBe(school);
    const noticeNow = await fetch(`${server.url}/notices/xinghe-redis-ledger/`);
    expect(noticeNow.status).toBe(200);
    expect(await noticeNow.text()).toBe(notice);
  });
});
