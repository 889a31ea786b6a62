// The browser's search with the notices published since the build (issue 23,
// point 5): the server's answer over the store's notices, and how it is
// merged into Pagefind's answer (src/search/storeHits.ts).
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/catalogue/registry';
import type { NoticeEntry } from '../../src/catalogue/sources';
import { storeSearchIndex } from '../../src/search/liveIndex';
import type { Hit, SearchAnswer } from '../../src/search/results';
import { storeNoticeHits } from '../../src/search/storeAnswer';
import { withStoreNotices } from '../../src/search/storeHits';

const published: NoticeEntry = {
  id: 'xinghe-store-ledger',
  data: {
    kind: 'rectification',
    title: '星河小学第三批整改公示',
    publishedOn: '2026-12-05',
    phase: 'self-inspection',
    summary: '学校自查发现一个问题。',
    aspects: ['holiday-classes'],
    sample: false,
    school: 'qc-xinghe-primary',
    ledger: [
      { problem: '周六补课', source: '自查', aspect: 'holiday-classes', measure: '停止补课', responsible: '教务处', deadline: '2026-12-31', status: '整改中' },
    ],
  },
};
const catalogue = { content: { ...registry, notices: [published] }, fromStore: [published] };
const hit = (url: string, title: string): Hit => ({ kind: 'notice', url, title: [{ text: title, mark: false }], context: '', excerpt: [] });
const school: Hit = { kind: 'school', url: '/schools/qc-xinghe-primary/', title: [{ text: '谯城区星河小学', mark: false }], context: '', excerpt: [] };

describe('the notices published since the build, for the browser’s search', () => {
  it('finds a store notice by a Chinese phrase of its title, and only the store’s notices', async () => {
    const found = await storeNoticeHits('第三批整改', storeSearchIndex(catalogue));
    expect([found.match, found.total, found.hits.map((h) => [h.url, h.context])]).toEqual([
      'phrase',
      1,
      [['/notices/xinghe-store-ledger/', '整改公示 · 谯城区星河小学（示例） · 2026年12月5日']],
    ]);
    expect(await storeNoticeHits('溪山', storeSearchIndex(catalogue))).toEqual({ match: 'phrase', total: 0, hits: [] });
    expect(await storeNoticeHits('', storeSearchIndex(catalogue))).toEqual({ match: 'phrase', total: 0, hits: [] });
  });

  it('merges them into Pagefind’s answer: one list of notices, the store’s first, a page listed once', () => {
    const pagefind: SearchAnswer = {
      status: 'results',
      typed: '星河',
      text: '星河',
      truncated: false,
      match: 'phrase',
      total: 3,
      groups: [
        { kind: 'school', label: '学校', total: 1, hits: [school] },
        { kind: 'notice', label: '公示', total: 2, hits: [hit('/notices/a/', 'A'), hit('/notices/same/', '文件里的')] },
      ],
    };
    const merged = withStoreNotices(pagefind, { match: 'phrase', total: 2, hits: [hit('/notices/new/', '新'), hit('/notices/same/', '网站发布的')] });
    expect(merged.status === 'results' && [merged.total, merged.groups.map((g) => [g.kind, g.total, g.hits.map((h) => h.title[0]!.text)])]).toEqual([
      4,
      [
        ['school', 1, ['谯城区星河小学']],
        ['notice', 3, ['新', '网站发布的', 'A']],
      ],
    ]);
  });

  it('answers with the store’s notices when Pagefind found none, or found them only by a worse step', () => {
    const none: SearchAnswer = { status: 'none', typed: '第三批', text: '第三批', truncated: false };
    const store = { match: 'phrase' as const, total: 1, hits: [hit('/notices/new/', '新')] };
    expect(withStoreNotices(none, store)).toEqual({
      status: 'results',
      typed: '第三批',
      text: '第三批',
      truncated: false,
      match: 'phrase',
      total: 1,
      groups: [{ kind: 'notice', label: '公示', total: 1, hits: [hit('/notices/new/', '新')] }],
    });
    const partial: SearchAnswer = {
      ...none,
      status: 'results',
      match: 'partial',
      total: 1,
      groups: [{ kind: 'school', label: '学校', total: 1, hits: [school] }],
    };
    expect(withStoreNotices(partial, store)).toEqual(withStoreNotices(none, store));
    expect(withStoreNotices(partial, { ...store, match: 'loose' })).toMatchObject({ match: 'loose', total: 1 });
    const phrase: SearchAnswer = { ...partial, match: 'phrase' };
    expect(withStoreNotices(phrase, { ...store, match: 'loose' })).toBe(phrase);
    expect(withStoreNotices(phrase, undefined)).toBe(phrase);
  });
});
