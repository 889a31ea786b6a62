// What the statistics pages, charts and files show for each figure: the
// published (already suppressed) figure of the snapshot, as words, and as a
// number only when it may be drawn.
import { formatDate } from '../../domain/dates';
import { figureOf, type StatsSnapshot } from '../../domain/statistics';
import { figureText, type Shown } from '../../domain/suppression';

/** One figure as the views need it. */
export interface Figure {
  /** What to print: a number, "少于 5" or "不公布". */
  text: string;
  /** The value, only when it is published as a number (a bar may be drawn). */
  value?: number;
}

export function figure(snapshot: StatsSnapshot, id: string): Figure {
  const shown: Shown = figureOf(snapshot, id);
  return { text: figureText(shown, snapshot.rules), ...(shown.kind === 'count' ? { value: shown.value } : {}) };
}

export const shareText = (snapshot: StatsSnapshot, id: string) => figureText(snapshot.shares[id] ?? { kind: 'withheld' }, snapshot.rules);
export const medianText = (snapshot: StatsSnapshot, id: string) => {
  const median = snapshot.medians[id] ?? { kind: 'withheld' as const };
  return median.kind === 'median' ? `${median.value} 天` : figureText(median, snapshot.rules);
};

/** 2026年9月9日 10:00（北京时间）. */
export function computedAtText(iso: string): string {
  const china = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${formatDate(china)} ${china.slice(11, 16)}（北京时间）`;
}

/** 2026-09 → 2026年9月. */
export const monthText = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** The measures of the handling table, with the words the pages use. */
export const MEASURE_LABELS = {
  received: '收到举报',
  acceptedOnTime: '按期作出受理决定',
  answeredOnTime: '按期答复',
  overdue: '目前超期未办',
  rejected: '不予受理',
  transferred: '转办其他教育局',
  disputed: '家长对答复有异议',
  sameProblem: '同题反映（我也遇到了）',
} as const;
