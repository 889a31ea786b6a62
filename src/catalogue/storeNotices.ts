import yaml from 'js-yaml';
import { chinaDate } from '../domain/deadlines';
import type { NoticeRecord } from '../domain/notices/model';
import { currentStatus } from '../domain/notices/progress';
import type { Notice } from './schemas/notices';
import type { NoticeEntry } from './sources';

/**
 * A notice published through the site, as the catalogue holds every notice:
 * its current version in the content format (the fields of
 * schemas/notices.ts), dated by its first publication (China's day), each
 * ledger row at its latest status (a row's progress is public at once).
 * Null while nothing is published, and for the city office's notices, which
 * the content format cannot name as a publisher (/office/ shows them,
 * src/server/services/officeNotices.ts).
 */
export function storeEntry(record: NoticeRecord): NoticeEntry | null {
  const first = record.versions[0];
  const current = record.versions.at(-1);
  if (!first || !current) return null;
  const { content } = current;
  const base = {
    title: content.title,
    publishedOn: chinaDate(new Date(first.publishedAt)),
    phase: content.phase,
    summary: content.summary,
    aspects: content.aspects,
    sample: false,
  };
  const owner = record.owner;
  let data: Notice;
  if (owner.kind === 'school') {
    if (record.kind === 'self-inspection')
      data = { kind: 'self-inspection', ...base, school: owner.school, ...(content.selfScore !== undefined ? { selfScore: content.selfScore } : {}) };
    else if (record.kind === 'rectification')
      data = {
        kind: 'rectification',
        ...base,
        school: owner.school,
        ledger: (content.ledger ?? []).map((row) => ({ ...row, status: currentStatus(record, row.item) ?? row.status })),
      };
    else return null;
  } else if (owner.kind === 'bureau') {
    if (record.kind === 'bulletin' || record.kind === 'exposure') data = { kind: record.kind, ...base, bureau: owner.bureau, findings: content.findings ?? [] };
    else if (record.kind === 'announcement') data = { kind: 'announcement', ...base, bureau: owner.bureau };
    else return null;
  } else return null;
  // A later version or a row's progress is an update of the notice (a duty "at least monthly" counts it).
  const updates = [...record.versions.slice(1).map((v) => v.publishedAt), ...Object.values(record.progress).flatMap((list) => list.map((p) => p.at))].map(
    (at) => chinaDate(new Date(at)),
  );
  return updates.length > 0 ? { id: record.id, data, updates: [...new Set(updates)].sort() } : { id: record.id, data };
}

/**
 * A published notice as a Markdown file of content/notices/ (`npm run
 * notices:export`): the front matter the content schema reads, then the
 * body text as the clerk wrote it (a safe Markdown subset, body.ts). A
 * withdrawn notice keeps its last text, under the notice of withdrawal,
 * and its versions and corrections are listed at the end, so that a git
 * record keeps what the public saw.
 */
export function noticeMarkdown(record: NoticeRecord): { id: string; text: string } | null {
  const entry = storeEntry(record);
  if (!entry) return null;
  const front = yaml.dump(entry.data, { lineWidth: -1, quotingType: '"', noRefs: true });
  const current = record.versions.at(-1)!;
  const on = (iso: string) => chinaDate(new Date(iso));
  const withdrawal = record.withdrawal ? [`> 本公示已于 ${on(record.withdrawal.at)} 撤回：${record.withdrawal.reason}`, ''] : [];
  const history =
    record.versions.length > 1
      ? ['', '## 修订记录', '', ...record.versions.map((v) => `- 第 ${v.number} 版，${on(v.publishedAt)} 发布${v.correction ? `：${v.correction}` : ''}`)]
      : [];
  return { id: entry.id, text: ['---', front.trimEnd(), '---', '', ...withdrawal, current.content.body.trim(), ...history, ''].join('\n') };
}
