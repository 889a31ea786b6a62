// The pure rules of rectification items (src/domain/rectification.ts), as tables.
import { describe, expect, it } from 'vitest';
import {
  checkItemInput,
  forSchool,
  isItemId,
  itemsClosedTally,
  itemState,
  quotesParent,
  raiseRefusal,
  type ItemRow,
  type ItemState,
} from '../../src/domain/rectification';
import { doneOn } from '../../src/domain/notices/progress';
import type { NoticeRecord } from '../../src/domain/notices/model';
import { sampleDirectory } from '../support/directory';

const directory = sampleDirectory();

const WORDS = '国庆节放假期间，学校通知六年级全体学生回校集体补课，每人收费三百元。';
const row = (status: ItemRow['status'], deadline: string): ItemRow => ({ notice: 'rectification-20261201-abcd1234', status, deadline });

describe('an item’s state on the bureau’s list', () => {
  it.each<[string, ItemRow | undefined, ItemState]>([
    ['no row published', undefined, 'unpublished'],
    ['published, before its deadline', row('整改中', '2026-12-31'), 'published'],
    ['published, on its deadline day', row('未启动', '2026-12-07'), 'published'],
    ['past its deadline and not done', row('整改中', '2026-12-06'), 'overdue'],
    ['past its deadline, not started', row('未启动', '2026-11-30'), 'overdue'],
    ['past its deadline but done', row('已整改', '2026-11-30'), 'published'],
  ])('%s', (_, shown, expected) => {
    expect(itemState(shown, '2026-12-07')).toBe(expected);
  });
});

describe('the bureau’s own words', () => {
  it.each<[string, boolean]>([
    ['学校在国庆假期组织六年级集体补课并收费。', false],
    ['学校通知六年级全体学生回校集体补课', true],
    ['每人收费 三百元！（学校', false],
    ['学校通知，六年级全体学生', true],
    ['', false],
  ])('%s quotes the parent: %s', (problem, expected) => {
    expect(quotesParent(problem, WORDS)).toBe(expected);
  });

  it('checks the aspect, the sentence and its length, in Chinese', () => {
    expect(checkItemInput({ aspect: 'holiday-classes', problem: ' 学校在国庆假期组织六年级集体补课并收费。 ' }, directory, WORDS)).toEqual({
      ok: true,
      aspect: 'holiday-classes',
      problem: '学校在国庆假期组织六年级集体补课并收费。',
    });
    expect(checkItemInput({ aspect: 'unsure', problem: '' }, directory, WORDS)).toEqual({
      ok: false,
      errors: { aspect: '请从列表中选择问题所属的方面', problem: '请用一句话写明存在的问题' },
    });
    expect(checkItemInput({ aspect: 'homework', problem: '题'.repeat(201) }, directory, WORDS)).toEqual({
      ok: false,
      errors: { problem: '存在问题最多 200 个字' },
    });
  });
});

describe('who may write an item', () => {
  it.each([
    ['substantiated', 'qiaocheng', undefined],
    ['partly', 'qiaocheng', undefined],
    ['unfounded', 'qiaocheng', '只有查实情况为“属实”或“部分属实”的举报才生成整改事项'],
    ['unverifiable', 'qiaocheng', '只有查实情况为“属实”或“部分属实”的举报才生成整改事项'],
    [undefined, 'qiaocheng', '只有查实情况为“属实”或“部分属实”的举报才生成整改事项'],
    ['substantiated', 'guoyang', '只有办理这件举报的教育局可以生成整改事项'],
  ] as const)('finding %s, bureau %s', (finding, bureau, expected) => {
    expect(raiseRefusal({ bureau: 'qiaocheng', ...(finding ? { finding } : {}) }, bureau)).toBe(expected);
  });
});

describe('what the school reads of an item', () => {
  it('is its id, aspect and the bureau’s sentence only', () => {
    const item = {
      id: 'zg-abcd1234',
      school: 'qc-xinghe-primary',
      bureau: 'qiaocheng',
      aspect: 'homework',
      problem: '三年级书面作业时长超标。',
      createdAt: '2026-12-01T02:00:00.000Z',
      createdBy: 'jubao@qiaocheng.bozhou.example',
      complaints: ['JB-20261127-AAAA0001', 'JB-20261128-AAAA0002'],
    };
    expect(forSchool(item)).toEqual({ id: 'zg-abcd1234', aspect: 'homework', problem: '三年级书面作业时长超标。' });
    expect([isItemId('zg-abcd1234'), isItemId('row-1'), isItemId('zg-ABCD1234'), isItemId(undefined)]).toEqual([true, false, false, false]);
  });
});

describe('整改事项按期完成, the county scorecard’s share of items closed on time', () => {
  const done = (deadline: string, doneOn: string): ItemRow => ({ ...row('已整改', deadline), doneOn });
  it.each<[string, ItemRow[], { met: number; due: number } | null]>([
    ['no item falls due in November', [row('整改中', '2026-12-15')], null],
    ['done before its deadline', [done('2026-11-20', '2026-11-18')], { met: 1, due: 1 }],
    ['done on its deadline day', [done('2026-11-20', '2026-11-20')], { met: 1, due: 1 }],
    ['done after its deadline', [done('2026-11-20', '2026-11-25')], { met: 0, due: 1 }],
    ['still open past its deadline', [row('整改中', '2026-11-20')], { met: 0, due: 1 }],
    [
      'three due (one on time, one late, one open), one due in December',
      [done('2026-11-01', '2026-10-30'), done('2026-11-30', '2026-12-02'), row('未启动', '2026-11-15'), row('整改中', '2026-12-01')],
      { met: 1, due: 3 },
    ],
  ])('%s', (_, rows, expected) => {
    expect(itemsClosedTally(rows, '2026-11-01', '2026-11-30')).toEqual(expected);
  });
});

describe('the day a row reached 已整改', () => {
  const record = (over: Partial<NoticeRecord>): NoticeRecord => ({
    id: 'rectification-20261101-abcd1234',
    kind: 'rectification',
    owner: { kind: 'school', school: 'qc-xinghe-primary' },
    bureau: 'qiaocheng',
    state: 'published',
    revision: 3,
    createdAt: '2026-11-01T01:00:00.000Z',
    versions: [
      {
        number: 1,
        content: {
          title: '整改公示',
          summary: '摘要',
          phase: 'inspection',
          aspects: ['holiday-classes'],
          body: '',
          ledger: [
            {
              item: 'zg-abcd1234',
              problem: '国庆期间组织补课',
              source: '举报',
              aspect: 'holiday-classes',
              measure: '停止补课',
              responsible: '教务处',
              deadline: '2026-11-20',
              status: '整改中',
            },
          ],
        },
        blocks: [],
        // 23:30 on 4 November UTC is 5 November in China.
        publishedAt: '2026-11-04T23:30:00.000Z',
        approvedBy: '谯城区教育局',
      },
    ],
    progress: {},
    ...over,
  });
  it('is the day its 已整改 progress states, not the day it was recorded', () => {
    const r = record({
      progress: { 'zg-abcd1234': [{ at: '2026-11-19T02:00:00.000Z', on: '2026-11-18', status: '已整改', by: 'bangongshi@xinghe.example' }] },
    });
    expect(doneOn(r, 'zg-abcd1234')).toBe('2026-11-18');
  });
  it('is the China day of the first version that listed it as 已整改', () => {
    const first = record({}).versions[0]!;
    const v2 = { ...first, number: 2, content: { ...first.content, ledger: [{ ...first.content.ledger![0]!, status: '已整改' as const }] } };
    expect(doneOn(record({ versions: [{ ...first, content: { ...first.content, ledger: v2.content.ledger } }] }), 'zg-abcd1234')).toBe('2026-11-05');
  });
  it('is absent while the row is not 已整改, also after a 已整改 that was taken back', () => {
    expect(doneOn(record({}), 'zg-abcd1234')).toBeUndefined();
    const back = record({
      progress: {
        'zg-abcd1234': [
          { at: '2026-11-19T02:00:00.000Z', on: '2026-11-18', status: '已整改', by: 'a' },
          { at: '2026-11-22T02:00:00.000Z', on: '2026-11-22', status: '整改中', by: 'a' },
        ],
      },
    });
    expect(doneOn(back, 'zg-abcd1234')).toBeUndefined();
  });
});
