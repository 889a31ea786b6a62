// The findings of answered complaints as an open-data table: one row per
// scope (the city, each bureau, each school) and per problem type, with the
// same suppression as the pages (the snapshot holds nothing else).
import type { Registry } from '../../catalogue/registry';
import { directoryFrom } from '../../catalogue/registry';
import { COUNTED_FINDINGS, countedFindingLabel, findingCell } from '../../domain/findingStats';
import { CITY, figureOf, schoolScope, statsTaxonomy, type StatsSnapshot } from '../../domain/statistics';
import { figureText } from '../../domain/suppression';
import type { Cell, Column, Dataset } from './openData';

const COLUMN: Record<(typeof COUNTED_FINDINGS)[number], string> = {
  substantiated: 'substantiated',
  partly: 'partly_substantiated',
  unfounded: 'unfounded',
  unverifiable: 'unverifiable',
  none: 'not_stated',
};

export function findingsDataset(snapshot: StatsSnapshot, registry: Registry): Dataset {
  const rules = snapshot.rules;
  const { aspects } = statsTaxonomy(directoryFrom(registry));
  const aspectName = (id: string) => registry.aspects.find((a) => a.id === id)?.name ?? '不确定属于哪一类';
  /** A count as two cells: the number when published, else empty with the reason. */
  const pair = (name: string, id: string): Record<string, Cell> => {
    const shown = figureOf(snapshot, id);
    return shown.kind === 'count' ? { [name]: shown.value, [`${name}_suppressed`]: '' } : { [name]: null, [`${name}_suppressed`]: figureText(shown, rules) };
  };
  const scopeRow = (kind: string, id: string, name: string, scope: string) => ({
    scope_kind: kind,
    scope_id: id,
    scope_name: name,
    ...pair('answered', findingCell.answered(scope)),
    ...Object.assign({}, ...COUNTED_FINDINGS.map((f) => pair(COLUMN[f], findingCell.finding(f, scope)))),
  });
  const aspectRow = (aspect: string) => ({
    scope_kind: 'aspect',
    scope_id: aspect,
    scope_name: aspectName(aspect),
    ...pair('answered', findingCell.answeredAspect(aspect)),
    ...Object.assign({}, ...COUNTED_FINDINGS.map((f) => pair(COLUMN[f], findingCell.findingAspect(f, aspect)))),
  });
  const countColumns = (name: string, description: string): Column[] => [
    { id: name, description },
    { id: `${name}_suppressed`, description: `${name} 不公布时的原因（“少于 N”或“不公布”）；公布时为空` },
  ];
  return {
    id: 'findings',
    title: '答复的查实情况（最近 12 个月）',
    description:
      '最近 12 个月收到、已答复的举报，按教育局答复中的查实情况（复核后以最新的答复为准）。教育局和学校的行按被举报学校统计（教育局的行是其所属学校的合计），aspect 的行是全市按具体问题的合计。',
    columns: [
      { id: 'scope_kind', description: '行的范围：city（全市）、bureau（教育局）、school（学校）或 aspect（全市的一个具体问题）' },
      { id: 'scope_id', description: '教育局、学校或具体问题的编号（全市为 city）' },
      { id: 'scope_name', description: '名称' },
      ...countColumns('answered', '已答复的举报件数'),
      ...COUNTED_FINDINGS.flatMap((f) =>
        countColumns(COLUMN[f], f === 'none' ? '答复未注明查实情况的件数（要求注明之前作出的答复）' : `查实情况为“${countedFindingLabel[f]}”的件数`),
      ),
    ],
    rows: [
      scopeRow('city', CITY, '全市合计', CITY),
      ...registry.bureaus.map((b) => scopeRow('bureau', b.id, b.name, b.id)),
      ...registry.schools.map((s) => scopeRow('school', s.id, s.name, schoolScope(s.id))),
      ...aspects.map(aspectRow),
    ],
  };
}
