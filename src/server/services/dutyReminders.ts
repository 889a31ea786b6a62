import type { ContentSet } from '../../catalogue/integrity';
import { dutyFacts } from '../../catalogue/dutyFacts';
import { digestWeek, dutyReminderId, dutyStatus, dutyWords, remindersDue } from '../../domain/duties';
import { bureauDutyDigestEmail, dutyReminderEmail, officeDutySummaryEmail } from '../../domain/emails/dutyEmail';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { OutgoingMail } from '../../ports/mailer';
import type { Dispatcher } from '../dispatcher';
import type { DutyService } from './duties';

export interface ReminderReport {
  /** Reminders queued for the first time in this run (0 on a repeated run). */
  reminders: number;
  digests: number;
  summaries: number;
  /** Reminders owed to a school that registers no address (content/schools.yaml `officers`). */
  noAddress: number;
}

/**
 * Reminders (issue 25, point 4), queued through the dispatcher's job queue
 * as prepared emails (event `notice.mail`: the dispatcher sends its payload):
 * each school's registered addresses before a duty falls due and when it is
 * late; each bureau's weekly digest; the office's county summary. Job ids
 * are deterministic (`duty.reminder/<school>/<duty>/<period>/<due|late>/<n>`,
 * `duty.digest/<bureau>/<week>`, `duty.summary/<week>`), so a reminder is
 * queued once however often this runs (domain/duties/reminders.ts).
 */
export function dutyReminders(deps: {
  catalogue: () => Promise<{ content: ContentSet }>;
  duties: DutyService;
  store: Pick<ComplaintStore, 'enqueue'>;
  dispatcher: Pick<Dispatcher, 'run'>;
  clock: Clock;
  siteUrl: string;
}) {
  return async function remind(): Promise<ReminderReport> {
    const { content } = await deps.catalogue();
    const now = deps.clock.now();
    const today = deps.duties.today();
    const report: ReminderReport = { reminders: 0, digests: 0, summaries: 0, noAddress: 0 };
    const queue = async (id: string, mail: Omit<OutgoingMail, 'idempotencyKey'>) =>
      deps.store.enqueue({ id, event: 'notice.mail', createdAt: now.toISOString(), attempts: 0, payload: mail });

    const statuses = dutyStatus(dutyFacts(content, today));
    const signIn = `${deps.siteUrl}/bureau/`;
    for (const reminder of remindersDue(statuses, content.settings.duties.remindDaysBefore)) {
      const { status } = reminder;
      if (status.of !== 'school') continue; // a bureau's own duties are in its weekly digest
      const school = content.schools.find((s) => s.id === status.by);
      if (!school) continue;
      if (school.officers.length === 0) {
        report.noAddress += 1;
        continue;
      }
      const mail = dutyReminderEmail(reminder, school.name, signIn);
      for (const [n, officer] of school.officers.entries()) if (await queue(dutyReminderId(reminder, n), { to: officer.email, ...mail })) report.reminders += 1;
    }

    const week = digestWeek(today);
    if (week) {
      const board = `${deps.siteUrl}/bureau/duties/`;
      const summary = [];
      for (const b of content.bureaus) {
        const one = await deps.duties.boardOf(content, b.id, today);
        const ownLate = one.own.filter(deps.duties.isLate).map((s) => `${s.dutyName}（${s.periodName}，${dutyWords(s)}）`);
        const schools = one.schools.map((s) => ({
          name: s.name,
          late: s.statuses.filter(deps.duties.isLate).map((st) => `${st.dutyName}（${st.periodName}，${dutyWords(st)}）`),
          overdueRows: s.overdue.length,
          unpublishedItems: s.unpublishedItems,
        }));
        const listed = schools.filter((s) => s.late.length > 0 || s.overdueRows > 0 || s.unpublishedItems > 0);
        if (await queue(`duty.digest/${b.id}/${week}`, { to: b.email, ...bureauDutyDigestEmail(b.name, week, listed, ownLate, one.nearDeadline, board) }))
          report.digests += 1;
        summary.push({
          name: b.name,
          schools: schools.length,
          lateSchools: schools.filter((s) => s.late.length > 0).length,
          overdueRows: schools.reduce((n, s) => n + s.overdueRows, 0),
          unpublishedItems: schools.reduce((n, s) => n + s.unpublishedItems, 0),
          ownLate,
        });
      }
      const office = content.settings.supervisor;
      if (await queue(`duty.summary/${week}`, { to: office.email, ...officeDutySummaryEmail(office.name, week, summary, board) })) report.summaries += 1;
    }
    await deps.dispatcher.run();
    return report;
  };
}
