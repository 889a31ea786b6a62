import type { SuppressionRules } from '../suppression';
import { FROM_COMPLAINTS, INDICATORS, INDICATOR_TEXT, type AssessmentRules } from './indicators';

/** One indicator as the method states it. */
export interface MethodLine {
  name: string;
  measure: string;
  weight: number;
  /** "权重 20（占 20%）" or "只公布，不计分". */
  weightText: string;
}

/**
 * The method in plain words, generated from the settings: the page and the
 * JSON print exactly this, so a changed weight changes the text with the score.
 */
export function methodOf(rules: AssessmentRules, suppression: SuppressionRules): { lines: MethodLine[]; rules: string[] } {
  const total = INDICATORS.reduce((sum, i) => sum + rules.weights[i], 0);
  const lines = INDICATORS.map((indicator) => {
    const weight = rules.weights[indicator];
    const share = total > 0 ? Math.round((weight / total) * 1000) / 10 : 0;
    return {
      name: INDICATOR_TEXT[indicator].name,
      measure: INDICATOR_TEXT[indicator].measure,
      weight,
      weightText: weight > 0 ? `权重 ${weight}（占 ${share}%）` : '只公布，不计分',
    };
  });
  const fromComplaints = INDICATORS.filter((i) => FROM_COMPLAINTS.has(i) && rules.weights[i] > 0).map((i) => `“${INDICATOR_TEXT[i].name}”`);
  return {
    lines,
    rules: [
      '每项指标是本期按时履职的比例，从 0 到 100。',
      `县区得分是各项指标按权重的加权平均：每项指标乘以它的权重，相加后除以参与计分的权重之和，保留一位小数。`,
      '某项指标本期没有数据（例如本期没有应公示的材料或应发布的通报），不参与计分，其余指标按权重重新平均。',
      fromComplaints.length > 0
        ? `${fromComplaints.join('、')}来自举报。任何一项本期不足 ${suppression.minGroup} 件的县区，数据太少，不评分，也不公布该项比例，以免推断出具体举报人。`
        : `来自举报的指标本期不足 ${suppression.minGroup} 件时，不公布该项比例。`,
      `督查通报按每个教育局每月应发布 ${rules.bulletinsPerMonth} 期计算。`,
      '考核只比较县区教育局履行职责的情况，从不按考试成绩或学生表现给学校排名。',
      '每期结束后计算一次并冻结，之后不再改变。',
    ],
  };
}
