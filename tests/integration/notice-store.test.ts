// The notice store's contract on each engine: SQLite on a fresh database,
// Redis over TCP and over Upstash's REST protocol (the local stand-in, backed
// by the same real Redis). Records come from the pure domain, as the
// services will make them; the store keeps them, lists them and refuses a
// step computed from a revision that is no longer the stored one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyNoticeAction, startNotice, type NoticeAction, type NoticeOutcome } from '../../src/domain/notices/machine';
import type { NoticeActor, NoticeRecord } from '../../src/domain/notices/model';
import type { NoticeStore } from '../../src/ports/noticeStore';
import { noticeEngines, type OpenedNoticeStore } from '../support/noticeStores';
import { bulletinInput, context, office, qiaocheng, rectificationInput, xinghe } from '../support/notices';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 2, minute)).toISOString();

type Done = Extract<NoticeOutcome, { record: NoticeRecord }>;
const done = (outcome: NoticeOutcome): Done => {
  if (!('record' in outcome)) throw new Error(`step refused: ${JSON.stringify(outcome)}`);
  return outcome;
};

describe.each(noticeEngines)('the notice store over $name', (engine) => {
  let opened: OpenedNoticeStore;
  let store: NoticeStore;
  beforeAll(async () => {
    opened = await engine.open();
    store = opened.store;
  });
  afterAll(() => opened?.cleanup());

  /** Reads the notice, takes one step at `minute`, saves it over the revision read. */
  const step = async (id: string, action: NoticeAction, actor: NoticeActor, minute: number, approvalRequired = true) => {
    const record = (await store.find(id))!;
    const outcome = done(applyNoticeAction(record, action, actor, context(at(minute), approvalRequired)));
    expect(await store.save(outcome.record, record.revision, outcome.audit)).toBe(true);
    return outcome.record;
  };
  const start = async (id: string, input: Record<string, unknown>, minute: number) => {
    const outcome = done(startNotice({ id, kind: 'rectification', owner: xinghe.body, input }, xinghe, context(at(minute))));
    expect(await store.create(outcome.record, outcome.audit)).toBe(true);
    return outcome.record;
  };

  it('keeps a draft as written, numeric-looking text as text, and refuses a second notice with its id', async () => {
    const draft = await start('xinghe-draft', rectificationInput({ title: '007', summary: '123' }), 0);
    expect(await store.find('xinghe-draft')).toEqual(draft);
    expect((await store.find('xinghe-draft'))!.pending!.content.title).toBe('007');
    expect(
      await store.create(
        draft,
        done(startNotice({ id: 'xinghe-draft', kind: 'rectification', owner: xinghe.body, input: rectificationInput() }, xinghe, context(at(1)))).audit,
      ),
    ).toBe(false);
    expect((await store.noticesOf('school:qc-xinghe-primary')).map((n) => n.id)).toEqual(['xinghe-draft']);
    expect(await store.published({ all: true }, { offset: 0, limit: 10 })).toEqual({ total: 0, notices: [] });
    expect(await store.find('no-such-notice')).toBeNull();
  });

  it('takes a notice through submission, return, resubmission and approval, with the wait and the audit', async () => {
    await start('xinghe-ledger', rectificationInput(), 0);
    await step('xinghe-ledger', { type: 'submit' }, xinghe, 5);
    expect(await store.waitingFor('qiaocheng')).toEqual([
      { id: 'xinghe-ledger', kind: 'rectification', school: 'qc-xinghe-primary', title: '星河小学整改公示', since: at(5), correction: false },
    ]);
    expect(await store.waitingFor('guoyang')).toEqual([]);
    await step('xinghe-ledger', { type: 'return', reason: '整改时限过长' }, qiaocheng, 10);
    expect(await store.waitingFor('qiaocheng')).toEqual([]);
    await step('xinghe-ledger', { type: 'edit', input: rectificationInput({ title: '星河小学整改公示（修改）' }) }, xinghe, 12);
    await step('xinghe-ledger', { type: 'submit' }, xinghe, 15);
    expect((await store.waitingFor('qiaocheng')).map((w) => [w.id, w.since, w.title])).toEqual([['xinghe-ledger', at(15), '星河小学整改公示（修改）']]);
    const published = await step('xinghe-ledger', { type: 'approve' }, qiaocheng, 20);
    expect(await store.waitingFor('qiaocheng')).toEqual([]);
    expect(published.versions.map((v) => [v.number, v.publishedAt, v.approvedBy])).toEqual([[1, at(20), 'bureau:qiaocheng']]);
    expect((await store.published({ school: 'qc-xinghe-primary' }, { offset: 0, limit: 10 })).notices.map((n) => n.id)).toEqual(['xinghe-ledger']);
    expect((await store.published({ bureau: 'qiaocheng' }, { offset: 0, limit: 10 })).total).toBe(1);
    expect((await store.auditOf('xinghe-ledger')).map((a) => [a.action, a.body, a.address ?? '', a.reason ?? '', a.revision])).toEqual([
      ['start', 'school:qc-xinghe-primary', 'bangongshi@xinghe.example', '', 1],
      ['submit', 'school:qc-xinghe-primary', 'bangongshi@xinghe.example', '', 2],
      ['return', 'bureau:qiaocheng', 'jijiao@qiaocheng.example', '整改时限过长', 3],
      ['edit', 'school:qc-xinghe-primary', 'bangongshi@xinghe.example', '', 4],
      ['submit', 'school:qc-xinghe-primary', 'bangongshi@xinghe.example', '', 5],
      ['approve', 'bureau:qiaocheng', 'jijiao@qiaocheng.example', '', 6],
    ]);
  });

  it('keeps the published version while a correction waits, then adds it as version 2 with its reason', async () => {
    await step(
      'xinghe-ledger',
      {
        type: 'correct',
        input: rectificationInput({ ledger: [{ ...rectificationInput().ledger[0], item: 'row-1', deadline: '2027-01-15' }] }),
        reason: '补课整改时限顺延',
      },
      xinghe,
      30,
    );
    expect((await store.find('xinghe-ledger'))!.versions).toHaveLength(1);
    expect((await store.waitingFor('qiaocheng')).map((w) => [w.id, w.correction])).toEqual([['xinghe-ledger', true]]);
    const corrected = await step('xinghe-ledger', { type: 'approve' }, qiaocheng, 35);
    expect(corrected.versions.map((v) => [v.number, v.correction ?? '', v.content.ledger!.map((r) => `${r.item} ${r.deadline}`).join(', ')])).toEqual([
      [1, '', 'row-1 2026-12-31, row-2 2026-12-31'],
      [2, '补课整改时限顺延', 'row-1 2027-01-15'],
    ]);
    expect(await store.find('xinghe-ledger')).toEqual(corrected);
  });

  it('publishes a row’s progress at once, with no review', async () => {
    await step('xinghe-ledger', { type: 'progress', row: 'row-1', on: '2026-12-01', status: '已整改', note: '已退还补课费' }, xinghe, 40);
    expect((await store.find('xinghe-ledger'))!.progress).toEqual({
      'row-1': [{ at: at(40), on: '2026-12-01', status: '已整改', note: '已退还补课费', by: 'school:qc-xinghe-primary' }],
    });
    expect(await store.waitingFor('qiaocheng')).toEqual([]);
  });

  it('keeps a withdrawn notice in the lists with its reason', async () => {
    const withdrawn = await step('xinghe-ledger', { type: 'withdraw', reason: '与第二期公示重复' }, xinghe, 45);
    expect([withdrawn.state, withdrawn.withdrawal]).toEqual(['withdrawn', { at: at(45), reason: '与第二期公示重复', by: 'school:qc-xinghe-primary' }]);
    expect((await store.published({ school: 'qc-xinghe-primary' }, { offset: 0, limit: 10 })).notices.map((n) => [n.id, n.state])).toEqual([
      ['xinghe-ledger', 'withdrawn'],
    ]);
  });

  it('pages published notices newest first, by school, bureau and all', async () => {
    for (const [id, minute] of [
      ['qc-bulletin-a', 50],
      ['qc-bulletin-b', 52],
      ['qc-bulletin-c', 51],
      ['qc-bulletin-d', 52],
    ] as const) {
      const outcome = done(startNotice({ id, kind: 'bulletin', owner: qiaocheng.body, input: bulletinInput() }, qiaocheng, context(at(minute))));
      expect(await store.create(outcome.record, outcome.audit)).toBe(true);
      await step(id, { type: 'submit' }, qiaocheng, minute);
    }
    const ids = async (scope: Parameters<NoticeStore['published']>[0], offset: number, limit: number) => {
      const page = await store.published(scope, { offset, limit });
      return [page.total, page.notices.map((n) => n.id)];
    };
    expect(await ids({ bureau: 'qiaocheng' }, 0, 2)).toEqual([5, ['qc-bulletin-d', 'qc-bulletin-b']]);
    expect(await ids({ bureau: 'qiaocheng' }, 2, 2)).toEqual([5, ['qc-bulletin-c', 'qc-bulletin-a']]);
    expect(await ids({ bureau: 'qiaocheng' }, 4, 2)).toEqual([5, ['xinghe-ledger']]);
    expect(await ids({ all: true }, 1, 10)).toEqual([5, ['qc-bulletin-b', 'qc-bulletin-c', 'qc-bulletin-a', 'xinghe-ledger']]);
    expect(await ids({ bureau: 'guoyang' }, 0, 10)).toEqual([0, []]);
    expect(await ids({ school: 'qc-xinghe-primary' }, 0, 10)).toEqual([1, ['xinghe-ledger']]);
    const announcement = done(
      startNotice({ id: 'city-news', kind: 'announcement', owner: office.body, input: bulletinInput({ findings: [] }) }, office, context(at(53))),
    );
    expect(await store.create(announcement.record, announcement.audit)).toBe(true);
    await step('city-news', { type: 'submit' }, office, 53);
    expect(await ids({ all: true }, 0, 2)).toEqual([6, ['city-news', 'qc-bulletin-d']]);
    expect((await ids({ bureau: 'qiaocheng' }, 0, 10))[0]).toBe(5);
    expect((await store.noticesOf('school:qc-xinghe-primary')).map((n) => [n.id, n.state])).toEqual([
      ['xinghe-ledger', 'withdrawn'],
      ['xinghe-draft', 'draft'],
    ]);
    expect((await store.noticesOf('office')).map((n) => n.id)).toEqual(['city-news']);
  });

  it('tells what changed since a count: each published notice once, as it is now, in the order of its latest save, page by page', async () => {
    const c0 = await store.publications();
    for (const [id, minute] of [
      ['change-a', 70],
      ['change-b', 72],
    ] as const) {
      await start(id, rectificationInput(), minute);
      await step(id, { type: 'submit' }, xinghe, minute);
      await step(id, { type: 'approve' }, qiaocheng, minute + 1);
    }
    await step('change-a', { type: 'progress', row: 'row-2', on: '2026-12-01', status: '已整改', note: '已调整作息' }, xinghe, 75);
    await start('change-draft', rectificationInput(), 76);
    expect(await store.publications()).toBe(c0 + 3);
    const changes = async (since: number, limit: number) => {
      const page = await store.changedSince(since, limit);
      return [page.notices.map((n) => n.id), page.until, page.more];
    };
    expect(await changes(c0, 10)).toEqual([['change-b', 'change-a'], c0 + 3, false]);
    expect((await store.changedSince(c0, 10)).notices[1]).toEqual(await store.find('change-a'));
    expect(await changes(c0, 1)).toEqual([['change-b'], c0 + 2, true]);
    expect(await changes(c0 + 2, 1)).toEqual([['change-a'], c0 + 3, false]);
    expect(await changes(c0 + 3, 10)).toEqual([[], c0 + 3, false]);
    expect(
      await opened
        .again()
        .changedSince(c0 + 1, 10)
        .then((page) => page.notices.map((n) => n.id)),
    ).toEqual(['change-b', 'change-a']);
  });

  it('lets exactly one of two approvals, or an approval and a return, of one submission win, in one process or two', async () => {
    const elsewhere = opened.again();
    for (const [id, second, other] of [
      ['race-approvals', { type: 'approve' }, store],
      ['race-approve-return', { type: 'return', reason: '请补充整改措施' }, store],
      ['race-two-processes', { type: 'return', reason: '请补充整改措施' }, elsewhere],
    ] as const) {
      await start(id, rectificationInput(), 60);
      await step(id, { type: 'submit' }, xinghe, 61);
      const read = (await store.find(id))!;
      const first = done(applyNoticeAction(read, { type: 'approve' }, qiaocheng, context(at(62))));
      const losing = done(applyNoticeAction(read, second, qiaocheng, context(at(62))));
      const saved = await Promise.all([store.save(first.record, read.revision, first.audit), other.save(losing.record, read.revision, losing.audit)]);
      expect(saved.filter(Boolean)).toHaveLength(1);
      const winner = saved[0] ? first.record : losing.record;
      expect(await store.find(id)).toEqual(winner);
      expect((await store.auditOf(id)).map((a) => a.action)).toEqual(['start', 'submit', winner.state === 'published' ? 'approve' : 'return']);
      expect(await store.waitingFor('qiaocheng')).toEqual([]);
    }
  });
});
