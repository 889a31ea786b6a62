import { z } from 'astro/zod';
import { findingSchema, ledgerRowSchema, type NoticeKind } from '../../catalogue/schemas/notices';
import { stableId, text } from '../../catalogue/schemas/primitives';
import type { Directory } from '../directory';
import { cleanText, textLength } from '../text';
import type { NoticeContent } from './model';

/** Longest body a notice may have, in characters. */
export const BODY_MAX = 20_000;

// The fields a form sends, for every kind; kind-specific rules follow below.
// Ledger rows and findings are the content schema's own, so a notice written
// in the site and one kept in git are checked alike.
const draftSchema = z.object({
  title: text('标题').max(100, { error: '标题最多 100 个字' }),
  summary: text('摘要').max(300, { error: '摘要最多 300 个字' }),
  phase: stableId,
  aspects: z.array(stableId).default([]),
  body: z
    .string()
    .default('')
    .refine((value) => textLength(value) <= BODY_MAX, { error: `正文最多 ${BODY_MAX} 个字` }),
  selfScore: z
    .number({ error: '自评分应为 0 到 100 之间的数' })
    .min(0, { error: '自评分应为 0 到 100 之间的数' })
    .max(100, { error: '自评分应为 0 到 100 之间的数' })
    .optional(),
  ledger: z.array(ledgerRowSchema).optional(),
  findings: z.array(findingSchema).optional(),
});

export type DraftCheck = { ok: true; content: NoticeContent } | { ok: false; errors: Record<string, string> };

/** Every string cleaned by the rule in text.ts (control and invisible characters gone); the body keeps its lines. */
function cleaned(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return cleanText(value, key === 'body' || key === 'note');
  if (Array.isArray(value)) return value.map((item) => cleaned(item));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleaned(v, k)]));
  return value;
}

/**
 * Checks what a school, bureau or the office typed for a notice of `kind`:
 * the fields, then what only the directory knows (schools and aspects that
 * exist). Errors are keyed by field path (`ledger.0.problem`), in Chinese.
 * Ledger rows without an id get one here (rowIds), so that `known` — every
 * row id the notice has had — must be passed on corrections.
 */
export function checkDraft(kind: NoticeKind, input: unknown, directory: Pick<Directory, 'schools' | 'aspects'>, known: readonly string[] = []): DraftCheck {
  const parsed = draftSchema.safeParse(cleaned(input));
  const errors: Record<string, string> = {};
  const fail = (path: string, message: string) => void (errors[path] ??= message);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(issue.path.join('.') || 'form', issue.message);
    return { ok: false, errors };
  }
  const draft = parsed.data;
  const aspect = (id: string, path: string) => directory.aspects.has(id) || fail(path, '请从列表中选择方面');
  draft.aspects.forEach((id, i) => aspect(id, `aspects.${i}`));
  if (kind === 'rectification' && !draft.ledger?.length) fail('ledger', '整改公示至少要有一行整改台账');
  if (kind !== 'rectification' && draft.ledger?.length) fail('ledger', '只有整改公示有整改台账');
  if (kind === 'exposure' && !draft.findings?.length) fail('findings', '曝光至少要写明一条查实问题');
  if ((kind === 'self-inspection' || kind === 'rectification' || kind === 'announcement') && draft.findings?.length)
    fail('findings', '只有督查通报和曝光列出查实问题');
  if (kind !== 'self-inspection' && draft.selfScore !== undefined) fail('selfScore', '只有自查报告有自评分');
  draft.ledger?.forEach((row, i) => aspect(row.aspect, `ledger.${i}.aspect`));
  draft.findings?.forEach((finding, i) => {
    if (!directory.schools.has(finding.school)) fail(`findings.${i}.school`, '请从列表中选择学校');
    aspect(finding.aspect, `findings.${i}.aspect`);
  });
  const ledger = draft.ledger ? rowIds(draft.ledger, known) : undefined;
  if (ledger && 'duplicate' in ledger) fail(`ledger.${ledger.duplicate}.item`, '台账中有两行的编号相同');
  if (Object.keys(errors).length) return { ok: false, errors };
  const { selfScore, findings } = draft;
  return {
    ok: true,
    content: {
      title: draft.title,
      summary: draft.summary,
      phase: draft.phase,
      aspects: draft.aspects,
      body: draft.body,
      ...(selfScore !== undefined ? { selfScore } : {}),
      ...(ledger && 'rows' in ledger ? { ledger: ledger.rows } : {}),
      ...(findings ? { findings } : {}),
    },
  };
}

/**
 * Gives each new row the next free id `row-<n>` (n above every number in
 * `known` and in the rows themselves), so that ids never come back after a
 * row was dropped: a complaint about row-2 never lands on a different promise.
 */
export function rowIds<R extends { item?: string }>(rows: R[], known: readonly string[]): { rows: (R & { item: string })[] } | { duplicate: number } {
  const numbers = [...known, ...rows.map((row) => row.item ?? '')]
    .map((id) => /^row-(\d+)$/.exec(id)?.[1])
    .filter(Boolean)
    .map(Number);
  let next = Math.max(0, ...numbers) + 1;
  const seen = new Set<string>();
  const out: (R & { item: string })[] = [];
  for (const [i, row] of rows.entries()) {
    const item = row.item ?? `row-${next++}`;
    if (seen.has(item)) return { duplicate: i };
    seen.add(item);
    out.push({ ...row, item });
  }
  return { rows: out };
}
