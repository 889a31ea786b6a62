import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, phonePage } from './browser';

/**
 * Axe violations of what a page shows without JavaScript. Axe cannot run in a
 * page whose scripts are disabled (its timers never fire), so the page's DOM
 * is copied, scripts removed, into a fresh phone page at the same address,
 * where axe runs alone.
 */
export async function violationsWithoutScripts(browser: Browser, page: Page): Promise<string[]> {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const copy = await phonePage(browser, { javaScriptEnabled: true });
  try {
    await copy.route('**/*', (route) => {
      const request = route.request();
      if (request.isNavigationRequest()) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      if (request.resourceType() === 'script') return route.abort();
      return route.continue();
    });
    await copy.goto(page.url());
    return await accessibilityViolations(copy);
  } finally {
    await copy.context().close();
  }
}
