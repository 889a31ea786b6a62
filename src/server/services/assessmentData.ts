import type { Registry } from '../../catalogue/registry';
import { INDICATORS, INDICATOR_TEXT, type Indicator } from '../../domain/assessment/indicators';
import type { PeriodRecord } from '../../domain/assessment/frozenPeriod';
import { methodOf } from '../../domain/assessment/method';
import type { Component, CountyScore } from '../../domain/assessment/scorecard';
import type { Cell, Column, Dataset } from './openData';

/** What the page, the CSV and the JSON say where there is no figure. */
export const componentNote = (c: Component) => (c.kind === 'few' ? '数据太少' : c.kind === 'none' ? '本期无数据' : '');
export const scoreNote = (s: CountyScore) => (s.kind === 'score' ? '' : s.reason === 'few' ? '数据太少，不评分' : '本期无数据，不评分');
/** Column ids: acceptedOnTime → accepted_on_time. */
const snake = (id: Indicator) => id.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One row per county bureau: the score and every component (a share in whole percent and the duties due), or why not. */
export function scorecardDataset(record: PeriodRecord, registry: Registry): Dataset {
  const columns: Column[] = [
    { id: 'period', description: '考核期（北京时间，YYYY-MM）' },
    { id: 'bureau_id', description: '县区教育局编号' },
    { id: 'bureau_name', description: '县区教育局名称' },
    { id: 'score', description: '考核得分（0–100，一位小数）；不评分时为空，原因见 score_note' },
    { id: 'score_note', description: '不评分的原因：“数据太少，不评分”或“本期无数据，不评分”；评分时为空' },
    ...INDICATORS.flatMap((i) => [
      { id: `${snake(i)}_percent`, description: `${INDICATOR_TEXT[i].name}：${INDICATOR_TEXT[i].measure}（整数百分比）；没有时为空` },
      { id: `${snake(i)}_due`, description: `${INDICATOR_TEXT[i].name}：计算比例的应办件数；没有时为空` },
      { id: `${snake(i)}_note`, description: `${INDICATOR_TEXT[i].name}：没有比例的原因（“数据太少”或“本期无数据”）` },
    ]),
  ];
  const name = (id: string) => registry.bureaus.find((b) => b.id === id)?.name ?? id;
  const rows = record.scorecard.cards.map((card) => {
    const row: Record<string, Cell> = {
      period: record.period,
      bureau_id: card.bureau,
      bureau_name: name(card.bureau),
      score: card.score.kind === 'score' ? card.score.value : null,
      score_note: scoreNote(card.score),
    };
    for (const i of INDICATORS) {
      const c = card.components[i];
      row[`${snake(i)}_percent`] = c.kind === 'scored' ? c.percent : null;
      row[`${snake(i)}_due`] = c.kind === 'scored' ? c.due : null;
      row[`${snake(i)}_note`] = componentNote(c);
    }
    return row;
  });
  return {
    id: `assessment-${record.period}`,
    title: `县区教育局履职考核（${record.period}）`,
    description: '各县区教育局本期履行专项治理职责的考核得分和各项指标；按县区统计，从不按学校或考试成绩排名。',
    columns,
    rows,
  };
}

/** The JSON file: the dataset with its method as the settings state it. */
export function scorecardJson(record: PeriodRecord, registry: Registry) {
  const { rules, suppression } = record.scorecard;
  const dataset = scorecardDataset(record, registry);
  return {
    dataset: dataset.id,
    title: dataset.title,
    description: dataset.description,
    period: record.period,
    computedAt: record.computedAt,
    weights: rules.weights,
    method: methodOf(rules, suppression),
    ranking: record.scorecard.ranking,
    licence: registry.settings.statistics.licence,
    columns: dataset.columns,
    rows: dataset.rows,
  };
}
