import { escapeHtml, layout } from './html';

/** The three things a notice's people hear about by email. */
export type NoticeEmailKind = 'returned' | 'published' | 'progress';

/**
 * An email about a notice: to the school when its bureau returns or publishes
 * it, to the bureau when a school records a ledger row's progress. It carries
 * the notice's title, the reason or the row, and a link to the workspace:
 * never anything of a complaint.
 */
export function noticeEmail(
  kind: NoticeEmailKind,
  facts: { to: string; title: string; url: string; reason?: string; school?: string; row?: string; status?: string },
) {
  const subject = { returned: `公示被退回：${facts.title}`, published: `公示已发布：${facts.title}`, progress: `整改进展已更新：${facts.title}` }[kind];
  const lines = {
    returned: [`您单位提交的“${facts.title}”被主管教育局退回，请修改后重新提交。`, `退回理由：${facts.reason ?? ''}`],
    published: [`“${facts.title}”已经发布，家长和公众现在可以看到。`],
    progress: [`${facts.school ?? ''}更新了“${facts.title}”中一项整改的进展，已即时公开。`, `整改事项：${facts.row ?? ''}`, `最新进展：${facts.status ?? ''}`],
  }[kind];
  const text = [`${facts.to}：`, '', ...lines, '', `在工作台查看：${facts.url}`].join('\n');
  const html = layout(
    subject,
    `<p>${escapeHtml(facts.to)}：</p>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p><a href="${escapeHtml(facts.url)}">在工作台查看</a></p>`,
  );
  return { subject, text, html };
}
