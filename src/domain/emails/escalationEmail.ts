import type { ComplaintRecord } from '../complaint';
import type { Directory } from '../directory';
import { UNSURE_ASPECT } from '../directory';
import { formatDate } from '../dates';
import { chinaDate } from '../deadlines';
import { pendingDeadline } from '../status';

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
import { escapeHtml, factsTable, factsText, layout } from './html';

/**
 * To the city supervision office, the moment a parent asks it to supervise
 * an overdue complaint (请上级督办), not only in the next daily digest. Like
 * the digest it carries no complaint text and nothing about the parent: the
 * office supervises the bureau's handling, it does not handle the complaint.
 * Dated from the job, so that a retry sends the same words.
 */
export function escalationEmail(record: ComplaintRecord, directory: Directory, at: Date, officeUrl: string) {
  const today = chinaDate(at);
  // The deadline the parent escalated, as stored with the request: the complaint may have moved on before this is sent.
  const [kind, by] = (record.escalatedFor ?? '').split(':') as [string, string | undefined];
  const pending = by ? { kind: kind === 'accept' ? ('accept' as const) : ('resolve' as const), by } : pendingDeadline(record);
  const bureau = directory.bureaus.get(record.bureau)?.name ?? record.bureau;
  const stage = pending?.kind === 'accept' ? '受理' : '办理';
  const facts: Array<[string, string]> = [
    ['举报编号', record.reference],
    ['办理单位', bureau],
    ['学校', directory.schools.get(record.school)?.name ?? record.school],
    ['问题类型', record.aspect === UNSURE_ASPECT ? '不确定属于哪一类' : (directory.aspects.get(record.aspect)?.name ?? record.aspect)],
    ['提交日期', formatDate(chinaDate(new Date(record.filedAt)))],
    [`${stage}期限`, pending ? formatDate(pending.by) : '—'],
    ['已逾期', pending ? `${Math.max(0, daysBetween(pending.by, today))} 天` : '—'],
  ];
  const subject = `【家长请求督办】${record.reference}：${bureau}逾期未${stage}`;
  const opening = `举报人于${formatDate(today)}请求上级督办：这件举报已超过法定${stage}期限，${bureau}仍未${stage}。${bureau}已同时收到通知。`;
  const text = [`${directory.supervisor.name}：`, '', opening, '', factsText(facts), '', `督导工作台：${officeUrl}`].join('\n');
  const html = layout(
    subject,
    [
      `<p>${escapeHtml(directory.supervisor.name)}：</p>`,
      `<p>${escapeHtml(opening)}</p>`,
      factsTable(facts),
      `<p><a href="${escapeHtml(officeUrl)}">打开督导工作台</a></p>`,
    ].join(''),
  );
  return { subject, text, html };
}
