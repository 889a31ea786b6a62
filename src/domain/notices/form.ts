import type { NoticeKind } from '../../catalogue/schemas/notices';
import { cleanText } from '../text';
import type { NoticeContent } from './model';

/**
 * The notice forms' fields (flat names, as a form without JavaScript posts
 * them) ↔ what checkDraft reads. A self-inspection's answers per aspect and
 * its parts are written into the body as subheadings and a list (the safe
 * subset of body.ts), so that any page showing a notice shows them, and read
 * back from it to edit; the complaint channels come from content, not typed.
 */
export type Fields = Record<string, string>;

const ROWS_MAX = 50;
const HEADINGS = { method: '# 自查方式', checks: '# 逐项自查结果', arrangements: '# 长效机制', channels: '# 举报渠道' } as const;
const NONE = '未发现问题';
const FOUND = '发现问题';

export const ROW_FIELDS = ['item', 'problem', 'source', 'aspect', 'measure', 'responsible', 'deadline', 'status'] as const;
export const FINDING_FIELDS = ['school', 'aspect', 'finding', 'sanction'] as const;

/** How many rows (or findings) the form has: the count field, clamped. */
export const countOf = (fields: Fields, name: 'rows' | 'findings', least: number) =>
  Math.min(ROWS_MAX, Math.max(least, Number.parseInt(fields[name] ?? '', 10) || least));

/**
 * The fields after a "再加一行" / "删除此行" button: rows renumbered, answers
 * kept. Returns undefined for any other button.
 */
export function reshape(fields: Fields, intent: string): Fields | undefined {
  const table = /^(add|remove)-(row|finding)(?:-(\d+))?$/.exec(intent);
  if (!table) return undefined;
  const [, verb, what, at] = table;
  const [prefix, count, names] = what === 'row' ? (['ledger', 'rows', ROW_FIELDS] as const) : (['finding', 'findings', FINDING_FIELDS] as const);
  const n = countOf(fields, count, 1);
  const rows = Array.from({ length: n }, (_, i) => Object.fromEntries(names.map((f) => [f, fields[`${prefix}-${i}-${f}`] ?? ''])));
  if (verb === 'add' && n < ROWS_MAX) rows.push(Object.fromEntries(names.map((f) => [f, ''])));
  if (verb === 'remove' && rows.length > 1) rows.splice(Number(at), 1);
  const kept = Object.fromEntries(Object.entries(fields).filter(([k]) => !k.startsWith(`${prefix}-`)));
  rows.forEach((row, i) => names.forEach((f) => (kept[`${prefix}-${i}-${f}`] = row[f]!)));
  return { ...kept, [count]: String(rows.length) };
}

interface Lists {
  aspects: ReadonlyMap<string, { name: string }>;
  /** Lines naming where parents complain (content: the site's form, the bureau's phone and address). */
  channels: string[];
}

const unique = (ids: string[]) => [...new Set(ids.filter(Boolean))];

/** What checkDraft reads, from the form's fields, with the errors only the form can find (a self-inspection's parts). */
export function draftInput(kind: NoticeKind, fields: Fields, lists: Lists): { input: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const input: Record<string, unknown> = { title: fields.title ?? '', summary: fields.summary ?? '', phase: fields.phase ?? '', body: fields.body ?? '' };
  const score = (fields.selfScore ?? '').trim();
  if (score !== '') input.selfScore = /^\d+(\.\d+)?$/.test(score) ? Number(score) : Number.NaN;
  if (kind === 'self-inspection') {
    const method = cleanText(fields.method ?? '');
    if (!method) errors.method = '请说明学校是怎样自查的';
    const found: string[] = [];
    const lines = [...lists.aspects].map(([id, aspect]) => {
      const answer = fields[`check-${id}`];
      const note = cleanText(fields[`note-${id}`] ?? '', false);
      if (answer !== 'none' && answer !== 'found') errors[`check-${id}`] = `请选择“${aspect.name}”的自查结果`;
      if (answer === 'found') {
        found.push(id);
        if (!note) errors[`note-${id}`] = `请用一句话写明“${aspect.name}”发现的问题`;
      }
      return `- ${aspect.name}：${answer === 'found' ? `${FOUND}。${note}` : NONE}`;
    });
    const arrangements = cleanText(fields.arrangements ?? '');
    input.aspects = found;
    // Each list's lines together, so that they read as one list (body.ts).
    const channelLines = lists.channels.map((c) => `- ${c}`).join('\n');
    input.body = [
      HEADINGS.method,
      method,
      HEADINGS.checks,
      lines.join('\n'),
      ...(arrangements ? [HEADINGS.arrangements, arrangements] : []),
      HEADINGS.channels,
      channelLines,
    ].join('\n\n');
  }
  if (kind === 'rectification') {
    const rows = Array.from({ length: countOf(fields, 'rows', 1) }, (_, i) => {
      const row = Object.fromEntries(ROW_FIELDS.map((f) => [f, (fields[`ledger-${i}-${f}`] ?? '').trim()]).filter(([f, v]) => f !== 'item' || v !== ''));
      return row;
    });
    input.ledger = rows;
    input.aspects = unique(rows.map((r) => r.aspect ?? ''));
  }
  if (kind === 'bulletin' || kind === 'exposure') {
    const findings = Array.from({ length: countOf(fields, 'findings', 1) }, (_, i) =>
      Object.fromEntries(FINDING_FIELDS.map((f) => [f, (fields[`finding-${i}-${f}`] ?? '').trim()])),
    );
    // A bulletin may find nothing: a wholly empty row is no finding.
    input.findings = findings.filter((f) => kind === 'exposure' || Object.values(f).some(Boolean));
    input.aspects = unique((input.findings as Array<Record<string, string>>).map((f) => f.aspect ?? ''));
  }
  return { input, errors };
}

/** checkDraft's error paths (`ledger.0.problem`) as the form's field names (`ledger-0-problem`). */
export const fieldOf = (path: string) => (path.startsWith('findings.') ? path.replace(/^findings\./, 'finding.') : path).replaceAll('.', '-');

/** The form's fields for a copy being edited or corrected. */
export function fieldsOf(kind: NoticeKind, content: NoticeContent, aspects: ReadonlyMap<string, { name: string }>): Fields {
  const fields: Fields = { title: content.title, summary: content.summary, phase: content.phase, body: content.body };
  if (content.selfScore !== undefined) fields.selfScore = String(content.selfScore);
  if (kind === 'self-inspection') Object.assign(fields, readSelfInspection(content.body, aspects));
  content.ledger?.forEach((row, i) => ROW_FIELDS.forEach((f) => (fields[`ledger-${i}-${f}`] = String(row[f] ?? ''))));
  if (content.ledger) fields.rows = String(content.ledger.length);
  content.findings?.forEach((finding, i) => FINDING_FIELDS.forEach((f) => (fields[`finding-${i}-${f}`] = finding[f])));
  if (content.findings) fields.findings = String(Math.max(1, content.findings.length));
  return fields;
}

/** A self-inspection's parts, read back from the body draftInput wrote. */
export function readSelfInspection(body: string, aspects: ReadonlyMap<string, { name: string }>): Fields {
  const sections: Record<string, string[]> = {};
  let current = '';
  for (const line of body.split('\n')) {
    const heading = Object.entries(HEADINGS).find(([, h]) => line.trim() === h);
    if (heading) current = heading[0];
    else (sections[current] ??= []).push(line);
  }
  const text = (name: string) => (sections[name] ?? []).join('\n').trim();
  const fields: Fields = { method: text('method'), arrangements: text('arrangements') };
  const byName = new Map([...aspects].map(([id, a]) => [a.name, id]));
  for (const line of sections.checks ?? []) {
    const match = /^- (.+?)：(未发现问题|发现问题。(.*))$/.exec(line.trim());
    const id = match && byName.get(match[1]!);
    if (!id) continue;
    fields[`check-${id}`] = match[2] === NONE ? 'none' : 'found';
    if (match[3] !== undefined) fields[`note-${id}`] = match[3];
  }
  return fields;
}
