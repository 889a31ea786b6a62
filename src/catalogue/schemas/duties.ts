import { z } from 'astro/zod';
import { isoDate, stableId, text } from './primitives';
import { noticeKinds } from './notices';

/**
 * What schools and bureaus must publish, and when (issue 25). No duty is
 * code: a city lists its periods (semesters, months) and its duties here;
 * src/domain/duties/ evaluates them against what was published.
 */

/** A period's id may start with a digit (2025-spring, 2025-03): it is never a number alone. */
const periodId = z
  .string({ error: '应为期间编号（id）' })
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, { error: '期间编号只能用小写字母、数字和连字符，例如 2025-spring' })
  .refine((id) => /[a-z-]/.test(id), { error: '期间编号不能只有数字，例如 2025-spring' });

/** One period of a list: a semester, a quarter, anything with a first and last day. */
const periodSchema = z.object({
  /** Stable id, e.g. `2025-spring`; reminders and the board name it. */
  id: periodId,
  /** Name shown on pages, e.g. 2025 年春季学期. */
  name: text('期间名称'),
  startsOn: isoDate,
  endsOn: isoDate,
});

const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const yearMonth = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 7) : value),
  z.string({ error: '应为年月，格式 YYYY-MM，例如 2024-10' }).regex(YEAR_MONTH, { error: '应为年月，格式 YYYY-MM，例如 2024-10' }),
);

/**
 * A set of periods: either listed one by one (`periods`), or every calendar
 * month from `months.from` to `months.to` (each month its own period, id
 * `YYYY-MM`, named YYYY 年 M 月).
 */
export const periodSetSchema = z
  .object({
    /** Stable id that duties name in `periods`, e.g. `semesters`. */
    id: stableId,
    /** The periods one by one, in order. */
    periods: z.array(periodSchema).optional(),
    /** Every month from `from` to `to` (YYYY-MM, both included). */
    months: z.object({ from: yearMonth, to: yearMonth }).optional(),
  })
  .superRefine((set, ctx) => {
    if (!set.periods === !set.months) ctx.addIssue({ code: 'custom', path: ['periods'], message: '应写 periods（逐个列出期间）或 months（按月），二者选一' });
    set.periods?.forEach((p, i) => {
      if (p.endsOn < p.startsOn) ctx.addIssue({ code: 'custom', path: ['periods', i, 'endsOn'], message: `结束日期 ${p.endsOn} 早于开始日期 ${p.startsOn}` });
      const next = set.periods![i + 1];
      if (next && next.startsOn <= p.endsOn)
        ctx.addIssue({ code: 'custom', path: ['periods', i + 1, 'startsOn'], message: '期间应按时间先后排列，且互不重叠' });
    });
    if (set.months && set.months.to < set.months.from) ctx.addIssue({ code: 'custom', path: ['months', 'to'], message: '结束月份早于开始月份' });
  });

/** One duty: who publishes what, once per period, by when. */
export const dutySchema = z.object({
  /** Stable id, e.g. `self-inspection-report`; part of each reminder's id. */
  id: stableId,
  /** Name shown on the board and the public pages, e.g. 学期自查报告. */
  name: text('义务名称'),
  /** Who must publish: every school, or every bureau. */
  by: z.enum(['school', 'bureau'], { error: 'by 应为 school（每所学校）或 bureau（每个教育局）' }),
  /** The kind of notice that meets it (self-inspection, rectification, bulletin, …). */
  kind: z.enum(noticeKinds, { error: `kind 应为 ${noticeKinds.join('、')} 之一` }),
  /** Id of the period set it repeats over (see `periodSets`). */
  periods: stableId,
  /** Days after a period's first day by which it is due (0: its first day). Leave out: due on the period's last day. */
  dueDays: z.number().int().min(0).optional(),
  /**
   * `open-rows`: owed only by a school that has ledger rows not yet 已整改
   * published before the period began; a new version or a row's progress
   * counts as an update. Default `always`.
   */
  while: z.enum(['always', 'open-rows'], { error: 'while 应为 always 或 open-rows' }).default('always'),
  /** Only in periods that overlap these campaign phases (ids); leave out for every period. */
  phases: z.array(stableId).optional(),
});

/** Duties and reminders. Leave out: no duty, no board figures, no reminders. */
export const dutiesSchema = z
  .object({
    /** Named sets of periods the duties repeat over. */
    periodSets: z.array(periodSetSchema).default([]),
    /** The duties. */
    list: z.array(dutySchema).default([]),
    /** Days before a duty falls due that its school is reminded (0: no early reminder). Default 7. */
    remindDaysBefore: z.number().int().min(0).default(7),
  })
  .superRefine((duties, ctx) => {
    const sets = new Set(duties.periodSets.map((s) => s.id));
    const seen = new Set<string>();
    duties.list.forEach((duty, i) => {
      if (!sets.has(duty.periods))
        ctx.addIssue({ code: 'custom', path: ['list', i, 'periods'], message: `找不到期间 “${duty.periods}”：应为 periodSets 中已有的编号` });
      if (seen.has(duty.id)) ctx.addIssue({ code: 'custom', path: ['list', i, 'id'], message: `义务编号 “${duty.id}” 出现了不止一次` });
      seen.add(duty.id);
      if (duty.by === 'bureau' && !['bulletin', 'exposure', 'announcement'].includes(duty.kind))
        ctx.addIssue({ code: 'custom', path: ['list', i, 'kind'], message: '教育局的义务只能是 bulletin、exposure 或 announcement' });
      if (duty.by === 'school' && !['self-inspection', 'rectification'].includes(duty.kind))
        ctx.addIssue({ code: 'custom', path: ['list', i, 'kind'], message: '学校的义务只能是 self-inspection 或 rectification' });
      if (duty.while === 'open-rows' && duty.by !== 'school')
        ctx.addIssue({ code: 'custom', path: ['list', i, 'while'], message: 'open-rows 只适用于学校的义务' });
    });
  });

export type DutySettings = z.infer<typeof dutiesSchema>;
export type Duty = z.infer<typeof dutySchema>;
export type PeriodSet = z.infer<typeof periodSetSchema>;
