// Notices from more than one source (content/notices today, the store next):
// one function merges them, and an id may name only one notice.
import { describe, expect, it } from 'vitest';
import { mergeNotices, type NoticeEntry, type NoticeSource } from '../../src/catalogue';
import { readIndexedContent } from '../../src/catalogue/build/besideBundle';
import { pathToFileURL } from 'node:url';
import { root } from '../support/content';

const notice = (id: string, publishedOn: string): NoticeEntry => ({
  id,
  data: {
    kind: 'announcement',
    title: `公告 ${id}`,
    publishedOn,
    bureau: 'qiaocheng',
    phase: 'mobilisation',
    aspects: [],
    summary: '摘要',
    sample: true,
  } as unknown as NoticeEntry['data'],
});
const source = (name: string, notices: NoticeEntry[]): NoticeSource => ({ name, notices: async () => notices });

describe('mergeNotices', () => {
  it('gives every source’s notices, in source order', async () => {
    const files = source('content/notices', [notice('2024-05-10-a', '2024-05-10'), notice('2024-06-01-b', '2024-06-01')]);
    const store = source('已发布的公告', [notice('2026-12-01-c', '2026-12-01')]);
    expect((await mergeNotices([files, store])).map((n) => n.id)).toEqual(['2024-05-10-a', '2024-06-01-b', '2026-12-01-c']);
  });

  it('keeps the later source’s copy of an id two sources both use, and says so', async () => {
    const files = source('content/notices', [notice('2024-05-10-a', '2024-05-10'), notice('2024-06-01-b', '2024-06-01')]);
    const store = source('网站发布的公示', [notice('2024-05-10-a', '2026-12-01')]);
    const said: unknown[] = [];
    const merged = await mergeNotices([files, store], (override) => said.push(override));
    expect(merged.map((n) => [n.id, n.data.publishedOn])).toEqual([
      ['2024-06-01-b', '2024-06-01'],
      ['2024-05-10-a', '2026-12-01'],
    ]);
    expect(said).toEqual([{ id: '2024-05-10-a', kept: '网站发布的公示', dropped: 'content/notices' }]);
  });

  it('refuses an id used twice in one source, naming it', async () => {
    const files = source('content/notices', [notice('2024-05-10-a', '2024-05-10'), notice('2024-05-10-a', '2024-05-11')]);
    await expect(mergeNotices([files])).rejects.toThrow('公告编号 “2024-05-10-a” 重复：content/notices 中有两条；编号必须唯一。');
  });
});

describe('the content beside the server bundle', () => {
  it('reads the sample content’s lists and every notice file, in file-name order', async () => {
    const content = await readIndexedContent(pathToFileURL(`${root}/`));
    expect(content.bureaus.map((b) => b.id)).toEqual(['bozhou-city', 'qiaocheng', 'guoyang', 'mengcheng', 'lixin']);
    expect(content.notices).toHaveLength(53);
    expect(content.notices.slice(0, 2).map((n) => n.id)).toEqual(['2024-04-28-campaign-launch', '2024-05-08-qc-deployment']);
  });
});
