import { describe, expect, it } from 'vitest';
import { currentPhase, phaseState } from '../../src/catalogue/phases';
import { countLedger, ledgerItems } from '../../src/catalogue/ledger';
import { formatDate } from '../../src/domain/dates';
import { chinaDate as chinaToday } from '../../src/domain/deadlines';
import { newestFirst, schoolsOf } from '../../src/catalogue/notices';
import type { Phase } from '../../src/catalogue/schemas/settings';
import type { Notice } from '../../src/catalogue/schemas/notices';

const phases: Phase[] = [
  { id: 'mobilisation', name: '动员部署', description: 'd', startsOn: '2024-04-28', endsOn: '2024-05-31' },
  { id: 'self-inspection', name: '自查自纠', description: 'd', startsOn: '2024-06-01', endsOn: '2024-09-30' },
  { id: 'consolidation', name: '总结巩固', description: 'd', startsOn: '2025-04-01' },
];

describe('currentPhase', () => {
  it.each([
    ['2024-04-27', undefined],
    ['2024-04-28', 'mobilisation'],
    ['2024-05-31', 'mobilisation'],
    ['2024-06-01', 'self-inspection'],
    ['2024-12-01', undefined],
    ['2026-11-27', 'consolidation'],
  ])('on %s the current phase is %s', (today, expected) => {
    expect(currentPhase(phases, today)?.id).toBe(expected);
  });

  it.each([
    ['2024-05-01', ['current', 'upcoming', 'upcoming']],
    ['2024-07-01', ['done', 'current', 'upcoming']],
    ['2026-11-27', ['done', 'done', 'current']],
  ])('on %s the timeline reads %j', (today, states) => {
    expect(phases.map((p) => phaseState(p, today))).toEqual(states);
  });
});

const row = (status: '已整改' | '整改中' | '未启动', deadline: string) => ({
  problem: `p-${deadline}`,
  source: '自查' as const,
  aspect: 'homework',
  measure: 'm',
  responsible: 'r',
  deadline,
  status,
});

describe('ledger', () => {
  it('counts rows per status', () => {
    expect(countLedger([row('已整改', '2024-01-01'), row('整改中', '2024-01-02'), row('整改中', '2024-01-03')])).toEqual({
      已整改: 1,
      整改中: 2,
      未启动: 0,
      total: 3,
    });
    expect(countLedger([])).toEqual({ 已整改: 0, 整改中: 0, 未启动: 0, total: 0 });
  });

  it('lists open rows first, each group by deadline, with the notice they came from', () => {
    const notice = {
      kind: 'rectification',
      title: 'T',
      publishedOn: '2024-07-01',
      phase: 'p',
      summary: 's',
      aspects: [],
      sample: true,
      school: 's',
      ledger: [row('已整改', '2024-01-01'), row('未启动', '2024-03-01'), row('整改中', '2024-02-01')],
    } satisfies Notice;
    const items = ledgerItems([{ id: 'n1', data: notice }]);
    expect(items.map((i) => [i.status, i.deadline, i.noticeId])).toEqual([
      ['整改中', '2024-02-01', 'n1'],
      ['未启动', '2024-03-01', 'n1'],
      ['已整改', '2024-01-01', 'n1'],
    ]);
  });
});

describe('notices', () => {
  const base = { phase: 'p', summary: 's', aspects: [], sample: false };
  const a = { id: 'a', data: { ...base, kind: 'announcement', title: '乙', publishedOn: '2024-05-01', bureau: 'b' } as Notice };
  const b = { id: 'b', data: { ...base, kind: 'announcement', title: '甲', publishedOn: '2024-05-01', bureau: 'b' } as Notice };
  const c = {
    id: 'c',
    data: {
      ...base,
      kind: 'bulletin',
      title: '丙',
      publishedOn: '2024-06-01',
      bureau: 'b',
      findings: [
        { school: 's1', aspect: 'x', finding: 'f', sanction: '通报批评' },
        { school: 's2', aspect: 'x', finding: 'f', sanction: '约谈' },
      ],
    } as Notice,
  };
  it('sorts newest first, ties by id', () => {
    expect(newestFirst([b, a, c]).map((n) => n.id)).toEqual(['c', 'a', 'b']);
  });
  it('finds the schools a bulletin names', () => {
    expect(schoolsOf(c.data)).toEqual(['s1', 's2']);
  });
});

describe('dates', () => {
  it.each([
    ['2024-05-10', '2024年5月10日'],
    ['2025-12-01', '2025年12月1日'],
  ])('%s reads %s', (iso, text) => expect(formatDate(iso)).toBe(text));

  it('takes today in China, eight hours ahead of UTC', () => {
    expect(chinaToday(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27');
    expect(chinaToday(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
  });
});

describe('ledger follow-ups', () => {
  const notice = (id: string, publishedOn: string, rows: Array<ReturnType<typeof row> & { item?: string }>) => ({
    id,
    data: { kind: 'rectification', title: id, publishedOn, phase: 'p', summary: 's', aspects: [], sample: true, school: 's', ledger: rows } satisfies Notice,
  });
  it('shows an item only with its latest status when a later notice reports on it', () => {
    const first = notice('july', '2024-07-10', [{ ...row('整改中', '2024-09-15'), item: 'problem-1' }, row('已整改', '2024-06-30')]);
    const followUp = notice('november', '2024-11-08', [{ ...row('已整改', '2024-09-15'), item: 'problem-1' }]);
    const items = ledgerItems([followUp, first]);
    expect(items.map((i) => [i.item, i.status, i.noticeId])).toEqual([
      [undefined, '已整改', 'july'],
      ['problem-1', '已整改', 'november'],
    ]);
    expect(countLedger(items)).toEqual({ 已整改: 2, 整改中: 0, 未启动: 0, total: 2 });
  });
});
