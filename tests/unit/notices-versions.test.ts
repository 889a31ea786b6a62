// Versions, corrections, withdrawals and rows' progress as the public sees
// them (publicNotice), with the expected pages' words written out.
import { describe, expect, it } from 'vitest';
import { applyNoticeAction, startNotice, type NoticeOutcome } from '../../src/domain/notices/machine';
import { currentStatus } from '../../src/domain/notices/progress';
import { publicNotice, publicVersion } from '../../src/domain/notices/publicView';
import { approveNotice, correctNotice, editNotice, recordRowProgress, returnNotice, submitNotice, withdrawNotice } from '../../src/domain/notices/steps';
import { context, qiaocheng, rectificationInput, row, xinghe } from '../support/notices';

/** 23:30 UTC on 3 December is already 4 December in China. */
const AT = ['2026-12-01T02:00:00.000Z', '2026-12-02T02:00:00.000Z', '2026-12-03T23:30:00.000Z', '2026-12-05T02:00:00.000Z'] as const;

const done = (outcome: NoticeOutcome) => {
  if (!('record' in outcome)) throw new Error(JSON.stringify(outcome));
  return outcome.record;
};

const started = done(startNotice({ id: 'xinghe-ledger', kind: 'rectification', owner: xinghe.body, input: rectificationInput() }, xinghe, context(AT[0])));
const v1 = done(approveNotice(done(submitNotice(started, xinghe, context(AT[0]))), qiaocheng, context(AT[1])));
/** The correction keeps row-1 with a later deadline, drops row-2 and adds a row. */
const correction = rectificationInput({ ledger: [row('周六组织六年级集体补课', { item: 'row-1', deadline: '2027-01-15' }), row('课后服务讲新课')] });
const pendingFix = done(correctNotice(v1, correction, '补课整改时限顺延至寒假前', xinghe, context(AT[2])));
const v2 = done(approveNotice(pendingFix, qiaocheng, context(AT[2])));

describe('versions', () => {
  it('shows the first version with no revision line', () => {
    const view = publicNotice(v1)!;
    expect([view.current.number, view.revisedNote, view.earlier, view.withdrawn]).toEqual([1, undefined, [], undefined]);
  });

  it('keeps showing version 1 while a correction waits for review', () => {
    expect([pendingFix.state, publicNotice(pendingFix)!.current.number, pendingFix.pending!.correction]).toEqual(['submitted', 1, '补课整改时限顺延至寒假前']);
  });

  it('publishes the correction as version 2, with the China date and the reason, and keeps version 1 readable', () => {
    const view = publicNotice(v2)!;
    expect(view.revisedNote).toBe('修订于 2026-12-04：补课整改时限顺延至寒假前');
    expect(view.earlier).toEqual([{ number: 1, publishedOn: '2026-12-02' }]);
    expect(publicVersion(v2, 1)!.content.ledger!.map((r) => [r.item, r.deadline])).toEqual([
      ['row-1', '2026-12-31'],
      ['row-2', '2026-12-31'],
    ]);
    expect(view.current.content.ledger!.map((r) => [r.item, r.deadline])).toEqual([
      ['row-1', '2027-01-15'],
      ['row-3', '2026-12-31'],
    ]);
    expect(publicVersion(v2, 3)).toBeNull();
  });

  it('keeps a returned correction a correction: edited with a new reason, resubmitted, published with that reason', () => {
    const returned = done(returnNotice(pendingFix, '请说明顺延的原因', qiaocheng, context(AT[2])));
    const edited = done(editNotice(returned, correction, xinghe, context(AT[2]), '教室改造，补课整改顺延至寒假前'));
    const approved = done(approveNotice(done(submitNotice(edited, xinghe, context(AT[2]))), qiaocheng, context(AT[3])));
    expect([returned.returnedReason, edited.returnedReason, approved.versions.length, publicNotice(approved)!.revisedNote]).toEqual([
      '请说明顺延的原因',
      undefined,
      2,
      '修订于 2026-12-05：教室改造，补课整改顺延至寒假前',
    ]);
  });

  it('shows nothing of a notice never published', () => {
    expect(publicNotice(started)).toBeNull();
  });

  it('puts a notice of withdrawal in place of the text', () => {
    const withdrawn = done(withdrawNotice(v2, '已并入第二期整改公示', xinghe, context(AT[3])));
    expect(publicNotice(withdrawn)!.withdrawn).toEqual({
      on: '2026-12-05',
      reason: '已并入第二期整改公示',
      note: '本公示已于 2026-12-05 撤回：已并入第二期整改公示',
    });
    expect(withdrawn.pending).toBeUndefined();
  });
});

describe('a row’s progress', () => {
  const progress = (update: { row: string; on: string; status: string; note?: string }) => recordRowProgress(v2, update, xinghe, context(AT[2]));

  it('is published at once as the row’s timeline, without the acting body', () => {
    const first = done(progress({ row: 'row-1', on: '2026-12-03', status: '整改中', note: '已通知家长' }));
    const second = done(applyNoticeAction(first, { type: 'progress', row: 'row-1', on: '2026-12-04', status: '已整改' }, xinghe, context(AT[3])));
    expect([second.state, second.versions.length]).toEqual(['published', 2]);
    expect(publicNotice(second)!.timelines).toEqual({
      'row-1': [
        { at: AT[2], on: '2026-12-03', status: '整改中', note: '已通知家长' },
        { at: AT[3], on: '2026-12-04', status: '已整改' },
      ],
    });
    expect([currentStatus(second, 'row-1'), currentStatus(second, 'row-3')]).toEqual(['已整改', '整改中']);
  });

  it.each<[string, { row: string; on: string; status: string; note?: string }, Record<string, string>]>([
    ['a row dropped by the correction', { row: 'row-2', on: '2026-12-03', status: '已整改' }, { row: '这份公示中没有这一行整改台账' }],
    ['an unknown status', { row: 'row-1', on: '2026-12-03', status: '完成' }, { status: '整改进展应为 已整改、整改中、未启动 之一' }],
    ['no status chosen', { row: 'row-1', on: '2026-12-03', status: '' }, { status: '请选择整改进展' }],
    ['a day that does not exist', { row: 'row-1', on: '2026-11-31', status: '已整改' }, { on: '日期格式应为 YYYY-MM-DD，例如 2024-05-10' }],
    ['a day after today in China', { row: 'row-1', on: '2026-12-05', status: '已整改' }, { on: '日期不能晚于今天' }],
    ['a note too long', { row: 'row-1', on: '2026-12-04', status: '已整改', note: '长'.repeat(501) }, { note: '说明最多 500 个字' }],
  ])('refuses %s', (_, update, errors) => {
    expect(progress(update)).toEqual({ kind: 'invalid', errors });
  });
});
