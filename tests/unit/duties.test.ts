import { describe, expect, it } from 'vitest';
import { dutiesSchema } from '../../src/catalogue/schemas/duties';
import { dutyPeriods, dutyStatus, dueBetween, evaluateDuty, overdueDays, dutyWords, type Publication } from '../../src/domain/duties';
import { noticeSchema } from '../../src/catalogue/schemas/notices';
import type { NoticeEntry } from '../../src/catalogue/sources';
import { dutyAssessment } from '../../src/server/services/dutyAssessment';
import { readContent } from '../support/content';
import { sampleDirectory } from '../support/directory';

// Duties as content, evaluated against what was published on an injected day (issue 25, point 1).
const duties = dutiesSchema.parse({
  periodSets: [
    {
      id: 'semesters',
      periods: [
        { id: '2026-autumn', name: '2026 年秋季学期', startsOn: '2026-09-01', endsOn: '2027-01-31' },
        { id: '2027-spring', name: '2027 年春季学期', startsOn: '2027-02-01', endsOn: '2027-07-31' },
      ],
    },
    { id: 'months', months: { from: '2026-11', to: '2027-03' } },
  ],
  list: [
    { id: 'self-inspection', name: '学期自查报告', by: 'school', kind: 'self-inspection', periods: 'semesters', dueDays: 27 },
    { id: 'monthly-update', name: '整改进展月度更新', by: 'school', kind: 'rectification', periods: 'months', while: 'open-rows' },
    { id: 'bulletin', name: '督查通报', by: 'bureau', kind: 'bulletin', periods: 'months', phases: ['inspection'] },
  ],
});
const phases = [
  { id: 'self', startsOn: '2026-09-01', endsOn: '2027-01-31' },
  { id: 'inspection', startsOn: '2027-02-01', endsOn: '2027-03-31' },
];
const subjects = {
  schools: [
    { id: 'xinghe', bureau: 'qiaocheng' },
    { id: 'taoxi', bureau: 'qiaocheng' },
  ],
  bureaus: [{ id: 'qiaocheng' }],
};

describe('periods as content', () => {
  it('a semester list keeps its days; the due day is dueDays after the first day', () => {
    expect(dutyPeriods(duties, duties.list[0]!, phases)).toEqual([
      { id: '2026-autumn', name: '2026 年秋季学期', startsOn: '2026-09-01', endsOn: '2027-01-31', dueOn: '2026-09-28' },
      { id: '2027-spring', name: '2027 年春季学期', startsOn: '2027-02-01', endsOn: '2027-07-31', dueOn: '2027-02-28' },
    ]);
  });
  it('months are every calendar month, due on their last day (28 February in 2027)', () => {
    expect(dutyPeriods(duties, duties.list[1]!, phases).map((p) => [p.id, p.name, p.startsOn, p.dueOn])).toEqual([
      ['2026-11', '2026 年 11 月', '2026-11-01', '2026-11-30'],
      ['2026-12', '2026 年 12 月', '2026-12-01', '2026-12-31'],
      ['2027-01', '2027 年 1 月', '2027-01-01', '2027-01-31'],
      ['2027-02', '2027 年 2 月', '2027-02-01', '2027-02-28'],
      ['2027-03', '2027 年 3 月', '2027-03-01', '2027-03-31'],
    ]);
  });
  it('a duty limited to the inspection phase is owed only in the months of that phase', () => {
    expect(dutyPeriods(duties, duties.list[2]!, phases).map((p) => p.id)).toEqual(['2027-02', '2027-03']);
  });
});

describe('one duty in one period', () => {
  const period = { startsOn: '2027-02-01', endsOn: '2027-07-31', dueOn: '2027-02-28' };
  const report = { kind: 'self-inspection' as const, while: 'always' as const };
  const pub = (on: string, kind: Publication['kind'] = 'self-inspection'): Publication => ({ by: 'xinghe', kind, on });
  it.each([
    ['published before the due day', [pub('2027-02-10')], '2027-03-05', { state: 'on-time', publishedOn: '2027-02-10' }, '按期'],
    ['published on the due day', [pub('2027-02-28')], '2027-02-28', { state: 'on-time', publishedOn: '2027-02-28' }, '按期'],
    ['published 5 days late', [pub('2027-03-05')], '2027-04-01', { state: 'late', publishedOn: '2027-03-05', daysLate: 5 }, '逾期 5 天'],
    ['the earliest of two counts', [pub('2027-03-05'), pub('2027-02-20')], '2027-04-01', { state: 'on-time', publishedOn: '2027-02-20' }, '按期'],
    ['nothing yet, 10 days left', [], '2027-02-18', { state: 'not-due', daysLeft: 10 }, '尚未到期'],
    ['nothing, due yesterday', [], '2027-03-01', { state: 'missing', daysLate: 1 }, '未公示（已逾期 1 天）'],
    ["last semester's report does not count", [pub('2027-01-20')], '2027-03-01', { state: 'missing', daysLate: 1 }, '未公示（已逾期 1 天）'],
    ['another kind does not count', [pub('2027-02-10', 'rectification')], '2027-03-11', { state: 'missing', daysLate: 11 }, '未公示（已逾期 11 天）'],
    ['a publication after "today" (a moved clock back) does not count', [pub('2027-02-10')], '2027-02-05', { state: 'not-due', daysLeft: 23 }, '尚未到期'],
  ])('%s', (_name, pubs, today, expected, words) => {
    const state = evaluateDuty(report, period, pubs, today);
    expect(state).toEqual(expected);
    expect(dutyWords(state)).toBe(words);
  });

  const monthly = { kind: 'rectification' as const, while: 'open-rows' as const };
  const february = { startsOn: '2027-02-01', endsOn: '2027-02-28', dueOn: '2027-02-28' };
  it.each([
    ['no open rows: not owed', undefined, [], '2027-03-02', { state: 'not-owed' }],
    ['rows open since January, no update in February', '2027-01-15', [], '2027-03-02', { state: 'missing', daysLate: 2 }],
    [
      'rows open since January, a progress entry on 14 February',
      '2027-01-15',
      [pub('2027-02-14', 'rectification')],
      '2027-03-02',
      { state: 'on-time', publishedOn: '2027-02-14' },
    ],
    ["rows first published in February are that month's update", '2027-02-10', [], '2027-03-02', { state: 'not-owed' }],
    ['open rows, February not over', '2027-01-15', [], '2027-02-20', { state: 'not-due', daysLeft: 8 }],
  ])('while open rows — %s', (_name, openSince, pubs, today, expected) => {
    expect(evaluateDuty(monthly, february, pubs, today, openSince)).toEqual(expected);
  });
});

describe('every school and bureau', () => {
  const publications: Publication[] = [
    { by: 'xinghe', kind: 'self-inspection', on: '2027-02-20' },
    { by: 'xinghe', kind: 'rectification', on: '2027-02-03' },
    { by: 'qiaocheng', kind: 'bulletin', on: '2027-03-04' },
  ];
  const facts = { duties, phases, subjects, publications, openRowsSince: { xinghe: '2026-12-01', taoxi: '2026-10-01' }, today: '2027-03-10' };
  const brief = (rows: ReturnType<typeof dutyStatus>) => rows.map((r) => `${r.duty} ${r.period} ${r.by}: ${dutyWords(r)}`);

  it('the board shows the last period due and the current one', () => {
    expect(brief(dutyStatus(facts))).toEqual([
      'self-inspection 2027-spring xinghe: 按期',
      'self-inspection 2027-spring taoxi: 未公示（已逾期 10 天）',
      'monthly-update 2027-02 xinghe: 按期',
      'monthly-update 2027-02 taoxi: 未公示（已逾期 10 天）',
      'monthly-update 2027-03 xinghe: 尚未到期',
      'monthly-update 2027-03 taoxi: 尚未到期',
      // Published on 4 March: a publication counts for the period it falls in, so March is met and February missed.
      'bulletin 2027-02 qiaocheng: 未公示（已逾期 10 天）',
      'bulletin 2027-03 qiaocheng: 按期',
    ]);
  });
  it('one school sees only its own duties; an assessment period counts what fell due in it', () => {
    expect(brief(dutyStatus(facts, dueBetween('2027-02-01', '2027-02-28'), { school: 'taoxi' }))).toEqual([
      'self-inspection 2027-spring taoxi: 未公示（已逾期 10 天）',
      'monthly-update 2027-02 taoxi: 未公示（已逾期 10 天）',
    ]);
  });
});

describe('ledger rows past their deadline', () => {
  it.each([
    [{ deadline: '2027-03-01', status: '整改中' }, '2027-03-01', undefined],
    [{ deadline: '2027-03-01', status: '整改中' }, '2027-03-02', 1],
    [{ deadline: '2027-01-31', status: '未启动' }, '2027-03-02', 30],
    [{ deadline: '2027-01-31', status: '已整改' }, '2027-03-02', undefined],
  ])('%o on %s → %s days', (row, today, days) => {
    expect(overdueDays(row, today)).toBe(days);
  });
});

describe('content mistakes are refused in Chinese', () => {
  it.each([
    [
      { periodSets: [], list: [{ id: 'x-duty', name: '自查', by: 'school', kind: 'self-inspection', periods: 'nope' }] },
      '找不到期间 “nope”：应为 periodSets 中已有的编号',
    ],
    [{ periodSets: [{ id: 'months', months: { from: '2027-05', to: '2027-01' } }] }, '结束月份早于开始月份'],
    [{ periodSets: [{ id: 'months' }] }, '应写 periods（逐个列出期间）或 months（按月），二者选一'],
    [
      {
        periodSets: [{ id: 'months', months: { from: '2027-01', to: '2027-02' } }],
        list: [{ id: 'b-duty', name: '通报', by: 'bureau', kind: 'self-inspection', periods: 'months' }],
      },
      '教育局的义务只能是 bulletin、exposure 或 announcement',
    ],
  ])('%#', (input, message) => {
    const parsed = dutiesSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message)).toContain(message);
  });
});

describe('the county assessment counts a monthly update due on the last day of the month (tryout of issue 25)', () => {
  // 星河小学 has had an open ledger row since July, so its August update is due on 31 August.
  const ledger = (updates: string[]): NoticeEntry => ({
    id: 'qc-xinghe-ledger',
    data: noticeSchema.parse({
      kind: 'rectification',
      title: '星河小学整改公示',
      summary: '整改台账。',
      publishedOn: '2026-07-10',
      phase: 'consolidation',
      school: 'qc-xinghe-primary',
      ledger: [
        {
          problem: '周六集体补课',
          source: '举报',
          aspect: 'holiday-classes',
          measure: '停止补课',
          responsible: '教务处',
          deadline: '2026-12-31',
          status: '整改中',
        },
      ],
    }),
    updates,
  });
  const assess = (notices: NoticeEntry[]) =>
    dutyAssessment({ catalogue: async () => ({ content: { ...readContent(), notices } }), directory: sampleDirectory() });

  it('not published by 31 August: late in August, named in the draft bulletin', async () => {
    const august = assess([ledger([])]);
    expect(await august.disclosure('qiaocheng', '2026-08')).toEqual({ met: 0, due: 1 });
    expect(await august.lateSchools('qiaocheng', '2026-08')).toEqual(['谯城区星河小学（示例）']);
  });

  it('updated on 31 August itself: on time', async () => {
    const august = assess([ledger(['2026-08-31'])]);
    expect(await august.disclosure('qiaocheng', '2026-08')).toEqual({ met: 1, due: 1 });
    expect(await august.lateSchools('qiaocheng', '2026-08')).toEqual([]);
  });
});
