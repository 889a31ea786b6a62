import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PagefindApi } from '../../src/search/pagefind';
import { distDir } from './content';

type PagefindModule = PagefindApi & { options(o: object): Promise<void>; filters(): Promise<Record<string, Record<string, number>>> };

/**
 * The built site's own pagefind.js, run in Node over the index the test
 * server serves: the same files, searched the same way as in a browser.
 * pagefind.js reads the page language from <html lang>; a stand-in document
 * gives it the site's zh-CN (and no Web Worker: it searches on this thread).
 */
export async function builtPagefind(baseUrl: string): Promise<PagefindModule> {
  (globalThis as { document?: unknown }).document ??= { currentScript: null, querySelector: () => ({ getAttribute: () => 'zh-CN' }) };
  const pagefind = (await import(/* @vite-ignore */ pathToFileURL(join(distDir(), 'client', 'pagefind', 'pagefind.js')).href)) as PagefindModule;
  await pagefind.options({ basePath: `${baseUrl}/pagefind/`, baseUrl: '/', excerptLength: 24 });
  return pagefind;
}

/** Result paths of the no-JavaScript answer, in the order the page lists them. */
export function resultPaths(html: string): string[] {
  return [...html.matchAll(/<a class="hit-title" href="([^"]+)"/g)].map((m) => m[1]!);
}
