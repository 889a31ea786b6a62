import type { ComplaintRecord } from '../complaint';
import { statusLabel } from '../publicView';
import { escapeHtml, layout } from './html';

/**
 * A short note to the parent at each change: the reference, the new status
 * and where to look. Never the complaint text or the answer itself: an inbox
 * may be shared, and the answer is behind the receipt code.
 */
export function parentUpdateEmail(record: ComplaintRecord, statusUrl: string) {
  const subject = `您的举报 ${record.reference} 有新进展`;
  const label = statusLabel[record.status];
  const text = [`您好：`, '', `您的举报 ${record.reference} 有新进展，当前状态：${label}。`, '', `请打开 ${statusUrl} ，输入查询码查看详情。`, '', '为保护您的隐私，本邮件不含举报内容。'].join('\n');
  const html = layout(
    subject,
    `<p>您好：</p><p>您的举报 <strong>${escapeHtml(record.reference)}</strong> 有新进展，当前状态：<strong>${escapeHtml(label)}</strong>。</p><p><a href="${escapeHtml(statusUrl)}">打开查询页面</a>，输入查询码查看详情。</p><p style="color:#4a5660">为保护您的隐私，本邮件不含举报内容。</p>`,
  );
  return { subject, text, html };
}
