// @ts-check
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

/**
 * The policy of each prerendered page (src/integrations/pagePolicies.mjs),
 * looked up by the path a request names, in every spelling that serves the
 * same file: `/schools/x/`, `/schools/x`, `/schools/x/index.html`,
 * `//schools/x/`, `/schools/./x/`, `/%73chools/x/`. Pages without a policy of
 * their own share one.
 * @param {string} file the build's `page-policies.json`
 * @returns {(url: string) => string}
 */
export function staticPolicies(file) {
  /** @type {{ shared: string; pages: Record<string, string> }} */
  const { shared, pages } = JSON.parse(readFileSync(file, 'utf8'));
  const own = new Map(Object.entries(pages));
  return (url) => own.get(pageKey(url)) ?? shared;
}

/**
 * The page a request path names: decoded, dot segments and doubled slashes resolved, no trailing slash or index.html.
 * @param {string} url
 */
export function pageKey(url) {
  let path = url.split(/[?#]/, 1)[0] ?? '/';
  try {
    path = decodeURIComponent(path);
  } catch {
    // not valid percent-encoding: looked up as it is, and found nowhere
  }
  path = posix
    .normalize(`/${path}`)
    .replace(/\/index\.html$/, '/')
    .replace(/\.html$/, '');
  return path.length > 1 ? path.replace(/\/+$/, '') : '/';
}
