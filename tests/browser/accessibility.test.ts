import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, phonePage } from '../support/browser';
import { distDir } from '../support/content';

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

describe('an unknown address', () => {
  it('answers 404 with the help page', async () => {
    const res = await fetch(`${baseUrl}/schools/no-such-school/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('找不到这个页面');
  });
});
