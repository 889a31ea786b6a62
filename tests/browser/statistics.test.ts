// The statistics, public answers and open data in a real Chromium on a 320 px
// phone: WCAG 2.2 AA (axe), no sideways scrolling, no script, and every chart
// with a text alternative. The data is the known distribution of
// tests/support/statsScenario.ts on a real Redis, snapshot taken by the cron.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, phonePage } from '../support/browser';
import { sampleDirectory } from '../support/directory';
import { refreshStats } from '../support/statsCron';
import { startServer, type RunningServer } from '../support/server';
import { fileStatsScenario } from '../support/statsScenario';
import { openServerKeyspace, type ServerKeyspace } from '../support/serverKeyspace';

const CRON_SECRET = 'stats-browser-cron-0123456789';
let server: RunningServer;
let space: ServerKeyspace;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  space = await openServerKeyspace('stats-a11y');
  server = await startServer({ ...space.env, CRON_SECRET });
  await fileStatsScenario({
    store: space.store,
    keys: space.keys,
    directory: sampleDirectory(),
    start: new Date(Date.now() - 100 * 86_400_000),
  });
  expect((await refreshStats(server.url, CRON_SECRET)).skipped).toBeUndefined();
  browser = await launchBrowser();
  page = await phonePage(browser);
  await page.setViewportSize({ width: 320, height: 640 });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await space?.close();
});

describe.each([
  '/stats/',
  '/stats/qiaocheng/',
  '/stats/mengcheng/',
  '/stats/schools/qc-xinghe-primary/',
  '/answers/',
  '/open-data/',
  '/report/?school=qc-xinghe-primary&aspect=homework&item=2024-07-10-qc-xinghe-rectification%230',
])('%s at 320 px', (path) => {
  it('has no WCAG 2.2 A/AA violations, no sideways scrolling and no script; every chart has a text alternative', async () => {
    await page.goto(`${server.url}${path}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    const charts = page.locator('svg[role="img"]');
    for (const chart of await charts.all()) expect((await chart.getAttribute('aria-label'))?.length).toBeGreaterThan(10);
    if (path.startsWith('/stats/')) {
      expect(await charts.count()).toBeGreaterThan(0);
      expect(await page.locator('script').count()).toBe(0);
    }
  });
});

describe('a published answer’s own page', () => {
  it('has no WCAG 2.2 A/AA violations', async () => {
    await page.goto(`${server.url}/answers/`);
    await page
      .getByRole('link', { name: /涡阳县清荷小学/ })
      .first()
      .click();
    await expect.poll(() => page.url()).toMatch(/\/answers\/JB-/);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
