// The county scorecard as tables: indicator inputs for each county, the
// weights from the settings, and the score worked out by hand beside it.
import { describe, expect, it } from 'vitest';
import { scoreCounty, scorecard } from '../../src/domain/assessment/scorecard';
import { methodOf } from '../../src/domain/assessment/method';
import type { AssessmentRules, IndicatorInputs } from '../../src/domain/assessment/indicators';
import { readContent } from '../support/content';

const suppression = { minCount: 5, minGroup: 5 };
const fromSettings: AssessmentRules = readContent().settings.assessment;

const t = (met: number, due: number) => ({ met, due });
const none: IndicatorInputs = {
  acceptedOnTime: null,
  answeredOnTime: null,
  noRecurrence: null,
  disclosureOnTime: null,
  ledgerRowsOnTime: null,
  itemsClosedOnTime: null,
  bulletinsPublished: null,
  ratings: null,
};
const qiaocheng: IndicatorInputs = {
  ...none,
  acceptedOnTime: t(8, 10), // 80
  answeredOnTime: t(6, 8), // 75
  noRecurrence: t(9, 10), // 90
  disclosureOnTime: t(18, 20), // 90
  ledgerRowsOnTime: t(3, 4), // 75
  itemsClosedOnTime: t(5, 5), // 100
  bulletinsPublished: t(1, 1), // 100
  ratings: t(2, 6), // 33.3, weight 0
};

describe('the county scorecard', () => {
  it('reads the weights written in content/site.yaml', () => {
    expect(fromSettings).toEqual({
      weights: {
        acceptedOnTime: 20,
        answeredOnTime: 20,
        noRecurrence: 10,
        disclosureOnTime: 20,
        ledgerRowsOnTime: 10,
        itemsClosedOnTime: 10,
        bulletinsPublished: 10,
        ratings: 0,
      },
      bulletinsPerMonth: 1,
    });
  });

  it.each([
    // (20·80 + 20·75 + 10·90 + 20·90 + 10·75 + 10·100 + 10·100) / 100 = 8550 / 100
    ['the settings’ weights', fromSettings.weights, 85.5],
    // ratings weighted 10 as well: (8550 + 10·33.33…) / 110 = 8883.33 / 110 = 80.757…
    ['ratings weighted 10', { ...fromSettings.weights, ratings: 10 }, 80.8],
    // only the two handling indicators, equal: (80 + 75) / 2
    [
      'handling only',
      { ...fromSettings.weights, noRecurrence: 0, disclosureOnTime: 0, ledgerRowsOnTime: 0, itemsClosedOnTime: 0, bulletinsPublished: 0 },
      77.5,
    ],
    // accepted 60, answered 20: (60·80 + 20·75) / 80 = 6300 / 80
    [
      'accepted weighted 60',
      { ...fromSettings.weights, acceptedOnTime: 60, noRecurrence: 0, disclosureOnTime: 0, ledgerRowsOnTime: 0, itemsClosedOnTime: 0, bulletinsPublished: 0 },
      78.8,
    ],
  ])('scores with %s', (_, weights, expected) => {
    expect(scoreCounty('qiaocheng', qiaocheng, { ...fromSettings, weights }, suppression).score).toEqual({ kind: 'score', value: expected });
  });

  it('shows every component, whole percent, ratings reported though not scored', () => {
    const card = scoreCounty('qiaocheng', qiaocheng, fromSettings, suppression);
    expect(Object.values(card.components).map((c) => (c.kind === 'scored' ? c.percent : c.kind))).toEqual([80, 75, 90, 90, 75, 100, 100, 33]);
  });

  it('leaves out an indicator with no data and averages the rest: disclosure not yet available', () => {
    // (20·80 + 20·75 + 10·90 + 10·75 + 10·100 + 10·100) / 80 = 6750 / 80 = 84.375
    expect(scoreCounty('qiaocheng', { ...qiaocheng, disclosureOnTime: null }, fromSettings, suppression).score).toEqual({ kind: 'score', value: 84.4 });
  });

  it('gives a county with fewer than five complaints behind a weighted indicator no score, and hides that share', () => {
    const card = scoreCounty('lixin', { ...qiaocheng, acceptedOnTime: t(2, 2), answeredOnTime: t(1, 2), noRecurrence: t(2, 2) }, fromSettings, suppression);
    expect(card.score).toEqual({ kind: 'unscored', reason: 'few' });
    expect([card.components.acceptedOnTime, card.components.answeredOnTime, card.components.noRecurrence]).toEqual([
      { kind: 'few' },
      { kind: 'few' },
      { kind: 'few' },
    ]);
  });

  it('does not let a small unweighted indicator stop the score', () => {
    const card = scoreCounty('qiaocheng', { ...qiaocheng, ratings: t(1, 2) }, fromSettings, suppression);
    expect(card.components.ratings).toEqual({ kind: 'few' });
    expect(card.score).toEqual({ kind: 'score', value: 85.5 });
  });

  it('ranks only scored counties, best first', () => {
    const card = scorecard(
      '2026-11',
      '2026-12-01T00:00:00.000Z',
      [
        { bureau: 'lixin', inputs: { ...qiaocheng, acceptedOnTime: t(1, 3) } },
        { bureau: 'qiaocheng', inputs: qiaocheng },
        { bureau: 'guoyang', inputs: { ...qiaocheng, bulletinsPublished: t(0, 1) } }, // (8550 − 1000) / 100
      ],
      fromSettings,
      suppression,
    );
    expect(card.cards.map((c) => [c.bureau, c.score.kind === 'score' ? c.score.value : '数据太少，不评分'])).toEqual([
      ['lixin', '数据太少，不评分'],
      ['qiaocheng', 85.5],
      ['guoyang', 75.5],
    ]);
    expect(card.rules).toEqual(fromSettings);
    expect(card.ranking).toEqual(['qiaocheng', 'guoyang']);
  });

  it('writes the method out from the weights, so that a changed weight changes the text', () => {
    const method = methodOf(fromSettings, suppression);
    expect(method.lines.map((l) => `${l.name}：${l.weightText}`)).toEqual([
      '按时受理：权重 20（占 20%）',
      '按时答复：权重 20（占 20%）',
      '未重复举报：权重 10（占 10%）',
      '学校按期公示：权重 20（占 20%）',
      '台账未逾期：权重 10（占 10%）',
      '整改事项按期完成：权重 10（占 10%）',
      '督查通报发布：权重 10（占 10%）',
      '家长满意：只公布，不计分',
    ]);
    const changed = methodOf({ ...fromSettings, weights: { ...fromSettings.weights, ratings: 25 } }, suppression);
    expect(changed.lines.at(-1)!.weightText).toBe('权重 25（占 20%）');
    expect(changed.lines[0]!.weightText).toBe('权重 20（占 16%）');
    expect(changed.rules[3]).toBe(
      '“按时受理”、“按时答复”、“未重复举报”、“整改事项按期完成”、“家长满意”来自举报。任何一项本期不足 5 件的县区，数据太少，不评分，也不公布该项比例，以免推断出具体举报人。',
    );
  });
});
