import type { ComplaintEvent } from '../complaint';
import { eventLabel } from '../publicView';
import { escapeHtml, layout } from './html';

/**
 * A short note to the parent at each change: the reference, the step that
 * happened and where to look. Never the complaint text or the answer itself:
 * an inbox may be shared, and the answer is behind the receipt code. It names
 * the step of its own event, so a retry sends the same words.
 */
export function parentUpdateEmail(reference: string, step: ComplaintEvent['type'], statusUrl: string) {
  const subject = `您的举报 ${reference} 有新进展`;
  const label = eventLabel[step];
  // A question waits for the parent: say so, never what it asks (it is behind the receipt code).
  const asked = step === 'asked';
  const look = asked ? '输入查询码查看问题并回复' : '输入查询码查看详情';
  const text = [
    `您好：`,
    '',
    `您的举报 ${reference} 有新进展：${label}。`,
    '',
    `请打开 ${statusUrl} ，${look}。`,
    '',
    '为保护您的隐私，本邮件不含举报内容。',
  ].join('\n');
  const html = layout(
    subject,
    `<p>您好：</p><p>您的举报 <strong>${escapeHtml(reference)}</strong> 有新进展：<strong>${escapeHtml(label)}</strong>。</p><p><a href="${escapeHtml(statusUrl)}">打开查询页面</a>，${look}。</p><p style="color:#4a5660">为保护您的隐私，本邮件不含举报内容。</p>`,
  );
  return { subject, text, html };
}
