import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { searchWithPagefind } from '../../src/search/pagefind';
import type { SearchAnswer } from '../../src/search/results';
import { distDir } from '../support/content';
import { builtPagefind, resultPaths } from '../support/pagefindNode';
import { rankOf, searchCases } from '../support/searchQueries';

const baseUrl = inject('baseUrl');
const client = () => join(distDir(), 'client');
let pagefind: Awaited<ReturnType<typeof builtPagefind>>;
beforeAll(async () => {
  pagefind = await builtPagefind(baseUrl);
});

const pathsOf = (answer: SearchAnswer) => (answer.status === 'results' ? answer.groups.flatMap((g) => g.hits.map((h) => h.url)) : []);
/** The page's markup with every quoted attribute value emptied (values cannot hold a raw "). */
const withoutAttributeValues = (html: string) => html.replace(/="[^"]*"/g, '=""');
const serverPage = async (query: string) => {
  const res = await fetch(`${baseUrl}/search/?q=${encodeURIComponent(query)}`);
  return { status: res.status, html: await res.text(), csp: res.headers.get('content-security-policy') ?? '' };
};

describe('the Pagefind index written after the build', () => {
  it('indexes only the schools, bureaus, kinds of problem and notices, each once', async () => {
    const entry = JSON.parse(readFileSync(join(client(), 'pagefind', 'pagefind-entry.json'), 'utf8'));
    expect(entry.version).toBe('1.6.0');
    expect(Object.values(entry.languages).map((l) => (l as { page_count: number }).page_count)).toEqual([100]);
    expect((await pagefind.filters()).kind).toEqual({ school: 27, bureau: 5, aspect: 15, notice: 53 });
  });
  it('ships the search files only, not Pagefind’s ready-made interfaces', () => {
    const files = readdirSync(join(client(), 'pagefind'));
    expect(files.filter((f) => /^pagefind.*\.(js|css)$/.test(f)).sort()).toEqual(['pagefind-worker.js', 'pagefind.js']);
  });
  it('carries school, bureau, kind and date with every notice', async () => {
    const search = await pagefind.search('"寒假违规补课"');
    const data = await search!.results[0]!.data();
    expect({ url: data.url, ...data.meta }).toMatchObject({
      url: '/notices/2025-02-26-gy-winter-bulletin/',
      kind: 'notice',
      title: '涡阳县寒假违规补课暗访情况通报',
      bureau: '涡阳县教育局',
      date: '2025-02-26',
      context: '督查通报 · 涡阳县教育局 · 2025年2月26日',
    });
  });
  it('does not index navigation, footers or the header search box', async () => {
    // 订阅全部公示 is in every footer, 最新公示 in every header.
    for (const words of ['订阅全部公示', '最新公示', '搜学校']) expect((await pagefind.search(`"${words}"`))!.results).toHaveLength(0);
  });
});

describe.each([
  ['Pagefind in Node', 'pagefind' as const],
  ['the no-JavaScript answer', 'server' as const],
])('the query table, %s', (_name, engine) => {
  const cases = searchCases.filter((c) => !c.only || c.only === engine);
  it.each(cases.map((c) => [c.query, c.within === 1 ? 'first' : 'in the top 3', c.expect, c] as const))('%s → %s: %s', async (query, _where, expected, c) => {
    const paths = engine === 'pagefind' ? pathsOf(await searchWithPagefind(query, pagefind)) : resultPaths((await serverPage(query)).html);
    const rank = rankOf(paths, expected);
    expect(rank, `found at ${rank || 'no position'} in ${paths.slice(0, 5).join(' ')}`).toBeGreaterThan(0);
    expect(rank).toBeLessThanOrEqual(c.within);
  });
});

describe('queries that have no good answer', () => {
  const strange: Array<[string, string, RegExp]> = [
    ['的', '的', /“的”太短了/],
    ['的的的', '的的的', /“的的的”太短了/],
    ['an empty query', '', /请输入要找的学校、公示或问题。/],
    ['500 characters', '补课'.repeat(250), /只按前 50 个字搜索/],
    ['HTML', '<script>alert(1)</script>', /没有找到与“script alert 1 script”有关的学校、公示或问题。/],
    ['an attribute break-out', '"><img src=x onerror=alert(1)>', /没有找到/],
    ['a NUL character', '\u0000', /请输入要找的学校、公示或问题。/],
    ['a word not in the content', '大班额', /没有找到与“大班额”有关的学校、公示或问题。/],
  ];
  it.each(strange)('%s: the server answers 200 with a clear sentence', async (_name, query, sentence) => {
    const { status, html } = await serverPage(query);
    expect(status).toBe(200);
    expect(html).toMatch(sentence);
    // Nothing typed becomes markup. Inside a quoted attribute value (the search
    // box shows what was typed) < and > are text; outside, there is one
    // <script> (the page's own module) and no <img>.
    const markup = withoutAttributeValues(html);
    expect(markup.match(/<script\b/g)).toHaveLength(1);
    expect(markup).not.toMatch(/<img\b/);
  });
  it('answers %00 in the address itself', async () => {
    const res = await fetch(`${baseUrl}/search/?q=%00`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/请输入要找的学校、公示或问题。/);
  });
  it('shows HTML in the query back as text', async () => {
    const { html } = await serverPage('<b>星河</b>');
    expect(html).toContain('<title>搜索：&lt;b&gt;星河&lt;/b&gt; - 校务监督·亳州</title>');
    expect(withoutAttributeValues(html)).not.toContain('<b>星河');
  });
  it('keeps a quote typed in the query inside the box’s value', async () => {
    const { html } = await serverPage('"><img src=x>');
    expect(html).toContain('name="q" value="&quot;><img src=x>"');
  });
  it.each(strange.map(([name, query]) => [name, query] as const))('%s: Pagefind’s answer is clear too', async (_name, query) => {
    const answer = await searchWithPagefind(query, pagefind);
    expect(['empty', 'too-short', 'none', 'results']).toContain(answer.status);
    if (query === '的' || query === '的的的') expect(answer.status).toBe('too-short');
    if (query === '' || query === '\u0000') expect(answer.status).toBe('empty');
  });
});

describe('the /search/ page', () => {
  it('allows WebAssembly (for Pagefind) on /search/ only', async () => {
    expect((await serverPage('星河')).csp).toContain("'wasm-unsafe-eval'");
    const school = (await fetch(`${baseUrl}/schools/qc-xinghe-primary/`)).headers.get('content-security-policy');
    expect(school).toContain("frame-ancestors 'none'");
    expect(school).not.toContain('wasm-unsafe-eval');
  });
  it('puts a plain search form in the header of every page', async () => {
    const school = await (await fetch(`${baseUrl}/schools/qc-xinghe-primary/`)).text();
    expect(school).toMatch(/<form class="header-search" role="search" aria-label="全站搜索" action="\/search\/" method="get"[^>]*>/);
    expect(school).toMatch(/<input type="search" id="header-q" name="q"/);
  });
});
