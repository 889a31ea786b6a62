import type { ComplaintEvent } from '../complaint';
import { eventLabel } from '../publicView';
import { findingLabel, type Finding } from '../findings';
import { escapeHtml, layout } from './html';
import { RELEASED_WORDS } from '../statusWords';

/**
 * A short note to the parent at each change: the reference, the step that
 * happened and where to look. Never the complaint text or the answer itself:
 * an inbox may be shared, and the answer is behind the receipt code. An
 * answer's finding is one of four words and goes with its step. It names
 * the step of its own event, so a retry sends the same words.
 */
export function parentUpdateEmail(reference: string, step: ComplaintEvent['type'], statusUrl: string, finding?: Finding) {
  const subject = `您的举报 ${reference} 有新进展`;
  const label = finding ? `${eventLabel[step]}（查实情况：${findingLabel[finding]}）` : eventLabel[step];
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

/**
 * A complaint that waited for other parents went to the bureau (waiting.ts):
 * the reference and the step, nothing else. Sent once, when it goes; from
 * then on the parent hears of each step as for any complaint.
 */
export function parentReleasedEmail(reference: string, statusUrl: string) {
  const subject = `您的举报 ${reference} 有新进展`;
  const text = [
    `您好：`,
    '',
    `您的举报 ${reference} 有新进展：${RELEASED_WORDS}。`,
    '',
    `请打开 ${statusUrl} ，输入查询码查看详情。`,
    '',
    '为保护您的隐私，本邮件不含举报内容。',
  ].join('\n');
  const html = layout(
    subject,
    `<p>您好：</p><p>您的举报 <strong>${escapeHtml(reference)}</strong> 有新进展：<strong>${RELEASED_WORDS}</strong>。</p><p><a href="${escapeHtml(statusUrl)}">打开查询页面</a>，输入查询码查看详情。</p><p style="color:#4a5660">为保护您的隐私，本邮件不含举报内容。</p>`,
  );
  return { subject, text, html };
}

/**
 * The school's ledger row for a problem the parent's complaint was found to
 * show has reached 已整改: the reference and where to look, nothing else (the
 * row is public; the complaint is not).
 */
export function parentRectifiedEmail(reference: string, statusUrl: string) {
  const subject = `您的举报 ${reference}：学校已完成整改`;
  const text = [
    `您好：`,
    '',
    `经查实，您的举报 ${reference} 反映的问题已列入学校的整改台账，学校现已将这一项标为“已整改”。`,
    '',
    `请打开 ${statusUrl} ，输入查询码查看整改台账。如果问题仍然存在，可以再次举报。`,
    '',
    '为保护您的隐私，本邮件不含举报内容。',
  ].join('\n');
  const html = layout(
    subject,
    `<p>您好：</p><p>经查实，您的举报 <strong>${escapeHtml(reference)}</strong> 反映的问题已列入学校的整改台账，学校现已将这一项标为<strong>“已整改”</strong>。</p><p><a href="${escapeHtml(statusUrl)}">打开查询页面</a>，输入查询码查看整改台账。如果问题仍然存在，可以再次举报。</p><p style="color:#4a5660">为保护您的隐私，本邮件不含举报内容。</p>`,
  );
  return { subject, text, html };
}

/**
 * 回访: the one email asking whether the problem stopped. Like every email
 * to the parent, it names the reference and where to answer, never the
 * complaint: the answer is given on the status page, behind the receipt code.
 */
export function followUpEmail(reference: string, statusUrl: string) {
  const subject = `回访：您举报的问题还存在吗？（${reference}）`;
  const text = [
    `您好：`,
    '',
    `您的举报 ${reference} 办结已有一段时间。问题还存在吗？`,
    '',
    `请打开 ${statusUrl} ，输入查询码回答“已解决”或“还存在”。如果还存在，本站会登记一件新的举报，交同一教育局办理。`,
    '',
    '为保护您的隐私，本邮件不含举报内容。',
  ].join('\n');
  const html = layout(
    subject,
    `<p>您好：</p><p>您的举报 <strong>${escapeHtml(reference)}</strong> 办结已有一段时间。<strong>问题还存在吗？</strong></p><p><a href="${escapeHtml(statusUrl)}">打开查询页面</a>，输入查询码回答“已解决”或“还存在”。如果还存在，本站会登记一件新的举报，交同一教育局办理。</p><p style="color:#4a5660">为保护您的隐私，本邮件不含举报内容。</p>`,
  );
  return { subject, text, html };
}
