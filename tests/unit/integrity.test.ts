import { describe, expect, it } from 'vitest';
import { checkIntegrity, describeProblems, type ContentSet } from '../../src/catalogue/integrity';
import { readContent } from '../support/content';

const content = readContent();
const rectification = content.notices.find((n) => n.data.kind === 'rectification')!;

/** A copy of the sample content with one notice replaced. */
function withNotice(data: object): ContentSet {
  return { ...content, notices: [{ id: 'broken-notice', data: { ...rectification.data, ...data } as ContentSet['notices'][number]['data'] }] };
}

describe('checkIntegrity', () => {
  it('finds nothing wrong in the sample content', () => {
    expect(checkIntegrity(content)).toEqual([]);
  });

  it.each([
    ['an unknown school', { school: 'no-such-school' }, 'school', '找不到编号 “no-such-school”：应为 content/schools.yaml 中已有的编号'],
    ['an unknown phase', { phase: 'harvest' }, 'phase', '找不到编号 “harvest”：应为 content/site.yaml 中已有的编号'],
    ['an unknown aspect', { aspects: ['homework', 'nap-time'] }, 'aspects.1', '找不到编号 “nap-time”：应为 content/aspects.yaml 中已有的编号'],
    [
      'an unknown ledger aspect',
      { ledger: [{ ...(rectification.data as { ledger: object[] }).ledger[0], aspect: 'nap-time' }] },
      'ledger.0.aspect',
      '找不到编号 “nap-time”：应为 content/aspects.yaml 中已有的编号',
    ],
  ])('reports %s with file and field', (_name, change, field, message) => {
    expect(checkIntegrity(withNotice(change))).toEqual([{ file: 'content/notices/broken-notice.md', field, message }]);
  });

  it('reports a school whose bureau does not exist', () => {
    const schools = [{ ...content.schools[0]!, bureau: 'atlantis' }];
    expect(checkIntegrity({ ...content, schools })).toContainEqual({
      file: 'content/schools.yaml',
      field: '0.bureau',
      message: '找不到编号 “atlantis”：应为 content/bureaus.yaml 中已有的编号',
    });
  });

  it('requires a city bureau', () => {
    const bureaus = content.bureaus.map((b) => ({ ...b, level: 'county' as const }));
    expect(checkIntegrity({ ...content, bureaus }).map((p) => p.field)).toContain('level');
  });

  it('formats problems for the build log', () => {
    expect(describeProblems([{ file: 'content/notices/x.md', field: 'school', message: 'm' }])).toBe(
      '内容有 1 处引用错误，请修改后重新构建：\n  content/notices/x.md → school: m',
    );
  });
});
