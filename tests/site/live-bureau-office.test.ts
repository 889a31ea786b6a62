// The rest of "everywhere notices appear" (issue 23, point 5), on the built
// Node server over SQLite and over Redis, with notices written into the store
// after the build as the workspace's process would: a school's notice and a
// bureau's bulletin on the bureau's page and the aspect's page; the city
// supervision office's notices on /office/ (linked from the home page and the
// list of notices); the sitemap naming those pages; a content notice whose id
// the store also publishes answered with the store's copy at its own address;
// and, in the office's workspace, every bureau's review queue with the days
// each submission has waited. The new pages pass the Nu checker and axe at
// phone width with JavaScript off.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { directoryFrom, registry } from '../../src/catalogue/registry';
import { connectRedis, type RedisConnection } from '../../src/adapters/redis/connect';
import { redisNoticeStore } from '../../src/adapters/redis/redisNoticeStore';
import { openDatabase } from '../../src/adapters/sqlite/connection';
import { sqliteNoticeStore } from '../../src/adapters/sqlite/sqliteNoticeStore';
import { startNotice } from '../../src/domain/notices/machine';
import { submitNotice } from '../../src/domain/notices/steps';
import type { NoticeActor } from '../../src/domain/notices/model';
import type { NoticeStore } from '../../src/ports/noticeStore';
import { launchBrowser } from '../support/browser';
import { violationsWithoutScripts } from '../support/intakeAxe';
import { redisUrl } from '../support/redis';
import { testSecret, uniquePrefix } from '../support/intakeRedis';
import { startServer, type RunningServer } from '../support/server';
import { publisher } from '../support/publish';
import { pageText as textOf, waitForPageWith as until } from '../support/livePages';
import { nuErrors } from '../support/noticeDesk';
import { signInOverHttp } from '../support/workspace';

const directory = directoryFrom(registry);
const xinghe: NoticeActor = { body: { kind: 'school', school: 'qc-xinghe-primary' } };
const qinghe: NoticeActor = { body: { kind: 'school', school: 'gy-qinghe-primary' } };
const qiaocheng: NoticeActor = { body: { kind: 'bureau', bureau: 'qiaocheng' } };
const office: NoticeActor = { body: { kind: 'office' } };
/** A content notice (content/notices/<id>.md, a page of the build) whose id the store publishes again. */
const REUSED = '2024-07-10-qc-xinghe-rectification';

const selfInspection = (title: string) => ({
  title,
  summary: '学校对照十五个方面逐项自查。',
  phase: 'self-inspection',
  aspects: ['holiday-classes'],
  body: '## 自查情况\n学校组织教师逐项自查。',
});
const bulletin = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  summary: '暗访发现一所学校节假日集体补课。',
  phase: 'inspection',
  aspects: ['holiday-classes'],
  body: '## 督查情况\n督查组于周末暗访。',
  findings: [{ school: 'qc-xinghe-primary', aspect: 'holiday-classes', finding: '周六组织六年级集体补课', sanction: '限期整改' }],
  ...extra,
});

interface Engine {
  name: string;
  open(): Promise<{ server: RunningServer; store: NoticeStore; close(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: 'SQLite',
    async open() {
      const server = await startServer({ NOTICE_REFRESH_MS: '300' });
      const db = openDatabase(server.dataDir);
      return { server, store: sqliteNoticeStore(db.db), close: async () => (await server.stop(), await db.close()) };
    },
  },
  {
    name: 'Redis',
    async open() {
      const url = await redisUrl();
      const prefix = uniquePrefix('live-office');
      const server = await startServer({ REDIS_URL: url, REDIS_KEY_PREFIX: prefix, SITE_SECRET: testSecret(), NOTICE_REFRESH_MS: '300' });
      const connection: RedisConnection = connectRedis({ kind: 'tcp', url });
      return { server, store: redisNoticeStore(connection, prefix), close: async () => (await server.stop(), await connection.close()) };
    },
  },
];

describe.each(engines)('notices published after the build, on the Node server with $name', (engine) => {
  let server: RunningServer;
  let store: NoticeStore;
  let close: () => Promise<void>;
  let browser: Browser;
  const pages = mkdtempSync(join(tmpdir(), 'schoolwatch-live-office-vnu-'));
  const tag = engine.name;
  beforeAll(async () => {
    ({ server, store, close } = await engine.open());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  it('shows a school’s notice and a bureau’s bulletin on the bureau’s page and the aspect’s page, which the sitemap names', async () => {
    const before = await (await fetch(`${server.url}/bureaus/qiaocheng/`)).text();
    expect(before).not.toContain(`星河小学自查报告（${tag}）`);
    const publish = publisher(store, directory);
    await publish.publish(`xinghe-self-${tag.toLowerCase()}`, 'self-inspection', xinghe, selfInspection(`星河小学自查报告（${tag}）`), '2026-12-05T02:00:00Z');
    await publish.publish(`qc-bulletin-${tag.toLowerCase()}`, 'bulletin', qiaocheng, bulletin(`谯城区周末暗访通报（${tag}）`), '2026-12-05T03:00:00Z');

    const bureau = await until(server.url, '/bureaus/qiaocheng/', `谯城区周末暗访通报（${tag}）`);
    expect(bureau).toContain(`<a href="/notices/qc-bulletin-${tag.toLowerCase()}/">谯城区周末暗访通报（${tag}）</a>`);
    expect(bureau).toContain(`<a href="/notices/xinghe-self-${tag.toLowerCase()}/">星河小学自查报告（${tag}）</a>`);
    writeFileSync(join(pages, 'bureau.html'), bureau);
    const aspect = await until(server.url, '/aspects/holiday-classes/', `星河小学自查报告（${tag}）`);
    expect(aspect).toContain(`<a href="/notices/qc-bulletin-${tag.toLowerCase()}/">谯城区周末暗访通报（${tag}）</a>`);
    writeFileSync(join(pages, 'aspect.html'), aspect);
    // Another bureau's page does not list them.
    expect(await (await fetch(`${server.url}/bureaus/guoyang/`)).text()).not.toContain(`（${tag}）`);

    const sitemap = await (await fetch(`${server.url}/sitemap-0.xml`)).text();
    for (const path of ['/bureaus/qiaocheng/', '/aspects/holiday-classes/', '/office/']) expect(sitemap).toContain(`<loc>${server.url}${path}</loc>`);
    const notices = await (await fetch(`${server.url}/sitemap-notices.xml`)).text();
    expect(notices).toContain(`<loc>${server.url}/notices/qc-bulletin-${tag.toLowerCase()}/</loc>`);
    expect(notices).toContain(`<loc>${server.url}/notices/xinghe-self-${tag.toLowerCase()}/</loc>`);
  });

  it('gives the city supervision office’s notices a page, linked from the home page and the list of notices', async () => {
    const id = `office-bulletin-${tag.toLowerCase()}`;
    await publisher(store, directory).publish(id, 'bulletin', office, bulletin(`全市第一次督查通报（${tag}）`), '2026-12-05T04:00:00Z');
    const list = await until(server.url, '/office/', `全市第一次督查通报（${tag}）`);
    expect(textOf(list)).toContain(`亳州市政府教育督导委员会办公室（示例）`);
    expect(list).toContain(`<a href="/office/${id}/">全市第一次督查通报（${tag}）</a>`);
    expect(textOf(list)).toContain('督查通报 2026年12月5日');
    writeFileSync(join(pages, 'office.html'), list);
    const one = await (await fetch(`${server.url}/office/${id}/`)).text();
    expect(textOf(one)).toContain(`全市第一次督查通报（${tag}）`);
    expect(textOf(one)).toContain('督查情况 督查组于周末暗访。');
    expect(textOf(one)).toContain('周六组织六年级集体补课 限期整改');
    writeFileSync(join(pages, 'office-notice.html'), one);
    expect((await fetch(`${server.url}/office/qc-bulletin-${tag.toLowerCase()}/`)).status).toBe(404);

    expect(await (await fetch(`${server.url}/`)).text()).toContain('<a href="/office/">亳州市政府教育督导委员会办公室（示例）的督查通报和曝光</a>');
    expect(await (await fetch(`${server.url}/notices/`)).text()).toContain('<a href="/office/">亳州市政府教育督导委员会办公室（示例）</a>');

    const page = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', javaScriptEnabled: false }).then((c) => c.newPage());
    for (const path of ['/office/', `/office/${id}/`, '/bureaus/qiaocheng/', '/aspects/holiday-classes/']) {
      await page.goto(`${server.url}${path}`);
      expect(await violationsWithoutScripts(browser, page), path).toEqual([]);
      expect(await page.locator('script').count(), path).toBe(0);
    }
  });

  it('answers a content notice’s own address with the store’s copy when the store publishes the same id', async () => {
    const built = await (await fetch(`${server.url}/notices/${REUSED}/`)).text();
    expect(built).not.toContain(`星河小学整改公示（网站版，${tag}）`);
    // The workspace draws stable ids (a letter first); content/notices' sample files are named by date, so the
    // published record is put in the store under the file's id, as a store holding such a notice would have it.
    const publish = publisher(store, directory);
    const source = `reuse-source-${tag.toLowerCase()}`;
    const record = await publish.publish(source, 'self-inspection', xinghe, selfInspection(`星河小学整改公示（网站版，${tag}）`), '2026-12-05T05:00:00Z');
    const [audit] = await store.auditOf(source);
    expect(await store.create({ ...record, id: REUSED }, { ...audit!, notice: REUSED })).toBe(true);
    await publish.withdraw(source, xinghe, '改用原有编号发布', '2026-12-05T05:10:00Z'); // a publication: every process reloads
    const page = await until(server.url, `/notices/${REUSED}/`, `星河小学整改公示（网站版，${tag}）`);
    expect(textOf(page)).toContain('自查情况 学校组织教师逐项自查。');
    expect(page).toContain(`<link rel="canonical" href="${server.url}/notices/${REUSED}/">`);
    expect(await (await fetch(`${server.url}/notices/${REUSED}`)).text()).toContain(`星河小学整改公示（网站版，${tag}）`);
    const school = await until(server.url, '/schools/qc-xinghe-primary/', `星河小学整改公示（网站版，${tag}）`);
    expect(school).toContain(`<a href="/notices/${REUSED}/">星河小学整改公示（网站版，${tag}）</a>`);
  });

  it('lists, in the office’s workspace, every bureau’s submissions waiting for review with the days they have waited', async () => {
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const id = `qinghe-waiting-${tag.toLowerCase()}`;
    const started = startNotice({ id, kind: 'self-inspection', owner: qinghe.body, input: selfInspection(`清河小学自查报告（待审，${tag}）`) }, qinghe, {
      directory,
      settings: { approvalRequired: true },
      at: threeDaysAgo,
    });
    if (started.kind !== 'saved') throw new Error(started.kind);
    expect(await store.create(started.record, started.audit)).toBe(true);
    const submitted = submitNotice(started.record, qinghe, { directory, settings: { approvalRequired: true }, at: threeDaysAgo });
    if (submitted.kind !== 'submitted') throw new Error(submitted.kind);
    expect(await store.save(submitted.record, started.record.revision, submitted.audit)).toBe(true);

    const cookie = await signInOverHttp(server, '@office');
    const overview = await (await fetch(`${server.url}/bureau/office/`, { headers: { cookie } })).text();
    const row = /<tr data-waiting-notice="([^"]+)">([\s\S]*?)<\/tr>/.exec(overview);
    expect(row?.[1]).toBe(id);
    expect(textOf(row![2]!).trim()).toBe(`清河小学自查报告（待审，${tag}） （自查报告） 涡阳县清荷小学（示例） 涡阳县教育局 ${formatted(threeDaysAgo)} 3 天`);
    expect(overview).not.toContain('name="action"');
    writeFileSync(join(pages, 'office-workspace.html'), overview);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', javaScriptEnabled: false });
    await context.addCookies([{ name: 'sw_workspace', value: cookie.slice('sw_workspace='.length), domain: '127.0.0.1', path: '/bureau/' }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/bureau/office/`);
    await expect(page.locator('[data-waiting-all] caption').innerText()).resolves.toBe('等待审核的公示（1 份）');
    expect(await violationsWithoutScripts(browser, page)).toEqual([]);
    await context.close();
    // A bureau's session is refused the office's view.
    expect((await fetch(`${server.url}/bureau/office/`, { headers: { cookie: await signInOverHttp(server, 'qiaocheng') } })).status).toBe(403);
  });

  it('gives pages the Nu checker accepts', async () => {
    expect(await nuErrors(pages)).toEqual([]);
  });
});

/** A day as the pages write it: 2026年12月4日 (China's day). */
function formatted(iso: string): string {
  const [y, m, d] = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
