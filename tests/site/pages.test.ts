import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { distDir, readContent } from '../support/content';

// Reads the output of the build made in tests/support/siteSetup.ts, and asks
// its server for the pages that show notices, which are rendered on demand
// (the home page, the list of notices, school pages, the feeds).
const client = join(distDir(), 'client');
const content = readContent();
const prerendered = (path: string) => readFileSync(join(client, path, 'index.html'), 'utf8');
const served = async (path: string) => {
  const res = await fetch(`${inject('baseUrl')}/${path}`);
  if (res.status !== 200) throw new Error(`/${path} answered ${res.status}`);
  return res.text();
};
const page = (path: string) => (path.startsWith('schools/') ? served(`${path}/`) : Promise.resolve(prerendered(path)));

/** Every prerendered HTML file, as a site path. */
function htmlPages(dir = client, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.isDirectory()) return d.name === '_astro' ? [] : htmlPages(join(dir, d.name), `${prefix}/${d.name}`);
    return d.name.endsWith('.html') ? [`${prefix}/${d.name}`] : [];
  });
}

/**
 * Each sample school's current ledger, counted by hand from content/notices
 * (a follow-up row with the same `item` replaces the earlier one).
 */
const LEDGER_COUNTS: Array<[string, number, number, number]> = [
  ['city-qingtong-middle', 3, 1, 0],
  ['city-yunhe-primary', 0, 0, 0],
  ['city-lanxi-school', 2, 1, 0],
  ['city-songfeng-middle', 1, 1, 1],
  ['city-qingchuan-primary', 2, 1, 0],
  ['qc-xinghe-primary', 3, 0, 0],
  ['qc-taoxi-primary', 0, 0, 0],
  ['qc-mingyue-middle', 2, 1, 1],
  ['qc-zhulin-school', 1, 2, 0],
  ['qc-yunshan-primary', 0, 0, 0],
  ['qc-lushui-middle', 2, 1, 0],
  ['gy-qinghe-primary', 2, 1, 0],
  ['gy-feiyan-middle', 3, 1, 0],
  ['gy-lingbo-school', 0, 0, 0],
  ['gy-chunyu-primary', 0, 0, 0],
  ['gy-xiangyun-middle', 0, 0, 0],
  ['gy-wutong-primary', 0, 0, 0],
  ['mc-yueguang-primary', 2, 1, 0],
  ['mc-xishan-middle', 4, 1, 0],
  ['mc-qinglan-school', 0, 0, 0],
  ['mc-huaxi-primary', 0, 0, 0],
  ['mc-songtao-middle', 0, 0, 0],
  ['lx-ziyun-primary', 0, 0, 0],
  ['lx-heming-middle', 1, 1, 1],
  ['lx-yuquan-school', 3, 0, 0],
  ['lx-liuying-primary', 0, 0, 0],
  ['lx-qiuyue-middle', 0, 2, 1],
];

describe('the built disclosure site', () => {
  it.each([
    ['school', content.schools.map((s) => `schools/${s.id}`)],
    ['bureau', content.bureaus.map((b) => `bureaus/${b.id}`)],
    ['aspect', content.aspects.map((a) => `aspects/${a.id}`)],
  ])('has a page for every %s, rendered on demand', async (_kind, paths) => {
    const missing = [];
    for (const path of paths) if ((await fetch(`${inject('baseUrl')}/${path}/`)).status !== 200) missing.push(path);
    expect(missing).toEqual([]);
    expect(paths.filter((p) => existsSync(join(client, p, 'index.html')))).toEqual([]);
  });

  it.each([['notice', content.notices.map((n) => `notices/${n.id}`)]])('has a page for every %s', (_kind, paths) => {
    expect(paths.filter((p) => !existsSync(join(client, p, 'index.html')))).toEqual([]);
  });

  it('has a home page, a 404 page, feeds and a sitemap', async () => {
    for (const file of ['404.html', 'sitemap-index.xml']) expect(existsSync(join(client, file)), file).toBe(true);
    for (const path of ['', 'rss.xml', 'sitemap-notices.xml', ...content.bureaus.map((b) => `bureaus/${b.id}/rss.xml`)])
      expect((await fetch(`${inject('baseUrl')}/${path}`)).status, path).toBe(200);
  });

  it('ships no JavaScript on any disclosure page', () => {
    const withScript = htmlPages().filter((p) => /<script\b/i.test(readFileSync(join(client, p), 'utf8')));
    expect(withScript).toEqual([]);
  });

  it.each(LEDGER_COUNTS)('shows the ledger of %s: %i 已整改, %i 整改中, %i 未启动', async (school, done, doing, notStarted) => {
    const html = await page(`schools/${school}`);
    const total = done + doing + notStarted;
    if (total === 0) {
      expect(html).toContain('还没有公示整改台账');
      return;
    }
    const shown = Object.fromEntries([...html.matchAll(/data-count="([^"]+)">(\d+)</g)].map((m) => [m[1], Number(m[2])]));
    expect(shown).toEqual({ 已整改: done, 整改中: doing, 未启动: notStarted, total });
    expect(html.match(/<tr data-status=/g)?.length).toBe(total);
  });

  it('renders every rectification ledger as a table with one row per item', async () => {
    for (const { id, data } of content.notices) {
      if (data.kind !== 'rectification') continue;
      const html = await page(`notices/${id}`);
      expect(html).toMatch(/<caption[ >]/);
      expect(html.match(/<tr data-status=/g)?.length, id).toBe(data.ledger.length);
    }
  });

  it('lists on each school page every notice that concerns it, newest first', async () => {
    for (const school of content.schools) {
      const html = await page(`schools/${school.id}`);
      // A notice concerns the school it is about and every school in its findings.
      const concerns = ({ data }: (typeof content.notices)[number]) =>
        ('school' in data && data.school === school.id) || ('findings' in data && data.findings.some((f) => f.school === school.id));
      const expected = content.notices.filter(concerns).sort((a, b) => (a.data.publishedOn < b.data.publishedOn ? 1 : -1));
      const listed = [...html.matchAll(/<h3 class="item-title"><a href="\/notices\/([^/]+)\/">/g)].map((m) => m[1]);
      expect(listed.length, school.id).toBe(expected.length);
      expect(listed.map((id) => content.notices.find((n) => n.id === id)!.data.publishedOn)).toEqual(expected.map((n) => n.data.publishedOn));
    }
  });

  it('marks every sample school as 示例 on its page and links to report it', async () => {
    for (const school of content.schools) {
      const html = await page(`schools/${school.id}`);
      if (school.sample) expect(html, school.id).toContain('class="badge sample"');
      expect(html).toContain(`href="/report/?school=${school.id}"`);
    }
  });

  it('links each notice to the aspects it touches', async () => {
    for (const { id, data } of content.notices) {
      const html = await page(`notices/${id}`);
      for (const aspect of data.aspects) expect(html, id).toContain(`href="/aspects/${aspect}/"`);
    }
  });

  it('lists every notice once across the pages of /notices/, newest first, 30 to a page', async () => {
    const listed: string[] = [];
    for (let n = 1; ; n++) {
      const res = await fetch(`${inject('baseUrl')}/notices/${n === 1 ? '' : `${n}/`}`);
      if (res.status === 404) break;
      const ids = [...(await res.text()).matchAll(/<h2 class="item-title"><a href="\/notices\/([^/]+)\/">/g)].map((m) => m[1]!);
      expect(ids.length).toBeLessThanOrEqual(30);
      listed.push(...ids);
    }
    expect(listed.sort()).toEqual(content.notices.map((n) => n.id).sort());
  });

  it('links the education departments’ entrance from the footer of every page', () => {
    const without = htmlPages().filter((p) => !readFileSync(join(client, p), 'utf8').includes('<a href="/bureau/">教育部门入口</a>'));
    expect(without).toEqual([]);
  });

  it('lists the latest 50 notices in the feed', async () => {
    const rss = await served('rss.xml');
    expect(rss.match(/<item>/g)?.length).toBe(Math.min(50, content.notices.length));
  });
});
