import { stringify } from 'csv-stringify/sync';
import type { ComplaintPrivate, ComplaintRecord } from './complaint';
import type { Directory } from './directory';
import { formatDate } from '../catalogue/dates';
import { chinaDate } from './deadlines';
import { caseRow, daysLeftText } from './caseload';

export const EXPORT_COLUMNS = ['举报编号', '提交日期', '学校', '问题类型', '状态', '下一期限', '剩余天数', '发生日期', '举报内容', '举报人姓名', '举报人电话', '举报人邮箱'] as const;

/** A record with its sealed part opened, as only the bureau's export reads it. */
export interface OpenedRecord {
  record: ComplaintRecord;
  hidden: ComplaintPrivate;
}

/**
 * A bureau's caseload as CSV: UTF-8 with a byte-order mark (so that Excel,
 * which most offices open it with, reads the Chinese right), every cell
 * quoted, and a cell that starts like a formula (= + - @) prefixed so that
 * a parent's text can never run as one (csv-stringify's escape_formulas).
 * Contact details appear only for complaints whose parent consented.
 */
export function caseloadCsv(rows: OpenedRecord[], directory: Directory, today: string): string {
  const lines = rows.map(({ record, hidden }) => {
    const row = caseRow(record, directory, today);
    const contact = !record.anonymous && record.contactConsent ? hidden.contact : undefined;
    const stage = row.deadline ? `${row.deadline.kind === 'accept' ? '受理' : '办理'}期限 ${formatDate(row.deadline.by)}` : '';
    return [
      row.reference,
      formatDate(chinaDate(new Date(row.filedAt))),
      row.school.name,
      row.aspect.name,
      row.statusLabel,
      stage,
      daysLeftText(row),
      record.occurredOn ? formatDate(record.occurredOn) : '',
      hidden.description,
      contact?.name ?? '',
      contact?.phone ?? '',
      contact?.email ?? '',
    ];
  });
  return stringify([[...EXPORT_COLUMNS], ...lines], { bom: true, quoted: true, quoted_empty: true, escape_formulas: true, record_delimiter: 'windows' });
}
