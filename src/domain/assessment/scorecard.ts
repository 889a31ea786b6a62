import type { SuppressionRules } from '../suppression';
import { FROM_COMPLAINTS, INDICATORS, type AssessmentRules, type Indicator, type IndicatorInputs, type Tally } from './indicators';

/** One indicator of one county, as published. */
export type Component =
  /** A share of duties met (0–100, whole percent for reading) with the number of duties due. */
  | { kind: 'scored'; percent: number; exact: number; due: number }
  /** Counted from complaints, but fewer than `minGroup`: not shown, and the county is not scored. */
  | { kind: 'few' }
  /** No data for the period (no source yet, or nothing was due): left out of the score. */
  | { kind: 'none' };

export type CountyScore =
  | { kind: 'score'; value: number }
  /** Too few complaints behind a weighted indicator: "数据太少，不评分" rather than a misleading score. */
  | { kind: 'unscored'; reason: 'few' | 'none' };

export interface CountyCard {
  bureau: string;
  components: Record<Indicator, Component>;
  score: CountyScore;
}

function componentOf(indicator: Indicator, tally: Tally | null, rules: SuppressionRules): Component {
  if (!tally) return { kind: 'none' };
  if (FROM_COMPLAINTS.has(indicator)) {
    // A group of complaints below minGroup is not shown as a share (suppression.ts): 1 of 2 would single out a family.
    if (tally.due < rules.minGroup) return tally.due === 0 && indicator === 'ratings' ? { kind: 'none' } : { kind: 'few' };
  } else if (tally.due === 0) return { kind: 'none' };
  const exact = (tally.met / tally.due) * 100;
  return { kind: 'scored', percent: Math.round(exact), exact, due: tally.due };
}

/**
 * One county's card: every indicator, and the score as the weighted mean of
 * the indicators with data (weights from the settings; weight 0 is reported,
 * not scored), rounded to one decimal. A weighted indicator counted from
 * complaints with too few of them leaves the county unscored.
 */
export function scoreCounty(bureau: string, inputs: IndicatorInputs, rules: AssessmentRules, suppression: SuppressionRules): CountyCard {
  const components = Object.fromEntries(INDICATORS.map((i) => [i, componentOf(i, inputs[i], suppression)])) as Record<Indicator, Component>;
  const weighted = INDICATORS.filter((i) => rules.weights[i] > 0);
  if (weighted.some((i) => components[i].kind === 'few')) return { bureau, components, score: { kind: 'unscored', reason: 'few' } };
  let sum = 0;
  let weights = 0;
  for (const indicator of weighted) {
    const component = components[indicator];
    if (component.kind !== 'scored') continue;
    sum += rules.weights[indicator] * component.exact;
    weights += rules.weights[indicator];
  }
  if (weights === 0) return { bureau, components, score: { kind: 'unscored', reason: 'none' } };
  return { bureau, components, score: { kind: 'score', value: Math.round((sum / weights) * 10) / 10 } };
}

/** The scorecard of one period: every county in content order, the scored ones also ranked, best first (ties by id). */
export interface Scorecard {
  period: string;
  computedAt: string;
  cards: CountyCard[];
  ranking: string[];
  /** The settings it was computed with: the method is written from these, so a later change of weights never rewrites a closed period. */
  rules: AssessmentRules;
  suppression: SuppressionRules;
}

export function scorecard(
  period: string,
  computedAt: string,
  inputs: ReadonlyArray<{ bureau: string; inputs: IndicatorInputs }>,
  rules: AssessmentRules,
  suppression: SuppressionRules,
): Scorecard {
  const cards = inputs.map(({ bureau, inputs: of }) => scoreCounty(bureau, of, rules, suppression));
  const value = (card: CountyCard) => (card.score.kind === 'score' ? card.score.value : -1);
  const ranking = cards
    .filter((c) => c.score.kind === 'score')
    .sort((a, b) => value(b) - value(a) || a.bureau.localeCompare(b.bureau))
    .map((c) => c.bureau);
  return { period, computedAt, cards, ranking, rules, suppression };
}
