/**
 * The indicators of the county scorecard (市对县区政府教育履职考核): each is a
 * share of duties met by one county bureau in one period. Which count and how
 * much is content (content/site.yaml `assessment`); this file only names them.
 */
export const INDICATORS = [
  'acceptedOnTime',
  'answeredOnTime',
  'noRecurrence',
  'disclosureOnTime',
  'ledgerRowsOnTime',
  'itemsClosedOnTime',
  'bulletinsPublished',
  'ratings',
] as const;
export type Indicator = (typeof INDICATORS)[number];

/**
 * Indicators counted from complaints: small groups follow the suppression
 * rule, and a county with too few of them gets no score. The others count
 * what institutions published (a school's disclosure, a bureau's bulletin),
 * which is public by duty.
 */
export const FROM_COMPLAINTS: ReadonlySet<Indicator> = new Set(['acceptedOnTime', 'answeredOnTime', 'noRecurrence', 'itemsClosedOnTime', 'ratings']);

/** Duties met of duties due, for one county and one period. */
export interface Tally {
  met: number;
  due: number;
}

/** What a county's indicators are built from; null where the source has no data for the period. */
export type IndicatorInputs = Record<Indicator, Tally | null>;

/** The settings (content/site.yaml `assessment`), as the domain reads them. */
export interface AssessmentRules {
  weights: Record<Indicator, number>;
  bulletinsPerMonth: number;
}

/** Names and what "met" means, in the words the page and the method use. */
export const INDICATOR_TEXT: Record<Indicator, { name: string; measure: string }> = {
  acceptedOnTime: { name: '按时受理', measure: '本期收到的举报中，在规定期限内作出受理或不予受理决定的比例' },
  answeredOnTime: { name: '按时答复', measure: '本期应答复的举报中，在规定期限内答复的比例' },
  noRecurrence: { name: '未重复举报', measure: '本期举报中，不属于同一问题再次举报（重信重访）的比例' },
  disclosureOnTime: { name: '学校按期公示', measure: '本期应公示的学校自查报告和整改台账中，按期公示的比例' },
  ledgerRowsOnTime: { name: '台账未逾期', measure: '期末整改台账各行中，未超过整改时限或已整改的比例' },
  itemsClosedOnTime: { name: '整改事项按期完成', measure: '本期到期的举报整改事项中，按期整改完成的比例' },
  bulletinsPublished: { name: '督查通报发布', measure: '本期应发布的督查通报中，已发布的比例' },
  ratings: { name: '家长满意', measure: '本期家长评价中，“满意”和“基本满意”的比例' },
};
