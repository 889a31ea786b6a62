// @ts-check
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

/**
 * What the sitemap lists beyond the prerendered pages: the on-demand pages a
 * search engine should know (the home page, the list of notices and each
 * school's page, which show notices published in the site; the report form,
 * the status page, the statistics of the whole city, each bureau and each
 * school, the published answers and the open data). The notices published
 * in the site are in /sitemap-notices.xml (src/pages/sitemap-notices.xml.ts). Read from content/ directly: the config is
 * loaded before the site's own modules.
 * @param {string} site the build's origin
 * @param {URL} root the project's folder
 */
export function onDemandPages(site, root) {
  /** @param {string} file */
  const ids = (file) => /** @type {Array<{ id: string }>} */ (yaml.load(readFileSync(new URL(`content/${file}`, root), 'utf8'))).map((item) => item.id);
  const paths = ['/', '/notices/', ...ids('schools.yaml').map((id) => `/schools/${id}/`), '/report/', '/report/status/', '/stats/', '/answers/', '/open-data/', ...ids('bureaus.yaml').map((id) => `/stats/${id}/`), ...ids('schools.yaml').map((id) => `/stats/schools/${id}/`)];
  return paths.map((path) => new URL(path, site).href);
}

/**
 * Pages a search engine should not list: the bureaus' workspace (behind a
 * sign-in: 401/403/405), the answer links of emails, the evidence files.
 * @param {string} page an absolute URL
 */
export const listedInSitemap = (page) => !/^\/(?:bureau|answer)\//.test(new URL(page).pathname);
