// @ts-check
import { readFileSync } from 'node:fs';
import { parseList, REGISTRY_LISTS } from '../catalogue/read.ts';

/**
 * What the sitemap lists beyond the prerendered pages: the on-demand pages a
 * search engine should know (the home page, the list of notices, each
 * school's, bureau's and aspect's page and the supervision office's page,
 * which show notices published in the site; the report form,
 * the status page, the statistics of the whole city, each bureau and each
 * school, the published answers and the open data). The notices published
 * in the site are in /sitemap-notices.xml (src/pages/sitemap-notices.xml.ts).
 * Read from content/ through the catalogue's one parser (the config is loaded
 * before the content collections), so a broken file stops the build with the
 * same words an editor sees elsewhere.
 * @param {string} site the build's origin
 * @param {URL} root the project's folder
 */
export function onDemandPages(site, root) {
  /** @param {'aspects' | 'bureaus' | 'schools'} list */
  const ids = (list) =>
    parseList(`content/${list}.yaml`, readFileSync(new URL(`content/${list}.yaml`, root), 'utf8'), REGISTRY_LISTS[list]).map((item) => item.id);
  const schools = ids('schools');
  const paths = [
    '/',
    '/notices/',
    ...schools.map((id) => `/schools/${id}/`),
    ...ids('bureaus').map((id) => `/bureaus/${id}/`),
    ...ids('aspects').map((id) => `/aspects/${id}/`),
    '/office/',
    '/report/',
    '/report/status/',
    '/stats/',
    '/answers/',
    '/open-data/',
    ...ids('bureaus').map((id) => `/stats/${id}/`),
    ...schools.map((id) => `/stats/schools/${id}/`),
  ];
  return paths.map((path) => new URL(path, site).href);
}

/**
 * Pages a search engine should not list: the bureaus' workspace (behind a
 * sign-in: 401/403/405), the answer links of emails, the evidence files.
 * @param {string} page an absolute URL
 */
export const listedInSitemap = (page) => !/^\/(?:bureau|answer)\//.test(new URL(page).pathname);
