import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Browser as PuppeteerBrowser } from 'puppeteer';
import { accessibilityViolations, launchBrowser, phonePage } from '../support/browser';
import { codeSnifferErrors, launchCodeSnifferBrowser } from '../support/codeSniffer';
import { distDir, readContent } from '../support/content';

const baseUrl = inject('baseUrl');

/** Every page path in the built sitemap (the build runs before test collection). */
function sitemapPaths(): string[] {
  const client = join(distDir(), 'client');
  return readdirSync(client)
    .filter((f) => /^sitemap-\d+\.xml$/.test(f))
    .flatMap((f) => [...readFileSync(join(client, f), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname));
}

const paths = sitemapPaths();
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await phonePage(browser);
  // The narrowest phone the issue names.
  await page.setViewportSize({ width: 320, height: 640 });
});
afterAll(() => browser?.close());

describe('the sitemap', () => {
  it('lists the home, bureau, school, notice and aspect pages', () => {
    expect(paths).toContain('/');
    // The county scorecard is checked with every page through the sitemap.
    expect(paths).toContain('/assessment/');
    for (const prefix of ['/bureaus/', '/schools/', '/notices/', '/aspects/']) expect(paths.some((p) => p.startsWith(prefix) && p !== prefix)).toBe(true);
  });
});

describe.each([...paths, '/no-such-page/'])('%s at 320 px', (path) => {
  it('has no WCAG 2.2 A/AA violations and no sideways scrolling', async () => {
    await page.goto(`${baseUrl}${path}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
  });
});

describe('HTML_CodeSniffer (pa11y, WCAG 2 AA)', () => {
  let sniffer: PuppeteerBrowser;
  beforeAll(async () => {
    sniffer = await launchCodeSnifferBrowser();
  });
  afterAll(() => sniffer?.close());

  // One page of each kind (the first of each first path segment), plus the
  // report flow's forms and their error states, with JavaScript on.
  const kinds = [...new Map(paths.map((p) => [p.split('/')[1], p])).values()];
  const { bureaus, schools } = readContent();
  const onDemand = [
    `/stats/${bureaus[0]!.id}/`,
    `/stats/schools/${schools[0]!.id}/`,
    '/search/?q=%E5%B0%8F%E5%AD%A6',
    '/bureau/',
    '/no-such-page/',
    '/report/',
    '/report/status/',
    '/verify/',
  ];
  it.each([...kinds, ...onDemand])('finds no errors on %s', async (path) => {
    expect(await codeSnifferErrors(sniffer, `${baseUrl}${path}`)).toEqual([]);
  });

  it.each([
    ['/report/', '#school'],
    ['/report/status/', '#receiptCode'],
  ])('finds no errors on %s with its error summary', async (path, field) => {
    const actions = [`wait for element ${field} to be visible`, 'click element main form button[type=submit]', 'wait for element .error-summary to be visible'];
    expect(await codeSnifferErrors(sniffer, `${baseUrl}${path}`, actions)).toEqual([]);
  });
});

describe('an unknown address', () => {
  it('answers 404 with the help page', async () => {
    const res = await fetch(`${baseUrl}/schools/no-such-school/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('找不到这个页面');
  });
});
