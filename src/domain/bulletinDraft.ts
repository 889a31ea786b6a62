import type { BulletinFigures } from './assessment/bulletinFigures';
import { periodName } from './assessment/periods';
import { countedFindingLabel, COUNTED_FINDINGS } from './findingStats';

/** What a bureau's draft 督查通报 is made of: the period's figures and what was published. */
export interface BulletinDraftInput {
  bureauName: string;
  period: string;
  /** The campaign phase the period falls in (content's phase id). */
  phase: string;
  figures: BulletinFigures;
  /** Schools late with a disclosure due in the period (the duties evaluation), or null when it has no data. */
  lateSchools: string[] | null;
  /** Ledger rows of its schools past their deadline at the period's end, not 已整改. */
  overdueRows: Array<{ school: string; problem: string; deadline: string }>;
  /** What the bureau's own bulletins published in the period found, with the sanction. */
  sanctions: Array<{ school: string; finding: string; sanction: string }>;
  /** Counts from 1 to minCount-1 read "少于 N", as in every published figure (suppression.ts). */
  minCount: number;
}

/** The lines of a draft the bureau must replace before publishing (notices/machine.ts refuses to publish while one remains). */
export const DRAFT_PLACEHOLDERS = [
  '（本稿由系统根据本月数据起草，请核对、补充督查情况后发布。）',
  '（请填写本月明察暗访的情况、发现的问题和处理意见。）',
  '（请填写。）',
] as const;

/**
 * The draft of a bureau's monthly 督查通报, filled with the period's figures:
 * the bureau edits it in its workspace and publishes it through the usual
 * steps. Complaint counts pass the small-number rule, since the bulletin
 * is public once published; schools are named only for what is public by
 * duty (late disclosures, overdue ledger rows, published sanctions).
 */
export function bulletinDraft(input: BulletinDraftInput) {
  const name = periodName(input.period);
  const count = (n: number) => (n === 0 ? '0 件' : n < input.minCount ? `少于 ${input.minCount} 件` : `${n} 件`);
  const f = input.figures;
  const answered = COUNTED_FINDINGS.reduce((sum, x) => sum + f.byFinding[x], 0);
  const lines = [
    DRAFT_PLACEHOLDERS[0],
    '',
    '## 一、举报受理和办理情况',
    `${name}，本局收到涉及所属学校的举报 ${count(f.received)}，其中截至月底已答复 ${count(answered)}。答复的查实情况：`,
    ...COUNTED_FINDINGS.filter((x) => x !== 'none' || f.byFinding.none > 0).map((x) => `- ${countedFindingLabel[x]}：${count(f.byFinding[x])}`),
    '',
    `截至${name}底，超过受理或答复期限仍未办理的举报 ${count(f.overdue)}。`,
    '',
    '## 二、学校按期公示情况',
    input.lateSchools === null
      ? '本站暂无本月学校应公示材料的按期情况，请据实填写。'
      : input.lateSchools.length === 0
        ? `${name}应公示的自查报告和整改情况，所属学校均已按期公示。`
        : `以下学校未按期公示：${input.lateSchools.join('、')}。`,
    '',
    '## 三、整改台账逾期情况',
    ...(input.overdueRows.length === 0
      ? [`截至${name}底，所属学校整改台账没有逾期未完成的事项。`]
      : [`截至${name}底，以下整改事项已过整改时限仍未完成：`, ...input.overdueRows.map((r) => `- ${r.school}：${r.problem}（整改时限 ${r.deadline}）`)]),
    '',
    '## 四、督查发现和处理情况',
    ...(input.sanctions.length === 0
      ? [DRAFT_PLACEHOLDERS[1]]
      : [`本局${name}已通报的问题和处理：`, ...input.sanctions.map((s) => `- ${s.school}：${s.finding}（${s.sanction}）`)]),
    '',
    '## 五、下一步工作',
    DRAFT_PLACEHOLDERS[2],
  ];
  return {
    title: `${input.bureauName}${name}规范办学督查通报`,
    summary: `${name}举报办理、学校公示、整改台账和督查处理情况。`,
    phase: input.phase,
    aspects: [] as string[],
    body: lines.join('\n'),
  };
}
