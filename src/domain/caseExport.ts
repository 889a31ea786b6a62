import { excelCsv } from './csv';
import type { ComplaintPrivate, ComplaintRecord } from './complaint';
import type { Directory } from './directory';
import { chinaDate } from './deadlines';
import { caseRow } from './caseload';
import { channelOf, type Channel } from './channels';
import { findingLabel } from './findings';

/** The channel in one word a spreadsheet filters on (channelLabel reads "网上举报", "12345 转办" on pages). */
const channelWord: Record<Channel, string> = { web: '网上', phone: '电话', letter: '来信', visit: '来访', hotline: '12345' };

/**
 * Dates as YYYY-MM-DD and days as plain numbers (negative once the deadline
 * has passed), so that Excel sorts and filters them; the headers say which
 * deadline and how to read the days. 来源渠道 and 查实情况 are words, as the
 * pages show them, so that a filter reads 电话 or 属实, not a key.
 */
export const EXPORT_COLUMNS = [
  '举报编号',
  '提交日期',
  '来源渠道',
  '学校',
  '问题类型',
  '状态',
  '查实情况',
  '期限类型',
  '下一期限',
  '剩余天数（负数为已逾期）',
  '发生日期',
  '举报内容',
  '举报人姓名',
  '举报人电话',
  '举报人邮箱',
] as const;

/** A record with its sealed part opened, as only the bureau's export reads it. */
export interface OpenedRecord {
  record: ComplaintRecord;
  hidden: ComplaintPrivate;
}

/**
 * A bureau's caseload as CSV (domain/csv.ts), guarded: it carries parents'
 * text, so every cell is quoted and none can run as a formula. Contact
 * details appear only for complaints whose parent consented.
 */
export function caseloadCsv(rows: OpenedRecord[], directory: Directory, today: string): string {
  const lines = rows.map(({ record, hidden }) => {
    const row = caseRow(record, directory, today);
    const contact = !record.anonymous && record.contactConsent ? hidden.contact : undefined;
    return [
      row.reference,
      chinaDate(new Date(row.filedAt)),
      channelWord[channelOf(record)],
      row.school.name,
      row.aspect.name,
      row.statusLabel,
      // The latest answer's finding (a review's replaces the first); empty until answered.
      record.finding ? findingLabel[record.finding] : '',
      row.deadline ? (row.deadline.kind === 'accept' ? '受理期限' : '办理期限') : '',
      row.deadline?.by ?? '',
      row.daysLeft ?? '',
      record.occurredOn ?? '',
      hidden.description,
      contact?.name ?? '',
      contact?.phone ?? '',
      contact?.email ?? '',
    ];
  });
  return excelCsv([[...EXPORT_COLUMNS], ...lines], { guarded: true });
}
