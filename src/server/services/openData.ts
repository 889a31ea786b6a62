// The open data: the snapshot's figures as tables a researcher or the city's
// open-data portal can load, with the same suppression as the pages (the
// snapshot holds nothing else). Each dataset documents its own columns: the
// data dictionary on /open-data/ is made from the same definitions.
import type { Registry } from '../../catalogue/registry';
import { directoryFrom } from '../../catalogue/registry';
import { CITY, MEASURES, cell, figureOf, medianId, schoolScope, shareId, statsTaxonomy, type StatsSnapshot } from '../../domain/statistics';
import { figureText, type Shown } from '../../domain/suppression';
import { excelCsv } from '../../domain/csv';
import { CHANNELS, channelLabel } from '../../domain/channels';
import { findingsDataset } from './openDataFindings';

export interface Column {
  id: string;
  /** What it holds, for the data dictionary. */
  description: string;
}

export type Cell = string | number | null;

export interface Dataset {
  id: string;
  title: string;
  description: string;
  columns: Column[];
  rows: Array<Record<string, Cell>>;
}

const SUPPRESSED: Column = {
  id: 'suppressed',
  description: '数字不公布时的原因：“少于 N”（1 到 N-1 件）或“不公布”（为防止用合计倒推出小数字而隐去）；公布数字时为空',
};

/** A count as two cells: the number when published, else empty with the reason. */
function count(shown: Shown, rules: StatsSnapshot['rules']): { count: number | null; suppressed: string } {
  return shown.kind === 'count' ? { count: shown.value, suppressed: '' } : { count: null, suppressed: figureText(shown, rules) };
}

/** Every dataset of the open data, from one snapshot. */
export function openDatasets(snapshot: StatsSnapshot, registry: Registry): Dataset[] {
  const { aspects, categoryOf } = statsTaxonomy(directoryFrom(registry));
  const rules = snapshot.rules;
  const aspectName = (id: string) => registry.aspects.find((a) => a.id === id)?.name ?? '不确定属于哪一类';
  const categoryName = (id: string) => registry.categories.find((c) => c.id === id)?.name ?? '不确定属于哪一类';
  const month: Column = { id: 'month', description: '收到举报的月份（北京时间，YYYY-MM）' };
  const complaints: Column = { id: 'complaints', description: '该月收到的举报件数；不公布时为空，原因见 suppressed' };
  const monthly = <T>(items: T[], row: (m: string, item: T) => Record<string, Cell>) => snapshot.months.flatMap((m) => items.map((item) => row(m, item)));

  // Every row has every column, a figure that is not published included
  // (empty, with the reason beside it): a file keeps one shape whatever the data.
  const bureauMeasure = (scope: string) => {
    const out: Record<string, Cell> = {};
    for (const m of MEASURES) {
      const { count: value, suppressed } = count(figureOf(snapshot, cell.measure(m, scope)), rules);
      out[columnName(m)] = value;
      out[`${columnName(m)}_suppressed`] = suppressed;
    }
    const share = (id: string) => {
      const s = snapshot.shares[id];
      return s?.kind === 'share' ? s.percent : null;
    };
    const median = (id: string) => {
      const s = snapshot.medians[id];
      return s?.kind === 'median' ? s.value : null;
    };
    return {
      ...out,
      accepted_on_time_percent: share(shareId('accept', scope)),
      answered_on_time_percent: share(shareId('answer', scope)),
      median_days_to_decide: median(medianId('daysToDecide', scope)),
      median_days_to_answer: median(medianId('daysToAnswer', scope)),
    };
  };

  return [
    {
      id: 'monthly-bureaus',
      title: '各教育局每月收到的举报',
      description: '按被举报学校的主管教育局，每月收到的举报件数；bureau_id 为 city 的行是全市合计。',
      columns: [month, { id: 'bureau_id', description: '教育局编号（city 为全市）' }, { id: 'bureau_name', description: '教育局名称' }, complaints, SUPPRESSED],
      rows: monthly([...registry.bureaus.map((b) => ({ id: b.id, name: b.name })), { id: CITY, name: '全市合计' }], (m, b) => ({
        month: m,
        bureau_id: b.id,
        bureau_name: b.name,
        ...renameCount(count(figureOf(snapshot, cell.month(m, b.id)), rules)),
      })),
    },
    {
      id: 'monthly-aspects',
      title: '全市各类问题每月的举报',
      description: '全市每月收到的举报，按家长选择的具体问题。',
      columns: [
        month,
        { id: 'aspect_id', description: '具体问题编号（unsure 为“不确定属于哪一类”）' },
        { id: 'aspect_name', description: '具体问题名称' },
        { id: 'category_id', description: '所属类别编号' },
        { id: 'category_name', description: '所属类别名称' },
        complaints,
        SUPPRESSED,
      ],
      rows: monthly(aspects, (m, a) => ({
        month: m,
        aspect_id: a,
        aspect_name: aspectName(a),
        category_id: categoryOf(a),
        category_name: categoryName(categoryOf(a)),
        ...renameCount(count(figureOf(snapshot, cell.monthAspect(m, a)), rules)),
      })),
    },
    {
      id: 'monthly-schools',
      title: '各学校每月被举报的件数',
      description: '每所学校每月被举报的件数。只公布件数，不公布举报内容。',
      columns: [
        month,
        { id: 'school_id', description: '学校编号' },
        { id: 'school_name', description: '学校名称' },
        { id: 'bureau_id', description: '主管教育局编号' },
        complaints,
        SUPPRESSED,
      ],
      rows: monthly(registry.schools, (m, s) => ({
        month: m,
        school_id: s.id,
        school_name: s.name,
        bureau_id: s.bureau,
        ...renameCount(count(figureOf(snapshot, cell.month(m, schoolScope(s.id))), rules)),
      })),
    },
    {
      id: 'channels',
      title: '各教育局按收到方式的举报（最近 12 个月）',
      description:
        '最近 12 个月收到的举报，按收到方式：网上举报，或由教育局代为登记的电话、来信、来访和 12345 转办；bureau_id 为 city 的行是全市合计。不按学校分。',
      columns: [
        { id: 'bureau_id', description: '教育局编号（city 为全市），按被举报学校的主管教育局' },
        { id: 'bureau_name', description: '教育局名称' },
        { id: 'channel_id', description: '收到方式编号：web 网上举报，phone 电话，letter 来信，visit 来访，hotline 12345 转办' },
        { id: 'channel_name', description: '收到方式' },
        { id: 'complaints', description: '收到的举报件数；不公布时为空，原因见 suppressed' },
        SUPPRESSED,
      ],
      rows: [...registry.bureaus.map((b) => ({ id: b.id, name: b.name })), { id: CITY, name: '全市合计' }].flatMap((b) =>
        CHANNELS.map((c) => ({
          bureau_id: b.id,
          bureau_name: b.name,
          channel_id: c,
          channel_name: channelLabel[c],
          ...renameCount(count(figureOf(snapshot, cell.channel(c, b.id)), rules)),
        })),
      ),
    },
    {
      id: 'bureaus',
      title: '各教育局的举报办理情况（最近 12 个月）',
      description: '最近 12 个月收到的举报的办理情况；bureau_id 为 city 的行是全市合计。比例和天数在该组少于规定件数时为空。',
      columns: [
        { id: 'bureau_id', description: '教育局编号（city 为全市）' },
        { id: 'bureau_name', description: '教育局名称' },
        ...MEASURES.flatMap((m) => [
          { id: columnName(m), description: MEASURE_DESCRIPTIONS[m] },
          { id: `${columnName(m)}_suppressed`, description: `${columnName(m)} 不公布时的原因（“少于 N”或“不公布”）；公布时为空` },
        ]),
        { id: 'accepted_on_time_percent', description: '按期作出受理决定的比例（%），分母为已决定或已到期的件数' },
        { id: 'answered_on_time_percent', description: '按期答复的比例（%），分母为已答复或答复已到期的件数' },
        { id: 'median_days_to_decide', description: '从收到到作出受理决定的天数中位数' },
        { id: 'median_days_to_answer', description: '从受理到第一次答复的天数中位数' },
      ],
      rows: [...registry.bureaus.map((b) => ({ id: b.id, name: b.name })), { id: CITY, name: '全市合计' }].map((b) => ({
        bureau_id: b.id,
        bureau_name: b.name,
        ...bureauMeasure(b.id),
      })),
    },
    findingsDataset(snapshot, registry),
  ];
}

/** Column names are snake_case, as the rest of the files' (the snapshot's measures are camelCase). */
const columnName = (measure: string) => measure.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const MEASURE_DESCRIPTIONS: Record<(typeof MEASURES)[number], string> = {
  received: '收到的举报件数（按被举报学校的主管教育局）',
  acceptedOnTime: '在受理期限内作出受理或不予受理决定的件数（按目前办理的教育局；转办的从转到之日起算）',
  answeredOnTime: '受理后在答复期限内（延期一次的加上延长的天数）作出答复的件数',
  overdue: '统计时已超过受理或答复期限、仍未办理的件数（包括 12 个月以前收到的）',
  rejected: '不予受理的件数',
  transferred: '该教育局转给其他教育局的次数',
  disputed: '家长对答复提出异议的件数',
  sameProblem: '同题反映：其他家长通过“我也遇到了”链接提交的举报件数（按被举报学校的主管教育局）',
};

const renameCount = ({ count: value, suppressed }: { count: number | null; suppressed: string }) => ({ complaints: value, suppressed });

/** The header of a dataset's table: its columns as the data dictionary lists them, whatever the rows hold. */
export const headerOf = (dataset: Dataset): string[] => dataset.columns.map((c) => c.id);

/** A dataset as CSV (domain/csv.ts): its header, then each row in the header's order. */
export function toCsv(dataset: Dataset): string {
  const header = headerOf(dataset);
  return excelCsv([header, ...dataset.rows.map((row) => header.map((key) => row[key] ?? null))]);
}
