// Search in a real Chromium at phone width, as a parent uses it: the header
// box on any page, /search/ with JavaScript (Pagefind) and without it (the
// server's answer), axe on /search/ with results and with none, and the
// report form's school box finding a school by its alias.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, phonePage } from '../support/browser';
import { violationsWithoutScripts } from '../support/intakeAxe';
import { browserCases, rankOf } from '../support/searchQueries';
import { typeSearchQuery as typeQuery } from '../support/searchBox';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const resultLinks = (page: Page) =>
  page.locator('.search-hits a.hit-title').evaluateAll((links) => links.map((a) => ({ path: a.getAttribute('href') ?? '', text: a.textContent ?? '' })));
const groupHeadings = (page: Page) => page.locator('#search-results h2').allInnerTexts();

/** Each hit as its title, the line under it and its excerpt, with marks in [brackets]. */
const hitLines = (page: Page) =>
  page.locator('.search-hits li').evaluateAll((items) => {
    const show = (el: Element | null) => (el ? [...el.childNodes].map((n) => (n.nodeName === 'MARK' ? `[${n.textContent}]` : n.textContent)).join('') : '');
    return items.map((li) => ({
      path: li.querySelector('a')?.getAttribute('href') ?? '',
      context: li.querySelector('.meta')?.textContent ?? '',
      excerpt: show(li.querySelector('.excerpt')),
    }));
  });

/** What 溪山 must show, with JavaScript and without: labels apart from values, only 溪山 marked, a school's notice under the school's name. */
async function expectXishanHits(page: Page) {
  const hits = await hitLines(page);
  expect(hits[0]).toEqual({
    path: '/schools/mc-xishan-middle/',
    context: '初中 · 蒙城县教育局',
    excerpt: '又称：[溪山]中学、[溪山]初中 · 学段：初中 · 地址：蒙城县示例街 402 号',
  });
  expect(hits.find((h) => h.path === '/notices/2024-12-05-mc-xishan-rectification/')?.context).toBe('整改公示 · 蒙城县溪山初级中学（示例） · 2024年12月5日');
  expect(new Set(await page.locator('#search-results mark').allTextContents())).toEqual(new Set(['溪山']));
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('without JavaScript', () => {
  let page: Page;
  beforeAll(async () => {
    page = await phonePage(browser, { javaScriptEnabled: false });
  });
  afterAll(() => page?.context().close());

  it('the header box on a school page finds 星河小学 first', async () => {
    await page.goto(`${baseUrl}/schools/city-qingtong-middle/`);
    await page.getByRole('searchbox', { name: '搜索学校、公示或问题' }).fill('星河');
    await page.getByRole('searchbox', { name: '搜索学校、公示或问题' }).press('Enter');
    await page.waitForURL(/\/search\/\?q=/);
    expect(decodeURIComponent(new URL(page.url()).search)).toBe('?q=星河');
    expect((await resultLinks(page))[0]).toEqual({ path: '/schools/qc-xinghe-primary/', text: '谯城区星河小学（示例）' });
    expect(await page.locator('#search-results mark').first().textContent()).toBe('星河');
    expect(await violationsWithoutScripts(browser, page)).toEqual([]);
    expect(await noSidewaysScroll(page)).toBe(0);
  });

  it('补课 lists the holiday-classes aspect first, then notices about it', async () => {
    await page.goto(`${baseUrl}/search/?q=${encodeURIComponent('补课')}`);
    const links = await resultLinks(page);
    expect(links[0]).toEqual({ path: '/aspects/holiday-classes/', text: '节假日集体补课' });
    expect(await groupHeadings(page)).toEqual(['问题类型（3）', '公示（28）']);
  });

  it('溪山: labels apart from values, exactly 溪山 marked, a school’s notice under the school', async () => {
    await page.goto(`${baseUrl}/search/?q=${encodeURIComponent('溪山')}`);
    await expectXishanHits(page);
  });

  it('says so when nothing is found, and passes axe', async () => {
    await page.goto(`${baseUrl}/search/?q=${encodeURIComponent('大班额')}`);
    expect(await page.getByRole('status').textContent()).toBe('没有找到与“大班额”有关的学校、公示或问题。');
    expect(await resultLinks(page)).toEqual([]);
    expect(await violationsWithoutScripts(browser, page)).toEqual([]);
  });
});

describe('with JavaScript', () => {
  let page: Page;
  const scripts: string[] = [];
  beforeAll(async () => {
    page = await phonePage(browser);
    page.on('request', (request) => {
      if (request.resourceType() === 'script' || request.url().includes('/pagefind/')) scripts.push(new URL(request.url()).pathname);
    });
  });
  afterAll(() => page?.context().close());

  it('a disclosure page loads no script until the box is used', async () => {
    scripts.length = 0;
    await page.goto(`${baseUrl}/notices/2024-07-10-qc-xinghe-rectification/`);
    await page.getByRole('searchbox', { name: '搜索学校、公示或问题' }).fill('星河');
    expect(scripts).toEqual([]);
    await page.getByRole('searchbox', { name: '搜索学校、公示或问题' }).press('Enter');
    await page.waitForURL(/\/search\/\?q=/);
    await page.waitForFunction(() => document.getElementById('search-results')?.dataset.engine === 'pagefind');
    expect(scripts.some((s) => s.startsWith('/_astro/'))).toBe(true);
    expect(scripts).toContain('/pagefind/pagefind.js');
    expect((await resultLinks(page))[0]).toEqual({ path: '/schools/qc-xinghe-primary/', text: '谯城区星河小学（示例）' });
  });

  it('typing 补课 finds the holiday-classes aspect first, then notices about it', async () => {
    await typeQuery(page, '补课');
    expect((await resultLinks(page))[0]).toEqual({ path: '/aspects/holiday-classes/', text: '节假日集体补课' });
    const headings = await groupHeadings(page);
    expect(headings[0]).toBe('问题类型（3）');
    expect(headings[1]).toMatch(/^公示（\d+）$/);
    expect(await page.title()).toBe('搜索：补课 - 校务监督·亳州');
  });

  const queries = [...new Set(browserCases.map((c) => c.query))];
  it.each(queries)('%s: the expected pages come where the query table says', async (query) => {
    await typeQuery(page, query);
    const paths = (await resultLinks(page)).map((l) => l.path);
    for (const c of browserCases.filter((x) => x.query === query)) {
      const rank = rankOf(paths, c.expect);
      expect(rank, `${c.expect} in ${paths.slice(0, 5).join(' ')}`).toBeGreaterThan(0);
      expect(rank).toBeLessThanOrEqual(c.within);
    }
  });

  it('溪山: the same lines as without JavaScript, and no run-together table headings in notices', async () => {
    await typeQuery(page, '溪山');
    await expectXishanHits(page);
    await typeQuery(page, '查实');
    const excerpts = (await hitLines(page)).map((h) => h.excerpt);
    expect(excerpts.length).toBeGreaterThan(0);
    for (const excerpt of excerpts) expect(excerpt).not.toContain('学校问题类型');
  });

  it('passes axe with results and with none, with no sideways scrolling', async () => {
    await typeQuery(page, '星河');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await noSidewaysScroll(page)).toBe(0);
    await typeQuery(page, '大班额');
    expect(await page.getByRole('status').textContent()).toBe('没有找到与“大班额”有关的学校、公示或问题。');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('runs Pagefind within the page’s Content-Security-Policy (no eval, nothing blocked)', async () => {
    const fresh = await phonePage(browser);
    const cdp = await fresh.context().newCDPSession(fresh);
    const issues: string[] = [];
    cdp.on('Audits.issueAdded', ({ issue }) => issues.push(`${issue.code}: ${JSON.stringify(issue.details)}`));
    await cdp.send('Audits.enable');
    await fresh.goto(`${baseUrl}/search/?q=${encodeURIComponent('星河')}`);
    await fresh.waitForFunction(() => document.getElementById('search-results')?.dataset.engine === 'pagefind');
    expect(issues.filter((i) => i.startsWith('ContentSecurityPolicyIssue'))).toEqual([]);
    await fresh.context().close();
  });

  it('says a lone function word is too short instead of listing every page', async () => {
    const box = page.getByRole('searchbox', { name: '搜索学校、公示或问题' });
    await box.fill('的');
    await page.waitForFunction(() => document.getElementById('search-status')?.textContent?.startsWith('“的”太短了'));
    expect(await resultLinks(page)).toEqual([]);
  });

  it('the report form’s school box finds a school by its alias', async () => {
    await page.goto(`${baseUrl}/report/`);
    const combobox = page.getByRole('combobox', { name: '学校名称' });
    await combobox.waitFor();
    await combobox.pressSequentially('三中');
    await page.getByRole('option', { name: '亳州市青桐初级中学（示例）' }).waitFor();
    expect(await page.getByRole('option').allInnerTexts()).toEqual(['亳州市青桐初级中学（示例）', '涡阳县祥云初级中学（示例）']);
    await page.getByRole('option', { name: '涡阳县祥云初级中学（示例）' }).click();
    expect(await page.locator('select[name="school"]').inputValue()).toBe('gy-xiangyun-middle');
  });
});
