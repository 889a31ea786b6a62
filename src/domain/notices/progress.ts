import { ledgerStatuses, type LedgerStatus } from '../../catalogue/schemas/notices';
import { isCalendarDate } from '../../catalogue/schemas/primitives';
import { chinaDate } from '../deadlines';
import { cleanText, textLength } from '../text';
import { ownerKey, type NoticeActor, type NoticeRecord, type RowProgress } from './model';

const NOTE_MAX = 500;

/**
 * A row's progress (status, the day, a note), checked against the last
 * published version: the row must be in it, the day a real one and not after
 * today in China. Progress is published at once, without review, because it
 * changes no promise; changing what a row promises (problem, measure,
 * responsible office, deadline, aspect) is a correction and is reviewed.
 */
export function progressEntry(
  record: NoticeRecord,
  update: { row: string; on: string; status: string; note?: string },
  actor: NoticeActor,
  at: string,
): { entry: RowProgress } | { errors: Record<string, string> } {
  const rows = record.versions.at(-1)?.content.ledger ?? [];
  const errors: Record<string, string> = {};
  if (!rows.some((row) => row.item === update.row)) errors.row = '这份公示中没有这一行整改台账';
  if (update.status === '') errors.status = '请选择整改进展';
  else if (!(ledgerStatuses as readonly string[]).includes(update.status)) errors.status = `整改进展应为 ${ledgerStatuses.join('、')} 之一`;
  if (!isCalendarDate(update.on)) errors.on = '日期格式应为 YYYY-MM-DD，例如 2024-05-10';
  else if (update.on > chinaDate(new Date(at))) errors.on = '日期不能晚于今天';
  const note = cleanText(update.note ?? '');
  if (textLength(note) > NOTE_MAX) errors.note = `说明最多 ${NOTE_MAX} 个字`;
  if (Object.keys(errors).length) return { errors };
  return { entry: { at, on: update.on, status: update.status as LedgerStatus, ...(note ? { note } : {}), by: ownerKey(actor.body) } };
}

/** A row's status as the public sees it: its latest progress entry, else what the last version says. */
/**
 * The day a row reached 已整改, while it still reads so: the day its first
 * 已整改 progress entry states, else the day (China) of the first published
 * version that listed it as 已整改. Undefined while it is not 已整改.
 */
export function doneOn(record: NoticeRecord, row: string): string | undefined {
  if (currentStatus(record, row) !== '已整改') return undefined;
  const progress = record.progress[row]?.find((p) => p.status === '已整改');
  if (progress) return progress.on;
  const version = record.versions.find((v) => v.content.ledger?.some((r) => r.item === row && r.status === '已整改'));
  return version ? chinaDate(new Date(version.publishedAt)) : undefined;
}

export function currentStatus(record: NoticeRecord, row: string): LedgerStatus | undefined {
  const latest = record.progress[row]?.at(-1);
  return latest?.status ?? record.versions.at(-1)?.content.ledger?.find((r) => r.item === row)?.status;
}
