import { z } from 'astro/zod';
import { email, stableId, text } from './primitives';

/**
 * A person registered to sign in to the workspace for a body (a school, a
 * bureau, the office): the sign-in link goes only to such an address, and
 * the audit trail names it. No passwords: whoever reads this mailbox is the
 * account. Addresses must be the body's own (公务邮箱), never private ones.
 */
export const officerSchema = z.object({
  /** The address the sign-in link is sent to. */
  email,
  /** The person's name as colleagues know it, e.g. 王老师; shown in the sign-in list. */
  name: text('姓名'),
  /** The person's role, e.g. 办公室主任 or 督查科科员; shown beside the name. */
  role: text('职务'),
  /** True for a fictional person at a reserved example domain. Default false. */
  sample: z.boolean().default(false),
});

/** Registered people of a body; default none (a bureau then signs in by its `email` alone; a school cannot sign in). */
export const officers = z
  .array(officerSchema, { error: '登记人员（officers）应写成列表，每项有 email、name、role' })
  .refine((list) => new Set(list.map((o) => o.email.toLowerCase())).size === list.length, { error: '登记人员（officers）中有重复的邮箱' })
  .default([]);

/** An education bureau that supervises schools and receives complaints about them. */
export const bureauSchema = z.object({
  /** Stable id used in URLs (/bureaus/<id>/) and in schools.yaml. */
  id: stableId,
  /** Official name, e.g. 谯城区教育局. */
  name: text('教育局名称'),
  /** The division it covers, e.g. 谯城区, or 市直学校 for the city bureau. */
  division: text('辖区名称'),
  /** Administrative division code, as text (e.g. "341602"). */
  divisionCode: z
    .string({ error: '行政区划代码应写成带引号的文字，例如 "341602"' })
    .regex(/^\d{4,6}$/, { error: '行政区划代码应为 4 到 6 位数字，例如 "341602"' }),
  /** `city` for the city bureau, `county` for a county or district bureau. */
  level: z.enum(['city', 'county'], { error: 'level 应为 city（市级）或 county（县区级）' }),
  /** Address that receives complaint notifications. */
  email,
  /** Complaint phone line as shown to parents. */
  phone: text('联系电话'),
  /** Hours the phone line answers. */
  hours: text('接听时间'),
  /** Postal address for letters and visits. */
  address: text('地址'),
  /** People who sign in to the workspace besides the bureau's `email` (which always can), each by name and role. Default none. */
  officers,
  /** True when the contacts are placeholders. Default false. */
  sample: z.boolean().default(false),
});

/** School levels in compulsory education. */
export const schoolLevels = ['小学', '初中', '九年一贯制'] as const;

/** A compulsory-education school. */
export const schoolSchema = z.object({
  /** Stable id used in URLs (/schools/<id>/), notices and complaints. */
  id: stableId,
  /** Full name of the school. */
  name: text('学校名称'),
  /**
   * Other names parents use for it: short names (三中), former names, the
   * name on the gate. Search and the report form's school box find the school
   * by any of them. Default none.
   */
  aliases: z
    .array(text('学校别名'), { error: '别名（aliases）应写成列表，例如 [三中, 亳州三中]' })
    .refine((list) => new Set(list).size === list.length, { error: '别名（aliases）中有重复的名称' })
    .default([]),
  /** 小学, 初中 or 九年一贯制. */
  level: z.enum(schoolLevels, { error: `学段应为 ${schoolLevels.join('、')} 之一` }),
  /** Id of the bureau that supervises it (see bureaus.yaml); complaints go there. */
  bureau: stableId,
  /** Street address. */
  address: text('学校地址'),
  /** People who sign in to write the school's self-inspection and rectification notices. Default none: the school has no account. */
  officers,
  /** True for a fictional school; pages then mark it 示例. Default false. */
  sample: z.boolean().default(false),
});

export type Officer = z.infer<typeof officerSchema>;
export type Bureau = z.infer<typeof bureauSchema>;
export type School = z.infer<typeof schoolSchema>;
