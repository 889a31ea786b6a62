import pa11y from 'pa11y';
import puppeteer, { type Browser } from 'puppeteer';
import { CHROMIUM } from './browser';

// A second checker beside axe: HTML_CodeSniffer (WCAG 2 AA), run by pa11y in
// puppeteer over the same Chromium. The two disagree on what they catch (axe
// passed a hidden <select> that had no name; HTML_CodeSniffer did not).

export const launchCodeSnifferBrowser = (): Promise<Browser> => puppeteer.launch({ ...CHROMIUM, headless: true });

/**
 * HTML_CodeSniffer's WCAG 2 AA errors on a page, after pa11y's `actions`
 * (e.g. 'click element button[type=submit]', 'wait for element .error-summary to be visible'),
 * summarised so that a failure says what and where.
 */
export async function codeSnifferErrors(browser: Browser, url: string, actions: string[] = []): Promise<string[]> {
  const page = await browser.newPage();
  try {
    const result = await pa11y(url, {
      browser,
      page,
      runners: ['htmlcs'],
      standard: 'WCAG2AA',
      actions,
      timeout: 60_000,
      viewport: { width: 390, height: 844, isMobile: true, hasTouch: true },
    });
    return result.issues.filter((i) => i.type === 'error').map((i) => `${i.code}: ${i.message} — ${i.selector}`);
  } finally {
    await page.close();
  }
}
