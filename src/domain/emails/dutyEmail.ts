import { formatDate } from '../dates';
import type { DutyReminder } from '../duties/reminders';
import { escapeHtml, layout } from './html';

const paragraphs = (title: string, lines: string[]) =>
  layout(title, lines.map((line) => (line === '' ? '' : `<p style="margin:0 0 .5em;white-space:pre-wrap">${escapeHtml(line)}</p>`)).join(''));

/** To a school's registered address: a duty falls due soon, or is late. Names the school, never a person. */
export function dutyReminderEmail(r: DutyReminder, school: string, url: string) {
  const { status } = r;
  const due = formatDate(status.dueOn);
  const subject =
    r.when === 'due'
      ? `提醒：${status.dutyName}（${status.periodName}）将于${due}到期`
      : `逾期提醒：${status.dutyName}（${status.periodName}）已于${due}到期，尚未公示`;
  const lines = [
    `${school}：`,
    '',
    r.when === 'due'
      ? `按照本市规定，贵校应在${due}前公示“${status.dutyName}”（${status.periodName}），目前还没有公示。`
      : `贵校“${status.dutyName}”（${status.periodName}）应在${due}前公示，目前仍未公示。网站上贵校的页面已显示为未公示，主管教育局也会看到。`,
    '',
    `请登录工作台填写并提交：${url}`,
    '',
    '这是系统自动发送的提醒，每项只发一次。',
  ];
  return { subject, text: lines.join('\n'), html: paragraphs(subject, lines) };
}

/** One school's line in a bureau's digest. */
export interface DigestSchool {
  name: string;
  late: string[];
  overdueRows: number;
  unpublishedItems: number;
}

/** The bureau's weekly digest: late schools, overdue rows, unpublished items, complaints near their deadline. */
export function bureauDutyDigestEmail(bureau: string, week: string, schools: DigestSchool[], ownLate: string[], nearDeadline: number, url: string) {
  const subject = `每周督办摘要（${formatDate(week)} 这一周）：${schools.filter((s) => s.late.length > 0).length} 所学校未按期公示`;
  const lines = [
    `${bureau}：`,
    '',
    ...(ownLate.length > 0 ? [`本局未按期公示：${ownLate.join('；')}`, ''] : []),
    ...(schools.length === 0
      ? ['本周没有需要督办的学校。']
      : schools.map(
          (s) =>
            `${s.name}：${s.late.length > 0 ? `未按期公示 ${s.late.join('；')}` : '按期公示'}；逾期台账 ${s.overdueRows} 项；学校尚未发布的整改事项 ${s.unpublishedItems} 项`,
        )),
    '',
    `三天内到期的举报：${nearDeadline} 件。`,
    '',
    `详情见工作台：${url}`,
  ];
  return { subject, text: lines.join('\n'), html: paragraphs(subject, lines) };
}

/** One bureau's line in the office's county summary. */
export interface SummaryBureau {
  name: string;
  lateSchools: number;
  schools: number;
  overdueRows: number;
  unpublishedItems: number;
  ownLate: string[];
}

/** The city office's weekly county summary. */
export function officeDutySummaryEmail(office: string, week: string, bureaus: SummaryBureau[], url: string) {
  const subject = `各县区按期公示情况（${formatDate(week)} 这一周）`;
  const lines = [
    `${office}：`,
    '',
    ...bureaus.map(
      (b) =>
        `${b.name}：未按期公示的学校 ${b.lateSchools} / ${b.schools} 所；逾期台账 ${b.overdueRows} 项；学校尚未发布的整改事项 ${b.unpublishedItems} 项${b.ownLate.length > 0 ? `；本局未按期公示：${b.ownLate.join('；')}` : ''}`,
    ),
    '',
    `详情见工作台：${url}`,
  ];
  return { subject, text: lines.join('\n'), html: paragraphs(subject, lines) };
}
