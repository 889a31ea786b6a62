import { formatDate } from '../dates';
import { escapeHtml, layout } from './html';

/** One overdue complaint in the digest: no personal data, no complaint text. */
export interface OverdueLine {
  reference: string;
  bureau: string;
  school: string;
  /** 受理 or 办理. */
  stage: string;
  deadline: string;
  daysOverdue: number;
}

/** The daily digest to the city supervision office, grouped by bureau, worst first. */
export function overdueDigestEmail(supervisor: string, today: string, lines: OverdueLine[]) {
  const byBureau = new Map<string, OverdueLine[]>();
  for (const line of [...lines].sort((a, b) => b.daysOverdue - a.daysOverdue)) byBureau.set(line.bureau, [...(byBureau.get(line.bureau) ?? []), line]);
  const bureaus = [...byBureau.entries()].sort((a, b) => b[1].length - a[1].length);
  const subject = `逾期未办举报汇总（${formatDate(today)}）：${lines.length} 件`;
  const text = [
    `${supervisor}：`,
    '',
    `截至${formatDate(today)}，共有 ${lines.length} 件举报超过法定期限未办理。`,
    ...bureaus.flatMap(([bureau, list]) => [
      '',
      `${bureau}（${list.length} 件）`,
      ...list.map((l) => `  ${l.reference}  ${l.school}  ${l.stage}期限 ${formatDate(l.deadline)}  逾期 ${l.daysOverdue} 天`),
    ]),
  ].join('\n');
  const rows = (list: OverdueLine[]) =>
    list
      .map(
        (l) =>
          `<tr><td>${escapeHtml(l.reference)}</td><td>${escapeHtml(l.school)}</td><td>${escapeHtml(l.stage)}期限 ${escapeHtml(formatDate(l.deadline))}</td><td>${l.daysOverdue} 天</td></tr>`,
      )
      .join('');
  const html = layout(
    subject,
    `<p>${escapeHtml(supervisor)}：</p><p>截至${escapeHtml(formatDate(today))}，共有 <strong>${lines.length}</strong> 件举报超过法定期限未办理。</p>` +
      bureaus
        .map(
          ([bureau, list]) =>
            `<h3>${escapeHtml(bureau)}（${list.length} 件）</h3><table border="1" cellpadding="6" style="border-collapse:collapse"><tr><th>编号</th><th>学校</th><th>期限</th><th>逾期</th></tr>${rows(list)}</table>`,
        )
        .join(''),
  );
  return { subject, text, html };
}
