import { z } from 'astro/zod';
import { isCalendarDate } from '../../domain/calendarDate';

/**
 * Shared field types for every content schema. Messages are written for the
 * content editor who will read them in a failed build: they say what is
 * expected and give an example, in Chinese.
 */

export { isCalendarDate };

/**
 * A calendar date kept as the string `YYYY-MM-DD`. YAML turns an unquoted
 * `2024-05-10` into a Date at midnight UTC, so both forms are accepted and
 * normalised; `2024-13-45` or `5月10日` fail with an example of the right form.
 */
export const isoDate = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z.string({ error: '应为日期，格式 YYYY-MM-DD，例如 2024-05-10' }).refine(isCalendarDate, {
    error: (issue) =>
      issue.input === '' ? '请填写日期，格式 YYYY-MM-DD，例如 2024-05-10' : `“${String(issue.input)}”不是有效日期：格式应为 YYYY-MM-DD，例如 2024-05-10`,
  }),
);

/**
 * A stable id used in URLs and references: lowercase letters, digits and
 * hyphens, starting with a letter. Starting with a letter also keeps ids from
 * looking numeric, which matters because the Upstash client decodes "123" as 123.
 */
export const stableId = z
  .string({ error: '应为编号（id）' })
  .regex(/^[a-z][a-z0-9-]{1,63}$/, { error: '编号只能用小写字母、数字和连字符，以字母开头，例如 qiaocheng-shiyan-primary' });

/** Plain text that must not be empty. */
export const text = (what: string) =>
  z
    .string({ error: `缺少${what}` })
    .trim()
    .min(1, { error: `${what}不能为空` });

/** An email address; samples must use reserved example domains (see DOMAIN.md). */
export const email = z.email({ error: '应为电子邮箱地址，例如 complaints@qiaocheng.edu.example' });
