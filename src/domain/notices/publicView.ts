import { chinaDate } from '../deadlines';
import type { NoticeRecord, NoticeVersion, RowProgress } from './model';

/**
 * What the public sees of a notice, built field by field (never the pending
 * copy, the return reason or the audit): the current version, the line
 * "修订于 … ：理由" when it corrected an earlier one, the earlier versions
 * (readable at their own address), the notice of withdrawal in place of the
 * text, and each ledger row's timeline. Null while nothing is published.
 */
export interface PublicNotice {
  id: string;
  kind: NoticeRecord['kind'];
  current: NoticeVersion;
  /** "修订于 2026-12-05：理由" for a corrected version; absent for the first. */
  revisedNote?: string;
  earlier: { number: number; publishedOn: string }[];
  withdrawn?: { on: string; reason: string; note: string };
  timelines: Record<string, Omit<RowProgress, 'by'>[]>;
}

export function publicNotice(record: NoticeRecord): PublicNotice | null {
  const current = record.versions.at(-1);
  if (!current) return null;
  const on = (iso: string) => chinaDate(new Date(iso));
  return {
    id: record.id,
    kind: record.kind,
    current,
    ...(current.correction ? { revisedNote: `修订于 ${on(current.publishedAt)}：${current.correction}` } : {}),
    earlier: record.versions
      .slice(0, -1)
      .map((v) => ({ number: v.number, publishedOn: on(v.publishedAt) }))
      .reverse(),
    ...(record.withdrawal
      ? {
          withdrawn: {
            on: on(record.withdrawal.at),
            reason: record.withdrawal.reason,
            note: `本公示已于 ${on(record.withdrawal.at)} 撤回：${record.withdrawal.reason}`,
          },
        }
      : {}),
    // Progress entries without the acting body: the public reads what changed and when.
    timelines: Object.fromEntries(Object.entries(record.progress).map(([row, entries]) => [row, entries.map(({ by: _by, ...entry }) => entry)])),
  };
}

/** One earlier version, readable on its own, or null when there is no such version. */
export const publicVersion = (record: NoticeRecord, number: number): NoticeVersion | null => record.versions.find((v) => v.number === number) ?? null;
