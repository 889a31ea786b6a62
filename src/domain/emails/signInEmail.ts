import { escapeHtml, layout } from './html';

/**
 * The sign-in link of the bureau workspace, to a body's registered address.
 * It says how long it works and that it works once, and what to do when
 * nobody in the office asked for it.
 */
export function signInEmail(bodyName: string, url: string, minutes: number) {
  const subject = `登录工作台（${minutes} 分钟内有效）`;
  const lines = [`有人在本站为“${bodyName}”申请了登录工作台的链接。`, `链接只能使用一次，${minutes} 分钟内有效。请勿转发。`];
  const ignore = '如果不是本单位人员申请的，请忽略这封邮件：没有链接，任何人都无法登录。';
  const text = [`${bodyName}：`, '', ...lines, '', url, '', ignore].join('\n');
  const html = layout(
    subject,
    `<p>${escapeHtml(bodyName)}：</p>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}` +
      `<p><a href="${escapeHtml(url)}" style="display:inline-block;background:#0f5a4a;color:#fff;padding:10px 16px;text-decoration:none;font-weight:bold">登录工作台</a></p>` +
      `<p style="color:#4a5660;word-break:break-all">${escapeHtml(url)}</p><p style="color:#4a5660">${escapeHtml(ignore)}</p>`,
  );
  return { subject, text, html };
}
