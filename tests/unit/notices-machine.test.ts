// The review machine of src/domain/notices/ as tables: every state × action
// × actor with the outcome written out by hand, then who may start which
// kind and what the approval setting changes.
import { describe, expect, it } from 'vitest';
import { applyNoticeAction, startNotice, type NoticeAction, type NoticeOutcome } from '../../src/domain/notices/machine';
import type { NoticeActor, NoticeRecord, NoticeState } from '../../src/domain/notices/model';
import { bulletinInput, chengdong, context, guoyang, office, qiaocheng, rectificationInput, selfInspectionInput, xinghe, yuehu } from '../support/notices';

const AT = '2026-12-01T02:00:00.000Z';
const ctx = context(AT);

const done = (outcome: NoticeOutcome) => {
  if (!('record' in outcome)) throw new Error(JSON.stringify(outcome));
  return outcome.record;
};
const draft = done(startNotice({ id: 'xinghe-ledger', kind: 'rectification', owner: xinghe.body, input: rectificationInput() }, xinghe, ctx));
const submitted = done(applyNoticeAction(draft, { type: 'submit' }, xinghe, ctx));
const published = done(applyNoticeAction(submitted, { type: 'approve' }, qiaocheng, ctx));
const RECORDS: Record<NoticeState, NoticeRecord> = {
  draft,
  submitted,
  returned: done(applyNoticeAction(submitted, { type: 'return', reason: '请写明整改时限' }, qiaocheng, ctx)),
  published,
  withdrawn: done(applyNoticeAction(published, { type: 'withdraw', reason: '重复发布' }, xinghe, ctx)),
};

/** A valid instance of each action, so that only the machine can refuse it. */
const ACTIONS: Record<NoticeAction['type'], NoticeAction> = {
  edit: { type: 'edit', input: rectificationInput({ title: '星河小学整改公示（二）' }) },
  submit: { type: 'submit' },
  approve: { type: 'approve' },
  return: { type: 'return', reason: '整改措施不具体' },
  correct: { type: 'correct', input: rectificationInput(), reason: '更正责任处室' },
  withdraw: { type: 'withdraw', reason: '与上一期重复' },
  progress: { type: 'progress', row: 'row-1', on: '2026-12-01', status: '已整改' },
};

const STATE = '这份公示当前状态下不能执行此操作';
const REVIEW = '只有主管教育局可以审核这份公示';
const OWNER = '只有发布单位可以执行此操作';
const UNPUBLISHED = '尚未发布的公示不需要撤回';
const NO_LEDGER_YET = '整改台账发布后才能更新进展';
const OUTSIDER = '只能处理本校或所辖学校的公示';

type Row = [edit: string, submit: string, approve: string, ret: string, correct: string, withdraw: string, progress: string];
/** What the school (the owner) gets in each state, as outcome kind or refusal. */
const SCHOOL: Record<NoticeState, Row> = {
  draft: ['saved', 'submitted', STATE, STATE, STATE, UNPUBLISHED, NO_LEDGER_YET],
  submitted: [STATE, STATE, REVIEW, REVIEW, STATE, UNPUBLISHED, NO_LEDGER_YET],
  returned: ['saved', STATE, STATE, STATE, STATE, UNPUBLISHED, NO_LEDGER_YET],
  published: [STATE, STATE, STATE, STATE, 'submitted', 'withdrawn', 'recorded'],
  withdrawn: [STATE, STATE, STATE, STATE, STATE, STATE, STATE],
};
/** What its supervising bureau gets. */
const BUREAU: Record<NoticeState, Row> = {
  draft: [OWNER, OWNER, STATE, STATE, STATE, OWNER, OWNER],
  submitted: [STATE, STATE, 'published', 'returned', STATE, OWNER, OWNER],
  returned: [OWNER, STATE, STATE, STATE, STATE, OWNER, OWNER],
  published: [STATE, STATE, STATE, STATE, OWNER, OWNER, OWNER],
  withdrawn: [STATE, STATE, STATE, STATE, STATE, STATE, STATE],
};

const seen = (outcome: NoticeOutcome) => (outcome.kind === 'refused' ? outcome.reason : outcome.kind);
const cases = (actor: NoticeActor, table: Record<NoticeState, Row>) =>
  Object.entries(table).flatMap(([state, row]) => Object.values(ACTIONS).map((action, i) => ({ state: state as NoticeState, action, expected: row[i]! })));

describe('the review machine', () => {
  it.each(cases(xinghe, SCHOOL))('the school, $state, $action.type → $expected', ({ state, action, expected }) => {
    expect(seen(applyNoticeAction(RECORDS[state], action, xinghe, ctx))).toBe(expected);
  });
  it.each(cases(qiaocheng, BUREAU))('its bureau, $state, $action.type → $expected', ({ state, action, expected }) => {
    expect(seen(applyNoticeAction(RECORDS[state], action, qiaocheng, ctx))).toBe(expected);
  });
  it.each([
    ['another school of the same bureau', yuehu],
    ['a school of another bureau', chengdong],
    ['another bureau', guoyang],
    ['the city office', office],
  ] as const)('%s may do nothing to the school’s notice', (_, actor) => {
    for (const record of Object.values(RECORDS))
      for (const action of Object.values(ACTIONS)) expect(seen(applyNoticeAction(record, action, actor, ctx))).toBe(OUTSIDER);
  });
  it('moves the revision up by one with every step', () => {
    expect(Object.values(RECORDS).map((r) => [r.state, r.revision])).toEqual([
      ['draft', 1],
      ['submitted', 2],
      ['returned', 3],
      ['published', 3],
      ['withdrawn', 4],
    ]);
  });
});

describe('who writes which notice', () => {
  it.each([
    ['a school, its self-inspection', yuehu, { kind: 'school', school: 'qc-yuehu-middle' }, 'self-inspection', selfInspectionInput(), 'saved'],
    ['a school, a bulletin', xinghe, xinghe.body, 'bulletin', bulletinInput(), '学校只能发布自查报告和整改公示'],
    ['a bureau, its bulletin', qiaocheng, qiaocheng.body, 'bulletin', bulletinInput(), 'saved'],
    ['a bureau, a school’s ledger', qiaocheng, qiaocheng.body, 'rectification', rectificationInput(), '自查报告和整改公示由学校发布'],
    ['the office, an announcement', office, office.body, 'announcement', bulletinInput({ findings: [] }), 'saved'],
    ['a school, for another school', xinghe, yuehu.body, 'self-inspection', selfInspectionInput(), '只能为本单位起草公示'],
    [
      'an unknown school',
      { body: { kind: 'school', school: 'no-such-school' } },
      { kind: 'school', school: 'no-such-school' },
      'self-inspection',
      selfInspectionInput(),
      '找不到这所学校',
    ],
  ] as const)('%s → %s', (_, actor, owner, kind, input, expected) => {
    expect(seen(startNotice({ id: 'n-1', kind, owner, input }, actor as NoticeActor, ctx))).toBe(expected);
  });
});

describe('the approval setting', () => {
  it.each([
    ['a school, approval required', draft, xinghe, true, 'submitted', 0],
    ['a school, no approval required', draft, xinghe, false, 'published', 1],
    [
      'a bureau, approval required: no one reviews a bureau',
      done(startNotice({ id: 'qc-b', kind: 'bulletin', owner: qiaocheng.body, input: bulletinInput() }, qiaocheng, ctx)),
      qiaocheng,
      true,
      'published',
      1,
    ],
  ] as const)('%s → %s', (_, record, actor, approvalRequired, kind, versions) => {
    const outcome = applyNoticeAction(record, { type: 'submit' }, actor, context(AT, approvalRequired));
    expect([outcome.kind, 'record' in outcome ? outcome.record.versions.length : -1]).toEqual([kind, versions]);
  });
  it('asks for a reason to return, correct and withdraw', () => {
    expect(seen(applyNoticeAction(submitted, { type: 'return', reason: ' \u200b ' }, qiaocheng, ctx))).toBe('请填写退回理由');
    expect(seen(applyNoticeAction(published, { type: 'correct', input: rectificationInput(), reason: '' }, xinghe, ctx))).toBe('请填写修订理由');
    expect(seen(applyNoticeAction(published, { type: 'withdraw', reason: '' }, xinghe, ctx))).toBe('请填写撤回理由');
  });
  it('keeps the audit line: who, with which address, which revision, why', () => {
    const returned = applyNoticeAction(submitted, { type: 'return', reason: '请写明整改时限' }, qiaocheng, ctx);
    expect('audit' in returned && returned.audit).toEqual({
      at: AT,
      notice: 'xinghe-ledger',
      action: 'return',
      body: 'bureau:qiaocheng',
      address: 'jijiao@qiaocheng.example',
      revision: 3,
      reason: '请写明整改时限',
    });
    const progress = applyNoticeAction(published, ACTIONS.progress, xinghe, ctx);
    expect('audit' in progress && progress.audit).toEqual({
      at: AT,
      notice: 'xinghe-ledger',
      action: 'progress',
      body: 'school:qc-xinghe-primary',
      address: 'bangongshi@xinghe.example',
      revision: 4,
      row: 'row-1',
    });
  });
  it('takes only ids in the stable-id form, which store keys and URLs rely on', () => {
    expect(() => startNotice({ id: 'a:b', kind: 'self-inspection', owner: yuehu.body, input: selfInspectionInput() }, yuehu, ctx)).toThrow(
      'a notice id must be a stable id, not "a:b"',
    );
  });
});

describe('a drafted bulletin is not published with its 请填写 lines (tryout of issue 25)', () => {
  const drafted = (body: string) =>
    done(startNotice({ id: 'bulletin-202608-qiaocheng', kind: 'bulletin', owner: qiaocheng.body, input: bulletinInput({ body }) }, qiaocheng, ctx));
  it('refuses while a placeholder of the draft remains, in Chinese', () => {
    expect(
      applyNoticeAction(drafted('## 四、督查发现和处理情况\n（请填写本月明察暗访的情况、发现的问题和处理意见。）'), { type: 'submit' }, qiaocheng, ctx),
    ).toEqual({
      kind: 'refused',
      reason: '这份稿件还有系统起草时留下的括号提示（如“（请填写。）”）：请点“修改”，核对、补充后删去这些提示，再发布',
    });
  });
  it('publishes once the bureau has filled them in', () => {
    expect(applyNoticeAction(drafted('## 四、督查发现和处理情况\n本月暗访 3 所学校，未发现问题。'), { type: 'submit' }, qiaocheng, ctx).kind).toBe('published');
  });
});
