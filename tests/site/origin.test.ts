// The origin that links carry, read as a crawler or a feed reader would, on the
// built server started on another port than the build's and with no SITE_URL:
// canonical links, feeds, robots.txt and the sitemap all name that server.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' });
const text = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
};
const canonicalOf = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];

beforeAll(async () => {
  server = await startServer({ SITE_URL: undefined });
});
afterAll(async () => {
  await server?.stop();
});

describe('a server on another port, without SITE_URL', () => {
  it('says at start which origin links carry', () => {
    expect(server.url).not.toBe('http://127.0.0.1:4321');
    expect(server.output()).toContain(`Links (canonical, feeds, sitemap, emails) carry ${server.url}`);
  });

  it('gives pages canonical links on its own origin', async () => {
    expect(canonicalOf(await text('/'))).toBe(`${server.url}/`);
    expect(canonicalOf(await text('/schools/qc-xinghe-primary/'))).toBe(`${server.url}/schools/qc-xinghe-primary/`);
    expect(canonicalOf(await text('/report/'))).toBe(`${server.url}/report/`);
  });

  it('keeps its own origin in a page answered again from memory (compressed once, served many times)', async () => {
    const page = '/schools/qc-taoxi-primary/';
    for (let i = 0; i < 5; i++) expect(canonicalOf(await text(page)), `request ${i + 1}`).toBe(`${server.url}${page}`);
  });

  it('names the site, and the feed itself, in the feed of all notices', async () => {
    const channel = xml.parse(await text('/rss.xml')).rss.channel;
    expect(channel.link).toBe(`${server.url}/`);
    expect(channel['atom:link']).toEqual({ '@_href': `${server.url}/rss.xml`, '@_rel': 'self', '@_type': 'application/rss+xml' });
    expect(channel.item[0].link).toMatch(new RegExp(`^${server.url}/notices/[^/]+/$`));
  });

  it('links a bureau’s feed to the bureau’s page, not the home page', async () => {
    const parsed = xml.parse(await text('/bureaus/qiaocheng/rss.xml'));
    expect(parsed.rss['@_xmlns:atom']).toBe('http://www.w3.org/2005/Atom');
    const channel = parsed.rss.channel;
    expect(channel.title).toBe('谯城区教育局：公示（校务监督·亳州）');
    expect(channel.link).toBe(`${server.url}/bureaus/qiaocheng/`);
    expect(channel['atom:link']).toEqual({ '@_href': `${server.url}/bureaus/qiaocheng/rss.xml`, '@_rel': 'self', '@_type': 'application/rss+xml' });
  });

  it('names its sitemap in robots.txt and keeps the workspace, answer links and search results out', async () => {
    expect(await text('/robots.txt')).toBe(
      [
        'User-agent: *',
        'Disallow: /bureau/',
        'Disallow: /answer/',
        'Disallow: /search/?',
        'Disallow: /search?',
        '',
        `Sitemap: ${server.url}/sitemap-index.xml`,
        `Sitemap: ${server.url}/sitemap-notices.xml`,
        '',
      ].join('\n'),
    );
  });

  it('lists in its sitemap the public pages, on-demand ones too, each answering 200, and no workspace page', async () => {
    const index = xml.parse(await text('/sitemap-index.xml')).sitemapindex.sitemap;
    const maps = [index].flat().map((s: { loc: string }) => s.loc);
    expect(maps).toEqual([`${server.url}/sitemap-0.xml`]);
    const urls: string[] = [xml.parse(await text('/sitemap-0.xml')).urlset.url].flat().map((u: { loc: string }) => u.loc);
    expect(urls.filter((u) => !u.startsWith(`${server.url}/`))).toEqual([]);
    const paths = urls.map((u) => new URL(u).pathname);
    for (const path of [
      '/',
      '/report/',
      '/report/status/',
      '/stats/',
      '/stats/qiaocheng/',
      '/stats/schools/qc-xinghe-primary/',
      '/answers/',
      '/open-data/',
      '/schools/qc-xinghe-primary/',
    ]) {
      expect(paths).toContain(path);
    }
    expect(paths.filter((p) => /^\/(bureau|answer)\//.test(p))).toEqual([]);
    const failing: string[] = [];
    for (const url of urls) {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status !== 200) failing.push(`${res.status} ${url}`);
    }
    expect(failing).toEqual([]);
  });
});
