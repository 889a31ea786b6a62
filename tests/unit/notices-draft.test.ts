// What a form sends for a notice and what the checker says, in Chinese,
// keyed by field; and the stable ids of ledger rows.
import { describe, expect, it } from 'vitest';
import { checkDraft, rowIds } from '../../src/domain/notices/draft';
import type { NoticeKind } from '../../src/catalogue/schemas/notices';
import { bulletinInput, noticeDirectory, rectificationInput, row, selfInspectionInput } from '../support/notices';

const errors = (kind: NoticeKind, input: unknown) => {
  const checked = checkDraft(kind, input, noticeDirectory);
  return checked.ok ? {} : checked.errors;
};

describe('checkDraft', () => {
  it.each<[string, NoticeKind, unknown, Record<string, string>]>([
    ['a complete rectification notice', 'rectification', rectificationInput(), {}],
    ['a complete self-inspection', 'self-inspection', selfInspectionInput(), {}],
    ['a complete bulletin', 'bulletin', bulletinInput(), {}],
    [
      'no title, summary of blanks',
      'self-inspection',
      selfInspectionInput({ title: undefined, summary: ' \u200b ' }),
      { title: '缺少标题', summary: '摘要不能为空' },
    ],
    ['a title too long', 'self-inspection', selfInspectionInput({ title: '长'.repeat(101) }), { title: '标题最多 100 个字' }],
    ['a ledger with no rows', 'rectification', rectificationInput({ ledger: [] }), { ledger: '整改公示至少要有一行整改台账' }],
    ['a ledger on a self-inspection', 'self-inspection', selfInspectionInput({ ledger: [row('问题')] }), { ledger: '只有整改公示有整改台账' }],
    ['a self-score on a bulletin', 'bulletin', bulletinInput({ selfScore: 90 }), { selfScore: '只有自查报告有自评分' }],
    ['a self-score over 100', 'self-inspection', selfInspectionInput({ selfScore: 120 }), { selfScore: '自评分应为 0 到 100 之间的数' }],
    ['an exposure with no finding', 'exposure', bulletinInput({ findings: [] }), { findings: '曝光至少要写明一条查实问题' }],
    [
      'a row with a bad source, status and date',
      'rectification',
      rectificationInput({ ledger: [row('问题', { source: '群众', status: '完成', deadline: '2026-02-30' })] }),
      {
        'ledger.0.source': '问题来源应为 自查、督查、举报 之一',
        'ledger.0.status': '整改进展应为 已整改、整改中、未启动 之一',
        'ledger.0.deadline': '“2026-02-30”不是有效日期：格式应为 YYYY-MM-DD，例如 2024-05-10',
      },
    ],
    [
      'a row of an unknown aspect',
      'rectification',
      rectificationInput({ ledger: [row('问题', { aspect: 'no-such-aspect' })] }),
      { 'ledger.0.aspect': '请从列表中选择方面' },
    ],
    [
      'a finding about an unknown school, with an unknown sanction',
      'bulletin',
      bulletinInput({ findings: [{ school: 'no-such-school', aspect: 'holiday-classes', finding: '补课', sanction: '罚款' }] }),
      { 'findings.0.sanction': '处理方式应为 通报批评、黄牌警告、限期整改、追责问责、约谈 之一' },
    ],
    [
      'a finding about an unknown school',
      'bulletin',
      bulletinInput({ findings: [{ school: 'no-such-school', aspect: 'holiday-classes', finding: '补课', sanction: '约谈' }] }),
      { 'findings.0.school': '请从列表中选择学校' },
    ],
    [
      'two rows with one id',
      'rectification',
      rectificationInput({ ledger: [row('甲', { item: 'row-1' }), row('乙', { item: 'row-1' })] }),
      { 'ledger.1.item': '台账中有两行的编号相同' },
    ],
  ])('%s', (_, kind, input, expected) => {
    expect(errors(kind, input)).toEqual(expected);
  });

  it('cleans what was typed: control characters gone, the body keeps its lines', () => {
    const checked = checkDraft(
      'self-inspection',
      selfInspectionInput({ title: ' 月湖\u0000中学\u202e自查 ', body: '第一段\u0007。\n\n- 一项' }),
      noticeDirectory,
    );
    expect(checked.ok && [checked.content.title, checked.content.body]).toEqual(['月湖中学自查', '第一段。\n\n- 一项']);
  });
});

describe('rowIds', () => {
  it.each<[string, { item?: string }[], string[], string[]]>([
    ['new rows of a new ledger', [{}, {}], [], ['row-1', 'row-2']],
    ['kept rows keep their ids, new ones come after every id seen', [{ item: 'row-2' }, {}], ['row-1', 'row-2', 'row-3'], ['row-2', 'row-4']],
    ['an id typed by hand is kept and counted', [{ item: 'row-7' }, {}], [], ['row-7', 'row-8']],
    ['ids of another form are kept and do not count', [{ item: 'weekend-classes' }, {}], [], ['weekend-classes', 'row-1']],
  ])('%s', (_, rows, known, expected) => {
    const result = rowIds(rows, known);
    expect('rows' in result && result.rows.map((r) => r.item)).toEqual(expected);
  });
});
