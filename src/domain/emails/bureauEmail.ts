import type { ComplaintPrivate, ComplaintRecord } from '../complaint';
import type { Directory } from '../directory';
import { UNSURE_ASPECT } from '../directory';
import { formatDate } from '../dates';
import { chinaDate } from '../deadlines';
import { escapeHtml, factsTable, factsText, layout } from './html';
import { channelLabel } from '../channels';

export type BureauEmailKind = 'filed' | 'transferred' | 'disputed' | 'escalated' | 'replied';

const headline: Record<BureauEmailKind, (r: ComplaintRecord) => string> = {
  filed: (r) => `【举报待受理】${r.reference}：请于${formatDate(r.acceptBy)}前受理`,
  transferred: (r) => `【转办举报】${r.reference}：请于${formatDate(r.acceptBy)}前受理`,
  disputed: (r) => `【举报人对答复有异议】${r.reference}：请于${formatDate(r.resolveBy ?? r.acceptBy)}前复核`,
  escalated: (r) => `【举报人请求上级督办】${r.reference}：已超过法定期限，市督导部门已收到`,
  replied: (r) => `【举报人已回复】${r.reference}：请于${formatDate(r.status === 'submitted' ? r.acceptBy : (r.resolveBy ?? r.acceptBy))}前办理`,
};

const opening: Record<BureauEmailKind, string> = {
  filed: '本站收到一件关于贵单位主管学校的举报，请在受理期限前决定是否受理。',
  transferred: '一件举报已转交贵单位办理，请在受理期限前决定是否受理。',
  disputed: '举报人对贵单位的答复提出了异议，请复核后重新答复。',
  escalated: '这件举报已超过法定期限仍未办理，举报人请求上级督办，市督导部门已同时收到通知。请尽快办理。',
  replied: '举报人回复了贵单位的提问（回复所附图片请通过下面的链接查看）。提问和回复不改变办理期限。',
};

/** What the latest note of the email's own step is. */
const noteLabel: Record<BureauEmailKind, string> = {
  filed: '异议理由',
  transferred: '转办理由',
  disputed: '异议理由',
  escalated: '异议理由',
  replied: '举报人的回复',
};

/**
 * The email to the bureau that handles a complaint. The subject carries only
 * the reference and a date (no user text, nothing personal); contact details
 * appear only when the parent consented.
 */
export function bureauEmail(
  kind: BureauEmailKind,
  record: ComplaintRecord,
  hidden: ComplaintPrivate,
  directory: Directory,
  answerUrl: string,
  linkExpires: string,
) {
  const bureau = directory.bureaus.get(record.bureau)!;
  const school = directory.schools.get(record.school)?.name ?? record.school;
  const aspect = record.aspect === UNSURE_ASPECT ? '举报人不确定属于哪一类' : (directory.aspects.get(record.aspect)?.name ?? record.aspect);
  const who = record.anonymous
    ? '匿名举报，未留联系方式。'
    : record.contactConsent && hidden.contact
      ? [
          `姓名：${hidden.contact.name}`,
          hidden.contact.phone ? `电话：${hidden.contact.phone}` : '',
          hidden.contact.email ? `邮箱：${hidden.contact.email}` : '',
        ]
          .filter(Boolean)
          .join('\n')
      : '举报人选择不向教育局提供联系方式。';
  const lastNote = [...record.history].reverse().find((e) => e.type === kind && e.note)?.note;
  const facts: Array<[string, string]> = [
    ['举报编号', record.reference],
    ['学校', school],
    ['问题类型', aspect],
    ['发生日期', record.occurredOn ? formatDate(record.occurredOn) : '未填写'],
    // A complaint an officer recorded says how it came in; its clocks run from the day it was received.
    ...(record.channel ? [['收到方式', `${channelLabel[record.channel]}（由教育局登记）`] as [string, string]] : []),
    [record.channel ? '收到日期' : '提交日期', formatDate(chinaDate(new Date(record.filedAt)))],
    ['受理期限', `${formatDate(record.acceptBy)}前`],
    [
      '办理期限',
      record.resolveBy
        ? `${formatDate(record.resolveBy)}前`
        : `受理后 ${directory.deadlines.resolveDays} 天内，可延期一次 ${directory.deadlines.extensionDays} 天`,
    ],
    // The count only: the images are seen through the link, never in a mailbox.
    ...(record.evidence?.length ? [['图片', `${record.evidence.length} 张，请通过下面的链接查看`] as [string, string]] : []),
  ];
  const subject = headline[kind](record);
  const warning = '请勿向被举报学校透露举报内容或举报人信息。';
  const retention = `举报办结 ${directory.retentionDays} 天后，本站删除举报内容和举报人信息。`;
  const text = [
    `${bureau.name}：`,
    '',
    opening[kind],
    '',
    factsText(facts),
    ...(lastNote ? ['', `${noteLabel[kind]}：`, lastNote] : []),
    '',
    '举报内容：',
    hidden.description,
    '',
    '举报人：',
    who,
    '',
    `请通过以下链接受理、不予受理、转办、延期或答复（仅限贵单位使用，请勿转发；${linkExpires}前有效）：`,
    answerUrl,
    '',
    warning,
    retention,
  ].join('\n');
  const html = layout(
    subject,
    [
      `<p>${escapeHtml(bureau.name)}：</p>`,
      `<p>${escapeHtml(opening[kind])}</p>`,
      factsTable(facts),
      lastNote ? `<h3>${noteLabel[kind]}</h3><p style="white-space:pre-wrap">${escapeHtml(lastNote)}</p>` : '',
      `<h3>举报内容</h3><p style="white-space:pre-wrap">${escapeHtml(hidden.description)}</p>`,
      `<h3>举报人</h3><p style="white-space:pre-wrap">${escapeHtml(who)}</p>`,
      `<p><a href="${escapeHtml(answerUrl)}" style="display:inline-block;background:#0f5a4a;color:#fff;padding:10px 16px;text-decoration:none;font-weight:bold">受理和答复这件举报</a></p>`,
      `<p style="color:#4a5660">链接仅限贵单位使用，请勿转发；${escapeHtml(linkExpires)}前有效。</p>`,
      `<p><strong>${escapeHtml(warning)}</strong></p>`,
      `<p style="color:#4a5660">${escapeHtml(retention)}</p>`,
    ].join(''),
  );
  return { subject, text, html };
}
