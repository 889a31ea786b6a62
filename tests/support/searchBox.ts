// The /search/ page's box as a parent uses it with JavaScript on.
import type { Page } from 'playwright-core';

/**
 * Types `query` into the /search/ box key by key and waits for Pagefind's
 * answer to it (the page merges in the server's notices published since the
 * build): the results say they come from Pagefind, the address carries the
 * query, and the status line quotes it.
 */
export async function typeSearchQuery(page: Page, query: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: '搜索学校、公示或问题' });
  await box.fill('');
  await box.pressSequentially(query);
  await page.waitForFunction(
    (q) =>
      document.getElementById('search-results')?.dataset.engine === 'pagefind' &&
      new URL(location.href).searchParams.get('q') === q &&
      !!document.getElementById('search-status')?.textContent?.includes('“'),
    query,
  );
}
