import { describe, expect, it } from 'vitest';
import { planQuery, MAX_QUERY_CHARS } from '../../src/search/query';
import { aroundFirstMark, markText, marksFromExcerpt, type Marked } from '../../src/search/marks';
import { matchSchools } from '../../src/search/names';
import { buildSearchIndex } from '../../src/search/searchIndex';
import { answerSearch } from '../../src/search/answer';
import { searchWithPagefind, type PagefindApi, type PagefindData } from '../../src/search/pagefind';
import type { SearchAnswer } from '../../src/search/results';
import { readContent } from '../support/content';

/** Marked text as a string, marks in [brackets]. */
const show = (marked: Marked) => marked.map((m) => (m.mark ? `[${m.text}]` : m.text)).join('');

describe('planQuery', () => {
  it.each([
    ['星河', { status: 'search', text: '星河', terms: ['星河'], words: ['星河'], single: false, truncated: false }],
    ['  星河  ', { status: 'search', text: '星河', terms: ['星河'] }],
    ['星河小学的补课', { status: 'search', phrase: '星河小学的补课', terms: ['星河小学', '补课'], words: ['星河', '小学', '补课'] }],
    ['补课了吗', { status: 'search', phrase: '补课了吗', terms: ['补课'] }],
    ['在职教师有偿补课', { status: 'search', terms: ['在职教师有偿补课'] }],
    ['和平路小学', { status: 'search', terms: ['和平路小学'] }],
    ['星河 补课', { status: 'search', phrase: '星河 补课', terms: ['星河', '补课'] }],
    ['课后服务、收费', { status: 'search', phrase: '课后服务 收费', terms: ['课后服务', '收费'] }],
    ['乱收费', { status: 'search', terms: ['乱收费'], words: ['收费'] }],
    ['溪山中学', { status: 'search', words: ['溪山', '中学'] }],
    ['教辅', { status: 'search', words: ['教辅'] }],
    ['"星河"', { status: 'search', text: '星河' }],
    ['ＡＢＣ１２３', { status: 'search', text: 'abc123' }],
    ['学', { status: 'search', single: true }],
    ['的', { status: 'too-short', text: '的' }],
    ['的的的', { status: 'too-short', text: '的的的' }],
    ['了 吗', { status: 'too-short' }],
    ['', { status: 'empty', typed: '' }],
    ['   ', { status: 'empty' }],
    ['\u0000', { status: 'empty', typed: '' }],
    ['？！……', { status: 'empty' }],
    ['<script>alert(1)</script>', { status: 'search', typed: '<script>alert(1)</script>', text: 'script alert 1 script', terms: ['script', 'alert', '1'] }],
  ])('%j', (raw, expected) => {
    expect(planQuery(raw)).toMatchObject(expected);
  });

  it('cuts a long query to 50 characters and says so', () => {
    const plan = planQuery('补'.repeat(500));
    expect(plan).toMatchObject({ status: 'search', truncated: true, text: '补'.repeat(MAX_QUERY_CHARS) });
    expect(plan.typed).toHaveLength(200);
  });
});

describe('marks', () => {
  it.each([
    ['谯城区星河小学（示例）', ['星河'], '谯城区[星河]小学（示例）'],
    ['星河小学星河', ['星河'], '[星河]小学[星河]'],
    ['节假日集体补课', ['集体补课', '补课'], '节假日[集体补课]'],
    ['ABC 学校', ['abc'], '[ABC] 学校'],
    ['没有', ['星河'], '没有'],
    ['', ['星河'], ''],
  ])('markText(%j, %j)', (text, needles, expected) => {
    expect(show(markText(text, needles))).toBe(expected);
  });

  it.each([
    ['学校在周末<mark>补课</mark>', '学校在周末[补课]'],
    ['a &lt;b&gt; &amp; <mark>c</mark>', 'a <b> & [c]'],
    ['&lt;mark&gt;not a mark&lt;/mark&gt;', '<mark>not a mark</mark>'],
    ['<mark>星河</mark><mark>小学</mark>', '[星河小学]'],
  ])('marksFromExcerpt(%j)', (html, expected) => {
    expect(show(marksFromExcerpt(html))).toBe(expected);
  });

  it('keeps one line around the first mark', () => {
    const text = markText(`${'甲'.repeat(30)}补课${'乙'.repeat(30)}`, ['补课']);
    expect(show(aroundFirstMark(text, 20, 4))).toBe(`…甲甲甲甲[补课]${'乙'.repeat(14)}…`);
    expect(show(aroundFirstMark(markText('短句补课', ['补课']), 20))).toBe('短句[补课]');
  });
});

describe('matchSchools (the report form’s school box)', () => {
  const schools = readContent().schools;
  it.each([
    ['星河', ['谯城区星河小学（示例）']],
    ['三中', ['亳州市青桐初级中学（示例）', '涡阳县祥云初级中学（示例）']],
    ['县三中', ['涡阳县祥云初级中学（示例）']],
    ['星河路小学', ['谯城区星河小学（示例）']],
    ['城关二中', ['蒙城县松涛初级中学（示例）']],
    ['利辛 玉泉', ['利辛县玉泉学校（示例）']],
    ['ＸＹＺ', []],
  ])('%s', (query, names) => {
    expect(matchSchools(query, schools).map((s) => s.name)).toEqual(names);
  });
  it('lists every school for an empty box', () => {
    expect(matchSchools('', schools)).toHaveLength(27);
  });
});

describe('answerSearch over the compact index of the sample content', () => {
  const index = buildSearchIndex(readContent());
  const summary = (a: SearchAnswer) =>
    a.status === 'results'
      ? {
          status: a.status,
          match: a.match,
          groups: a.groups.map(
            (g) =>
              `${g.kind} ${g.total}: ${g.hits
                .slice(0, 2)
                .map((h) => h.url)
                .join(' ')}`,
          ),
        }
      : { status: a.status };

  it.each([
    [
      '星河',
      {
        status: 'results',
        match: 'phrase',
        groups: [
          'school 1: /schools/qc-xinghe-primary/',
          'notice 3: /notices/2024-11-08-qc-xinghe-rectification-followup/ /notices/2024-07-10-qc-xinghe-rectification/',
        ],
      },
    ],
    [
      '市三中',
      {
        status: 'results',
        match: 'phrase',
        groups: [
          'school 1: /schools/city-qingtong-middle/',
          'notice 5: /notices/2025-09-18-city-qingtong-self-inspection/ /notices/2025-01-24-city-qingtong-rectification-followup/',
        ],
      },
    ],
    [
      '乱收费',
      {
        status: 'results',
        match: 'loose',
        groups: [
          'aspect 2: /aspects/after-school-fees/ /aspects/paid-tutoring/',
          'notice 8: /notices/2025-03-20-mc-xishan-rectification-followup/ /notices/2024-12-16-city-midterm-review/',
        ],
      },
    ],
    [
      '星河小学补课',
      {
        status: 'results',
        match: 'partial',
        groups: [
          'school 1: /schools/qc-xinghe-primary/',
          'notice 8: /notices/2024-11-08-qc-xinghe-rectification-followup/ /notices/2024-07-10-qc-xinghe-rectification/',
        ],
      },
    ],
    ['大班额', { status: 'none' }],
    ['的', { status: 'too-short' }],
    ['学', { status: 'too-short' }],
    ['', { status: 'empty' }],
  ])('%j', async (query, expected) => {
    expect(summary(await answerSearch(query, index))).toEqual(expected);
  });

  it('gives each result its bureau and a marked excerpt', async () => {
    const answer = await answerSearch('三中', index);
    if (answer.status !== 'results') throw new Error(answer.status);
    const school = answer.groups[0]!.hits[0]!;
    expect({ title: show(school.title), context: school.context, excerpt: show(school.excerpt) }).toEqual({
      title: '亳州市青桐初级中学（示例）',
      context: '初中 · 亳州市教育局',
      excerpt: '又称：青桐中学、市[三中] · 学段：初中 · 地址：亳州市示例大道 201 号',
    });
    // A school's own notice is published by the school, not by its bureau.
    const notice = answer.groups.find((g) => g.kind === 'notice')!.hits.find((h) => h.url === '/notices/2024-07-12-city-qingtong-rectification/')!;
    expect(notice.context).toBe('整改公示 · 亳州市青桐初级中学（示例） · 2024年7月12日');
  });

  it('separates a school’s labels from their values and marks exactly the query', async () => {
    const answer = await answerSearch('溪山', index);
    if (answer.status !== 'results') throw new Error(answer.status);
    const school = answer.groups[0]!.hits[0]!;
    expect([school.url, show(school.title), show(school.excerpt)]).toEqual([
      '/schools/mc-xishan-middle/',
      '蒙城县[溪山]初级中学（示例）',
      '又称：[溪山]中学、[溪山]初中 · 学段：初中 · 地址：蒙城县示例街 402 号',
    ]);
    const notice = answer.groups.find((g) => g.kind === 'notice')!.hits.find((h) => h.url === '/notices/2024-12-05-mc-xishan-rectification/')!;
    expect(notice.context).toBe('整改公示 · 蒙城县溪山初级中学（示例） · 2024年12月5日');
  });
});

describe('searchWithPagefind (the browser strategy, over a stand-in for pagefind.js)', () => {
  /** Pages as Pagefind would return them, and a log of the searches made. */
  function fakePagefind(pages: Array<{ url: string; kind: string; title: string; content: string }>, answers: Record<string, string[]>) {
    const searched: string[] = [];
    const api: PagefindApi = {
      async search(term) {
        searched.push(term);
        const urls = answers[term] ?? [];
        return {
          results: urls.map((url) => {
            const page = pages.find((p) => p.url === url)!;
            const data: PagefindData = {
              url,
              excerpt: page.content.replace(/&/g, '&amp;'),
              content: page.content,
              meta: { kind: page.kind, title: page.title, context: 'ctx' },
            };
            return { id: url, data: async () => data };
          }),
        };
      },
    };
    return { api, searched };
  }
  const pages = [
    { url: '/schools/a/', kind: 'school', title: '谯城区星河小学（示例）', content: '又称星河小学' },
    { url: '/aspects/b/', kind: 'aspect', title: '节假日集体补课', content: '学校在周末组织补课' },
    { url: '/notices/c/', kind: 'notice', title: '星河小学整改公示', content: '星河 小学 补课 已停止' },
    { url: '/notices/d/', kind: 'notice', title: '无关公示', content: '额外收取' },
  ];

  it('searches the phrase quoted and stops when it finds enough', async () => {
    const { api, searched } = fakePagefind(pages, { '"星河"': ['/notices/c/', '/schools/a/', '/notices/c/'] });
    const answer = await searchWithPagefind('星河', api);
    expect(searched).toEqual(['"星河"']);
    expect(answer.status === 'results' && answer.groups.map((g) => g.hits.map((h) => h.url))).toEqual([['/schools/a/'], ['/notices/c/', '/notices/c/']]);
  });

  it('falls back to the loose query and keeps only pages that contain every word', async () => {
    const { api, searched } = fakePagefind(pages, { '星河 补课': ['/notices/d/', '/notices/c/'] });
    const answer = await searchWithPagefind('星河 补课', api);
    expect(searched).toEqual(['"星河 补课"', '星河 补课']);
    expect(answer).toMatchObject({ status: 'results', match: 'loose', total: 1 });
  });

  it('ends with the words one by one, keeping the pages with the most of them', async () => {
    const { api, searched } = fakePagefind(pages, { 收费: [] });
    expect(await searchWithPagefind('乱收费', api)).toMatchObject({ status: 'none' });
    expect(searched).toEqual(['"乱收费"', '乱 收费', '收费']);
  });

  it('answers a lone common character as too short', async () => {
    const many = Array.from({ length: 13 }, (_, i) => ({ url: `/notices/n${i}/`, kind: 'notice', title: `学校${i}`, content: '学' }));
    const { api } = fakePagefind(many, { '"学"': many.map((p) => p.url) });
    expect(await searchWithPagefind('学', api)).toMatchObject({ status: 'too-short', text: '学' });
  });

  it('marks exactly the characters asked for, not the whole word Pagefind matched', async () => {
    const api: PagefindApi = {
      search: async () => ({
        results: [
          {
            id: 'n',
            data: async () => ({
              url: '/notices/n/',
              excerpt: '<mark>溪</mark><mark>山初</mark>级中学督查问题整改公示. 县教育局督查',
              content: '溪山初级中学督查问题整改公示. 县教育局督查',
              meta: { kind: 'notice', title: '溪山初级中学督查问题整改公示', context: '整改公示 · 蒙城县溪山初级中学（示例） · 2024年12月5日' },
            }),
          },
          {
            id: 's',
            data: async () => ({
              url: '/schools/s/',
              excerpt: '又称<mark>溪</mark><mark>山中</mark>学、<mark>溪</mark><mark>山初</mark>中学段初中地址蒙城',
              content: '蒙城县溪山初级中学（示例） 示例. 又称溪山中学、溪山初中学段初中地址蒙城县示例街 402 号',
              meta: {
                kind: 'school',
                title: '蒙城县溪山初级中学（示例）',
                context: '初中 · 蒙城县教育局',
                excerpt: '又称：溪山中学、溪山初中 · 学段：初中 · 地址：蒙城县示例街 402 号',
              },
            }),
          },
        ],
      }),
    };
    const answer = await searchWithPagefind('溪山', api);
    if (answer.status !== 'results') throw new Error(answer.status);
    expect(answer.groups.map((g) => g.hits.map((h) => show(h.excerpt)))).toEqual([
      ['又称：[溪山]中学、[溪山]初中 · 学段：初中 · 地址：蒙城县示例街 402 号'],
      ['[溪山]初级中学督查问题整改公示. 县教育局督查'],
    ]);
  });

  it('never searches for function words alone', async () => {
    const { api, searched } = fakePagefind(pages, {});
    expect(await searchWithPagefind('的的的', api)).toMatchObject({ status: 'too-short' });
    expect(searched).toEqual([]);
  });
});
