// Rating an answer (满意 / 基本满意 / 不满意) and 回访 ("问题还存在吗？") in the
// status machine, with an injected clock: expected values written out by hand
// (30 days to review after 不满意, the question due 30 days after closure).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyAction, pendingDeadline, type Actor, type ComplaintAction } from '../../src/domain/status';
import { publicView } from '../../src/domain/publicView';
import { followUpDueOn } from '../../src/domain/ratings';
import { recurrenceOf, followUpAskJob } from '../../src/domain/recurrence';
import { unsatisfiedLines } from '../../src/domain/ratingReview';
import type { ComplaintRecord } from '../../src/domain/complaint';
import { complaintRecord } from '../support/complaintRecord';
import { smallDirectory } from '../support/directory';

const REF = 'JB-20260301-7K3M9Q2P';
const directory = smallDirectory();
const parent: Actor = { kind: 'parent' };
const bureau: Actor = { kind: 'bureau', bureau: 'qiaocheng' };
/** 10 March 2026, 10:00 in China. */
const NOW = new Date('2026-03-10T02:00:00Z');

/** Answered on 5 March 2026 (China), not yet rated. */
const answered = (over: Partial<ComplaintRecord> = {}) =>
  complaintRecord({
    reference: REF,
    status: 'resolved',
    acceptBy: '2026-03-16',
    resolveBy: '2026-05-01',
    history: [
      { at: '2026-03-01T02:00:00.000Z', type: 'filed', bureau: 'qiaocheng' },
      { at: '2026-03-02T02:00:00.000Z', type: 'accepted', bureau: 'qiaocheng' },
      { at: '2026-03-05T02:00:00.000Z', type: 'resolved', bureau: 'qiaocheng', note: '已责令停止补课。', finding: 'substantiated' },
    ],
    closedAt: '2026-03-05T02:00:00.000Z',
    ...over,
  });

function apply(rec: ComplaintRecord, action: ComplaintAction, actor = parent, now = NOW) {
  const outcome = applyAction(rec, action, actor, now, directory);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome;
}

describe('rate', () => {
  it.each([
    ['satisfied', '满意'],
    ['basically', '基本满意'],
  ] as const)('%s confirms the answer, closes it now and queues nothing', (rating, words) => {
    const { record, jobs } = apply(answered({ notifyParent: true }), { type: 'rate', rating });
    expect(record.status).toBe('confirmed');
    expect(record.rating).toBe(rating);
    expect(record.closedAt).toBe(NOW.toISOString());
    expect(record.history.at(-1)).toEqual({ at: NOW.toISOString(), type: 'confirmed', bureau: 'qiaocheng', rating });
    expect(jobs).toEqual([]);
    expect(publicView(record, directory, '2026-03-10')).toMatchObject({ statusLabel: '已确认办结', rating: words });
  });

  it('不满意 with a reason sends it back for review, with the 30-day review clock and the bureau told', () => {
    const { record, jobs } = apply(answered(), { type: 'rate', rating: 'unsatisfied', reason: ' 学校周六仍在补课 ' });
    expect(record.status).toBe('disputed');
    expect(record.rating).toBe('unsatisfied');
    expect(record.resolveBy).toBe('2026-04-09');
    expect(record).not.toHaveProperty('closedAt');
    expect(pendingDeadline(record)).toEqual({ kind: 'resolve', by: '2026-04-09' });
    expect(record.history.at(-1)).toEqual({ at: NOW.toISOString(), type: 'disputed', bureau: 'qiaocheng', note: '学校周六仍在补课', rating: 'unsatisfied' });
    expect(jobs).toEqual([{ id: `complaint.disputed/${REF}/4`, event: 'complaint.disputed', reference: REF, createdAt: NOW.toISOString(), attempts: 0 }]);
    const view = publicView(record, directory, '2026-03-10');
    expect([view.statusLabel, view.resolveByLabel, view.rating, view.history.at(-1)?.rating]).toEqual(['有异议，待复核', '复核期限', '不满意', '不满意']);
  });

  it.each([
    [{ type: 'rate', rating: 'unsatisfied' }, '请填写不满意的原因'],
    [{ type: 'rate', rating: 'unsatisfied', reason: '  ' }, '请填写不满意的原因'],
    [{ type: 'rate', rating: 'unsatisfied', reason: '字'.repeat(2001) }, '不满意的原因最多 2000 个字'],
    [{ type: 'rate', rating: 'great' }, '请选择满意、基本满意或不满意'],
  ] as const)('%j is refused: %s', (action, error) => {
    expect(applyAction(answered(), action as ComplaintAction, parent, NOW, directory)).toEqual({ ok: false, error });
  });

  it('only the parent rates, and only an answer', () => {
    const refused = { ok: false, error: '这件举报当前状态下不能执行此操作' };
    expect(applyAction(answered(), { type: 'rate', rating: 'satisfied' }, bureau, NOW, directory)).toEqual(refused);
    const confirmed = apply(answered(), { type: 'rate', rating: 'satisfied' }).record;
    expect(applyAction(confirmed, { type: 'rate', rating: 'unsatisfied', reason: '又补课了' }, parent, NOW, directory)).toEqual(refused);
  });
});

describe('回访: the question due 30 days after closure', () => {
  it.each([
    ['2026-04-03T15:59:59Z', false], // 23:59 on 3 April in China: 29 days
    ['2026-04-03T16:00:00Z', true], // midnight, 4 April in China: 30 days
    ['2026-09-01T02:00:00Z', true],
  ])('on %s the question is due: %s', (iso, due) => {
    const rec = answered();
    expect(followUpDueOn(rec, 30)).toBe('2026-04-04');
    const outcome = applyAction(rec, { type: 'followUp', answer: 'fixed' }, parent, new Date(iso), directory);
    expect(outcome.ok ? outcome.record.followUpAnswer : outcome.error).toBe(due ? 'fixed' : '现在还不到回访的时间');
  });

  it('counts from the confirmation, honours content’s followUpDays, and is never asked of a refused or open complaint', () => {
    const confirmed = apply(answered(), { type: 'rate', rating: 'basically' }).record;
    expect(followUpDueOn(confirmed, 30)).toBe('2026-04-09');
    expect(followUpDueOn(confirmed, 7)).toBe('2026-03-17');
    const seven = { ...directory, followUpDays: 7 };
    expect(applyAction(confirmed, { type: 'followUp', answer: 'fixed' }, parent, new Date('2026-03-17T02:00:00Z'), seven).ok).toBe(true);
    expect(followUpDueOn(complaintRecord({ status: 'rejected', closedAt: '2026-03-05T02:00:00.000Z' }), 30)).toBeUndefined();
    expect(followUpDueOn(apply(answered(), { type: 'rate', rating: 'unsatisfied', reason: '仍在补课' }).record, 30)).toBeUndefined();
  });

  it('answered once: the status, closure and clocks stay, the question is gone', () => {
    const later = new Date('2026-04-10T02:00:00Z');
    const rec = answered({ notifyParent: true });
    const { record, jobs } = apply(rec, { type: 'followUp', answer: 'persists' }, parent, later);
    expect(record).toMatchObject({ status: 'resolved', closedAt: rec.closedAt, resolveBy: '2026-05-01', acceptBy: '2026-03-16', followUpAnswer: 'persists' });
    expect(record.history.at(-1)).toEqual({ at: later.toISOString(), type: 'followedUp', bureau: 'qiaocheng', note: '问题还存在', followUp: 'persists' });
    expect(jobs).toEqual([]);
    expect(publicView(rec, directory, '2026-04-10').followUpDue).toBe(true);
    expect(publicView(record, directory, '2026-04-10')).not.toHaveProperty('followUpDue');
    expect(publicView(record, directory, '2026-04-10').history.at(-1)).toMatchObject({ label: '回访答复', by: { kind: 'parent' }, note: '问题还存在' });
    expect(applyAction(record, { type: 'followUp', answer: 'fixed' }, parent, later, directory)).toEqual({ ok: false, error: '您已经回答过“问题还存在吗？”' });
  });
});

describe('the follow-up complaint', () => {
  it('is about the same school and aspect, at the same bureau, with fresh clocks from today and a link back', () => {
    const original = answered({ bureau: 'guoyang', notifyParent: true, contactConsent: true, anonymous: false, publishAnswer: true, rating: 'satisfied' });
    const now = new Date('2026-04-10T02:00:00Z');
    expect(recurrenceOf(original, { reference: 'JB-20260410-BBBB0002', receiptHash: 'hash-new', now, acceptDays: 15 })).toEqual({
      reference: 'JB-20260410-BBBB0002',
      receiptHash: 'hash-new',
      school: 'qc-xinghe-primary',
      aspect: 'homework',
      anonymous: false,
      contactConsent: true,
      notifyParent: true,
      sealed: 'v1.sealed.value',
      bureau: 'guoyang',
      status: 'submitted',
      filedAt: '2026-04-10T02:00:00.000Z',
      acceptBy: '2026-04-25',
      extended: false,
      history: [{ at: '2026-04-10T02:00:00.000Z', type: 'filed', bureau: 'guoyang', note: `回访时家长反映问题还存在（原举报 ${REF}）` }],
      recurrenceOf: REF,
      publishAnswer: true,
    });
    expect(followUpAskJob(REF, now)).toEqual({ id: `followup.ask/${REF}`, event: 'followup.ask', reference: REF, createdAt: now.toISOString(), attempts: 0 });
  });
});

describe('property: no transition loses a clock or a history entry', () => {
  const actions: ComplaintAction[] = [
    { type: 'accept' },
    { type: 'reject', reason: '不属于受理范围' },
    { type: 'transfer', to: 'guoyang', reason: '转办' },
    { type: 'transfer', to: 'qiaocheng', reason: '转回' },
    { type: 'extend', reason: '需要调查' },
    { type: 'resolve', answer: '已处理。' },
    { type: 'confirm' },
    { type: 'dispute', reason: '仍在补课' },
    { type: 'rate', rating: 'satisfied' },
    { type: 'rate', rating: 'basically' },
    { type: 'rate', rating: 'unsatisfied', reason: '没有解决' },
    { type: 'followUp', answer: 'fixed' },
    { type: 'followUp', answer: 'persists' },
  ];
  const actors: Actor[] = [parent, bureau, { kind: 'bureau', bureau: 'guoyang' }];
  const step = fc.record({ action: fc.constantFrom(...actions), actor: fc.constantFrom(...actors), days: fc.integer({ min: 0, max: 45 }) });

  it('every applied step keeps the earlier history as it was, adds one entry, and keeps acceptBy, resolveBy once set, the rating and the follow-up answer', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let rec = complaintRecord({ reference: REF, filedAt: '2026-03-01T02:00:00.000Z', acceptBy: '2026-03-16' });
        let now = new Date('2026-03-01T02:00:00Z');
        for (const { action, actor, days } of steps) {
          now = new Date(now.getTime() + days * 86_400_000);
          const outcome = applyAction(rec, action, actor, now, directory);
          if (!outcome.ok) continue;
          const after = outcome.record;
          expect(after.history.slice(0, rec.history.length)).toEqual(rec.history);
          expect(after.history).toHaveLength(rec.history.length + 1);
          expect(after.acceptBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          if (rec.resolveBy) expect(after.resolveBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          if (rec.rating) expect(after.rating).toBeDefined();
          if (rec.followUpAnswer) expect(after.followUpAnswer).toBe(rec.followUpAnswer);
          if (after.status === 'submitted') expect(pendingDeadline(after)?.kind).toBe('accept');
          if (after.status === 'accepted' || after.status === 'disputed') expect(pendingDeadline(after)?.kind).toBe('resolve');
          rec = after;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the supervision office’s list of 不满意 and the review after it', () => {
  it('shows when the bureau answered again, how long it took, whether the answer and the finding changed, and the next rating', () => {
    const rated = apply(answered(), { type: 'rate', rating: 'unsatisfied', reason: '学校周六仍在补课' }).record;
    // Still waiting on 20 March: 10 days so far.
    expect(unsatisfiedLines(rated, directory, '2026-03-20')).toEqual([
      {
        reference: REF,
        bureau: '谯城区教育局',
        school: '谯城区星河小学（示例）',
        ratedOn: '2026-03-10',
        days: 10,
        findingBefore: '属实',
        status: '有异议，待复核',
      },
    ]);
    // The same words sent again 12 days later, then rated 不满意 again and answered with a changed finding.
    const same = apply(rated, { type: 'resolve', answer: '已责令停止补课。', finding: 'substantiated' }, bureau, new Date('2026-03-22T02:00:00Z')).record;
    const again = apply(same, { type: 'rate', rating: 'unsatisfied', reason: '还是在补课' }, parent, new Date('2026-03-23T02:00:00Z')).record;
    const changed = { ...again, history: [...again.history] };
    changed.history.push({ at: '2026-03-30T02:00:00.000Z', type: 'resolved', bureau: 'qiaocheng', note: '复核查实部分属实，已约谈校长。', finding: 'partly' });
    const rerated = apply({ ...changed, status: 'resolved' }, { type: 'rate', rating: 'basically' }, parent, new Date('2026-03-31T02:00:00Z')).record;
    expect(unsatisfiedLines(rerated, directory, '2026-04-01')).toEqual([
      {
        reference: REF,
        bureau: '谯城区教育局',
        school: '谯城区星河小学（示例）',
        ratedOn: '2026-03-10',
        reviewedOn: '2026-03-22',
        days: 12,
        sameAnswer: true,
        findingBefore: '属实',
        findingAfter: '属实',
        ratedAgain: '不满意',
        status: '已确认办结',
      },
      {
        reference: REF,
        bureau: '谯城区教育局',
        school: '谯城区星河小学（示例）',
        ratedOn: '2026-03-23',
        reviewedOn: '2026-03-30',
        days: 7,
        sameAnswer: false,
        findingBefore: '属实',
        findingAfter: '部分属实',
        ratedAgain: '基本满意',
        status: '已确认办结',
      },
    ]);
    // A plain dispute (no rating) is not a rating: it is not listed.
    expect(unsatisfiedLines(apply(answered(), { type: 'dispute', reason: '仍在补课' }).record, directory, '2026-03-20')).toEqual([]);
  });
});
