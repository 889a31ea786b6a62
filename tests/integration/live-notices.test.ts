// The public side of notices published in the site (issue 23, points 5 and 6),
// on every store engine: the publication count every process reads, the live
// catalogue that merges content/notices with the store (the store's copy wins
// an id clash, and says so), what it keeps while the store is unreachable, and
// `npm run notices:export` read back through the content schema.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry, directoryFrom } from '../../src/catalogue/registry';
import { splitFrontmatter } from '../../src/catalogue/frontmatter';
import { noticeSchema } from '../../src/catalogue/schemas/notices';
import type { NoticeEntry } from '../../src/catalogue/sources';
import type { NoticeActor } from '../../src/domain/notices/model';
import type { NoticeStore } from '../../src/ports/noticeStore';
import { liveNotices } from '../../src/server/liveNotices';
import { exportNotices } from '../../src/server/noticeExport';
import { noticeEngines, type OpenedNoticeStore } from '../support/noticeStores';
import { publisher } from '../support/publish';
import { xingheLedgerInput } from '../support/livePages';

const xinghe: NoticeActor = { body: { kind: 'school', school: 'qc-xinghe-primary' } };
const qiaocheng: NoticeActor = { body: { kind: 'bureau', bureau: 'qiaocheng' } };
const directory = directoryFrom(registry);

const ledgerInput = (extra: Record<string, unknown> = {}) =>
  xingheLedgerInput(
    {
      title: '星河小学整改公示（网站发布）',
      summary: '自查发现两个问题，正在整改。',
      body: '## 整改情况\n学校对照清单逐项自查。\n\n- 停止补课\n- 公开作业时长',
    },
    extra,
  );
const announcementInput = (title: string) => ({ title, summary: '区教育局工作动态。', phase: 'inspection', body: '本周完成全区排查。' });

/** A clock the test moves. */
const clockAt = () => {
  let now = Date.parse('2026-12-07T02:00:00Z');
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
};

const contentFile: NoticeEntry = {
  id: 'qc-weekly-news',
  data: {
    kind: 'announcement',
    title: '文件里的同名公告',
    publishedOn: '2024-06-20',
    phase: 'inspection',
    summary: '来自 content/notices。',
    aspects: [],
    sample: true,
    bureau: 'qiaocheng',
  },
};

describe.each(noticeEngines)('notices published in the site, on $name', (engine) => {
  let opened: OpenedNoticeStore;
  let store: NoticeStore;
  beforeAll(async () => {
    opened = await engine.open();
    store = opened.store;
  });
  afterAll(() => opened?.cleanup());

  it('counts saves of published notices only, in a number every connection reads', async () => {
    const publish = publisher(store, directory);
    expect(await store.publications()).toBe(0);
    await publish.publish('xinghe-live', 'rectification', xinghe, ledgerInput(), '2026-12-05T02:00:00Z');
    // start, submit: nothing public yet; approve: the first version.
    expect(await opened.again().publications()).toBe(1);
    await publish.progress('xinghe-live', xinghe, { row: 'row-1', on: '2026-12-06', status: '已整改', note: '已停止补课' }, '2026-12-06T02:00:00Z');
    expect(await store.publications()).toBe(2);
  });

  it('shows a notice another process published once its refresh interval has passed, with the store’s copy winning an id clash', async () => {
    const clock = clockAt();
    const logged: unknown[] = [];
    const live = liveNotices({
      store,
      registry,
      contentNotices: async () => [contentFile],
      clock,
      refreshMs: 2000,
      log: (_level, event, fields) => logged.push({ event, ...fields }),
    });
    const first = await live.current();
    expect(first.content.notices.map((n) => n.id)).toEqual(['xinghe-live', 'qc-weekly-news']);
    const row = first.content.notices[0]!.data;
    expect(row.kind === 'rectification' && row.ledger.map((r) => [r.item, r.status])).toEqual([
      ['row-1', '已整改'],
      ['row-2', '未启动'],
    ]);
    expect(first.storeLedger['xinghe-live#1']).toEqual({
      school: 'qc-xinghe-primary',
      aspect: 'homework',
      problem: '三年级书面作业超时',
      notice: 'xinghe-live',
      row: 1,
    });

    // A second server process publishes a notice with the file's id.
    await publisher(opened.again(), directory).publish(
      'qc-weekly-news',
      'announcement',
      qiaocheng,
      announcementInput('网站发布的同名公告'),
      '2026-12-07T01:00:00Z',
    );
    clock.advance(1000);
    expect((await live.current()).generation).toBe(first.generation);
    clock.advance(1000);
    const next = await live.current();
    expect(next.generation).toBe(first.generation + 1);
    expect(next.content.notices.map((n) => [n.id, n.data.title])).toEqual([
      ['qc-weekly-news', '网站发布的同名公告'],
      ['xinghe-live', '星河小学整改公示（网站发布）'],
    ]);
    expect(logged).toContainEqual({ event: 'notices.same-id', id: 'qc-weekly-news', kept: '网站发布的公示', dropped: 'content/notices' });
  });

  it('keeps the last catalogue while the store cannot be read, and catches up when it can', async () => {
    const clock = clockAt();
    let down = false;
    const flaky: NoticeStore = { ...store, publications: () => (down ? Promise.reject(new Error('ECONNREFUSED')) : store.publications()) };
    const live = liveNotices({ store: flaky, registry, contentNotices: async () => [], clock, refreshMs: 1000, log: () => {} });
    const before = await live.current();
    down = true;
    clock.advance(5000);
    expect(await live.current()).toBe(before);
    down = false;
    await publisher(store, directory).withdraw('xinghe-live', xinghe, '内容有误，重新发布', '2026-12-07T03:00:00Z');
    clock.advance(5000);
    expect((await live.current()).generation).toBe(before.generation + 1);
  });

  it('writes every published notice as a Markdown file the content schema accepts (npm run notices:export)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schoolwatch-export-'));
    try {
      await publisher(store, directory).correct(
        'qc-weekly-news',
        qiaocheng,
        announcementInput('网站发布的同名公告（更正）'),
        '标题写错',
        '2026-12-07T04:00:00Z',
      );
      const { written } = await exportNotices(store, dir);
      expect(written.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['qc-weekly-news.md', 'xinghe-live.md']);
      expect(readdirSync(dir).sort()).toEqual(['qc-weekly-news.md', 'xinghe-live.md']);
      const read = (name: string) => {
        const { data, body } = splitFrontmatter(readFileSync(join(dir, name), 'utf8'), name);
        return { data: noticeSchema.parse(data), body };
      };
      expect(read('xinghe-live.md').data).toEqual({
        kind: 'rectification',
        title: '星河小学整改公示（网站发布）',
        publishedOn: '2026-12-05',
        phase: 'self-inspection',
        summary: '自查发现两个问题，正在整改。',
        aspects: ['holiday-classes'],
        sample: false,
        school: 'qc-xinghe-primary',
        ledger: [
          {
            item: 'row-1',
            problem: '周六组织六年级集体补课',
            source: '自查',
            aspect: 'holiday-classes',
            measure: '停止周六集体补课',
            responsible: '教务处',
            deadline: '2026-12-31',
            status: '已整改',
          },
          {
            item: 'row-2',
            problem: '三年级书面作业超时',
            source: '举报',
            aspect: 'homework',
            measure: '公开每日作业时长',
            responsible: '教务处',
            deadline: '2027-01-15',
            status: '未启动',
          },
        ],
      });
      expect(read('xinghe-live.md').body.trim()).toBe(
        '> 本公示已于 2026-12-07 撤回：内容有误，重新发布\n\n## 整改情况\n学校对照清单逐项自查。\n\n- 停止补课\n- 公开作业时长',
      );
      expect(read('qc-weekly-news.md').data).toEqual({
        kind: 'announcement',
        title: '网站发布的同名公告（更正）',
        publishedOn: '2026-12-07',
        phase: 'inspection',
        summary: '区教育局工作动态。',
        aspects: [],
        sample: false,
        bureau: 'qiaocheng',
      });
      expect(read('qc-weekly-news.md').body.trim()).toBe(
        '本周完成全区排查。\n\n## 修订记录\n\n- 第 1 版，2026-12-07 发布\n- 第 2 版，2026-12-07 发布：标题写错',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads every published notice once, then only what was saved since: a new notice, a row’s progress', async () => {
    const clock = clockAt();
    const read = { all: 0, changed: [] as string[] };
    const counted: NoticeStore = {
      ...store,
      published: (scope, page) => {
        read.all += 1;
        return store.published(scope, page);
      },
      changedSince: async (since, limit) => {
        const page = await store.changedSince(since, limit);
        read.changed.push(...page.notices.map((n) => n.id));
        return page;
      },
    };
    const live = liveNotices({ store: counted, registry, contentNotices: async () => [], clock, refreshMs: 1000, log: () => {} });
    const first = await live.current();
    expect([read.all, read.changed]).toEqual([1, []]);
    expect(first.fromStore.map((n) => n.id)).toEqual(['qc-weekly-news', 'xinghe-live']);

    const other = publisher(opened.again(), directory);
    await other.publish('xinghe-second', 'rectification', xinghe, ledgerInput({ title: '星河小学第二期整改公示' }), '2026-12-07T05:00:00Z');
    await other.progress('xinghe-second', xinghe, { row: 'row-2', on: '2026-12-07', status: '整改中' }, '2026-12-07T05:30:00Z');
    clock.advance(1000);
    const next = await live.current();
    expect([read.all, read.changed]).toEqual([1, ['xinghe-second']]);
    expect(next.fromStore.map((n) => [n.id, n.data.title])).toEqual([
      ['qc-weekly-news', '网站发布的同名公告（更正）'],
      ['xinghe-second', '星河小学第二期整改公示'],
      ['xinghe-live', '星河小学整改公示（网站发布）'],
    ]);
    const second = next.fromStore[1]!.data;
    expect(second.kind === 'rectification' && second.ledger.map((r) => [r.item, r.status])).toEqual([
      ['row-1', '整改中'],
      ['row-2', '整改中'],
    ]);
    expect(next.storeLedger['xinghe-second#0']?.problem).toBe('周六组织六年级集体补课');

    clock.advance(1000);
    expect(await live.current()).toBe(next);
    expect([read.all, read.changed]).toEqual([1, ['xinghe-second']]);
  });
});

describe('a store that cannot be read from the start', () => {
  it('shows content/notices alone, then the store’s notices once it answers', async () => {
    const clock = clockAt();
    let down = true;
    const gone = () => Promise.reject(new Error('ECONNREFUSED'));
    const empty: NoticeStore = {
      publications: () => (down ? gone() : Promise.resolve(0)),
      published: () => (down ? gone() : Promise.resolve({ total: 0, notices: [] })),
    } as unknown as NoticeStore;
    const live = liveNotices({ store: empty, registry, contentNotices: async () => [contentFile], clock, refreshMs: 1000, log: () => {} });
    const first = await live.current();
    expect(first.content.notices.map((n) => n.id)).toEqual(['qc-weekly-news']);
    down = false;
    clock.advance(1000);
    const next = await live.current();
    expect(next.generation).toBe(first.generation + 1);
    expect(next.content.notices.map((n) => n.id)).toEqual(['qc-weekly-news']);
  });
});
