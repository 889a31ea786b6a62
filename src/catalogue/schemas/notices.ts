import { z } from 'astro/zod';
import { isoDate, stableId, text } from './primitives';

/** Where a problem in a rectification ledger came from. */
export const ledgerSources = ['自查', '督查', '举报'] as const;
/** How far its rectification has got. */
export const ledgerStatuses = ['已整改', '整改中', '未启动'] as const;
/** Sanctions an inspection bulletin or exposure can announce. */
export const sanctions = ['通报批评', '黄牌警告', '限期整改', '追责问责', '约谈'] as const;

export type LedgerStatus = (typeof ledgerStatuses)[number];

/** One row of a rectification ledger (整改台账). */
export const ledgerRowSchema = z.object({
  /**
   * Optional id of the problem, unique within the school (e.g. `problem-1`).
   * A later notice of the same school that lists the same item updates it:
   * the school page then shows only its latest status, not two rows.
   */
  item: stableId.optional(),
  /** 存在问题: the problem, in a sentence. */
  problem: text('存在问题'),
  /** 问题来源: 自查, 督查 or 举报. */
  source: z.enum(ledgerSources, { error: `问题来源应为 ${ledgerSources.join('、')} 之一` }),
  /** Id of the aspect the problem falls under (see aspects.yaml). */
  aspect: stableId,
  /** 整改措施: what is being done about it. */
  measure: text('整改措施'),
  /** 责任单位/责任人: the office or role responsible (no personal names needed). */
  responsible: text('责任单位'),
  /** 完成时限: the deadline. */
  deadline: isoDate,
  /** 整改进展: 已整改, 整改中 or 未启动. */
  status: z.enum(ledgerStatuses, { error: `整改进展应为 ${ledgerStatuses.join('、')} 之一` }),
  /** 备注; optional. */
  note: z.string().trim().optional(),
});

/** A finding in a bulletin or exposure: which school did what, and the sanction. */
export const findingSchema = z.object({
  /** Id of the school concerned. */
  school: stableId,
  /** Id of the aspect breached. */
  aspect: stableId,
  /** What the inspectors found. */
  finding: text('查实问题'),
  /** The sanction announced. */
  sanction: z.enum(sanctions, { error: `处理方式应为 ${sanctions.join('、')} 之一` }),
});

/** Fields every notice has. */
const base = {
  /** Title as published. */
  title: text('标题'),
  /** Publication date. */
  publishedOn: isoDate,
  /** Id of the campaign phase it belongs to (see site.yaml). */
  phase: stableId,
  /** One or two sentences shown in lists and feeds. */
  summary: text('摘要'),
  /** Ids of the aspects it touches; links to /aspects/<id>/. Default none. */
  aspects: z.array(stableId).default([]),
  /** True for fictional sample content; pages then mark it 示例. Default false. */
  sample: z.boolean().default(false),
};

/** 自查报告: a school's self-inspection report. */
const selfInspection = z.object({
  kind: z.literal('self-inspection'),
  ...base,
  /** Id of the school that inspected itself. */
  school: stableId,
  /** Self-score out of 100, when the school gave one. */
  selfScore: z.number().min(0).max(100).optional(),
});

/** 整改公示: a school's rectification notice with its ledger. */
const rectification = z.object({
  kind: z.literal('rectification'),
  ...base,
  /** Id of the school. */
  school: stableId,
  /** The ledger rows; at least one. */
  ledger: z.array(ledgerRowSchema).min(1, { error: '整改公示至少要有一行整改台账（ledger）' }),
});

/** 督查通报: a bureau's inspection bulletin. */
const bulletin = z.object({
  kind: z.literal('bulletin'),
  ...base,
  /** Id of the bureau that publishes it. */
  bureau: stableId,
  /** What was found where; may be empty when nothing was found. */
  findings: z.array(findingSchema).default([]),
});

/** 曝光: public exposure of a serious violation. */
const exposure = z.object({
  kind: z.literal('exposure'),
  ...base,
  /** Id of the bureau that publishes it. */
  bureau: stableId,
  /** The findings exposed; at least one. */
  findings: z.array(findingSchema).min(1, { error: '曝光至少要写明一条查实问题（findings）' }),
});

/** 工作动态: a campaign announcement. */
const announcement = z.object({
  kind: z.literal('announcement'),
  ...base,
  /** Id of the bureau that publishes it. */
  bureau: stableId,
});

export const noticeKinds = ['self-inspection', 'rectification', 'bulletin', 'exposure', 'announcement'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** A notice: one Markdown file in content/notices/, its kind chosen by `kind`. */
export const noticeSchema = z.discriminatedUnion('kind', [selfInspection, rectification, bulletin, exposure, announcement], {
  error: (issue) => (issue.code === 'invalid_union' ? `kind 应为 ${noticeKinds.join('、')} 之一` : undefined),
});

export type Notice = z.infer<typeof noticeSchema>;
export type LedgerRow = z.infer<typeof ledgerRowSchema>;
export type Finding = z.infer<typeof findingSchema>;
