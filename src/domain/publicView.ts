import type { LedgerStatus } from '../catalogue/schemas/notices';
import type { ComplaintEvent, ComplaintRecord, ComplaintStatus } from './complaint';
import { UNSURE_ASPECT, type Directory } from './directory';
import { PARENT_STEPS, pendingDeadline, statusLabel, underSupervision } from './status';
import { recordedStepLabel } from './statusWords';
import { channelLabel } from './channels';
import { findingLabel } from './findings';
import { DEFAULT_FOLLOW_UP_DAYS, followUpDue, ratingLabel } from './ratings';
import { questionWaiting, threadOf, THREAD_STEPS, type ThreadMessage } from './thread';

export const eventLabel: Record<ComplaintEvent['type'], string> = {
  filed: '提交举报',
  accepted: '教育局受理',
  rejected: '教育局不予受理',
  transferred: '转交其他教育局办理',
  extended: '办理期限延长',
  resolved: '教育局答复',
  confirmed: '确认答复',
  disputed: '对答复提出异议',
  escalated: '请求上级督办',
  followedUp: '回访答复',
  asked: '教育局向您提问',
  replied: '举报人回复',
};

/** What the parent may see of a complaint: no description, no contact details, nothing personal. */
export interface PublicView {
  reference: string;
  school: { id: string; name: string };
  aspect: { id: string; name: string };
  bureau: { id: string; name: string };
  status: ComplaintStatus;
  statusLabel: string;
  filedAt: string;
  occurredOn?: string;
  acceptBy: string;
  resolveBy?: string;
  /** What resolveBy is: the time to answer, or, after a dispute, the time to review. */
  resolveByLabel: '办理期限' | '复核期限';
  /** Which deadline, if any, has passed without the step it requires. */
  overdue?: 'accept' | 'resolve';
  /** The parent asked the city office to supervise the deadline it waits on (督办中). */
  underSupervision?: true;
  /** Each step and who took it: the parent, or the bureau named (for a complaint an officer recorded, its first step is the recording bureau's). A note is the bureau's words, or the parent's own (their dispute reason) where the caller opened them. */
  history: Array<{
    at: string;
    type: ComplaintEvent['type'];
    label: string;
    by: { kind: 'parent' } | { kind: 'bureau'; name: string };
    note?: string;
    /** An answer's finding in words (属实, 部分属实, 不属实, 无法核实); absent on older answers that stated none. */
    finding?: string;
    rating?: string;
  }>;
  /** How many images the parent attached: the count only, never the images. */
  evidenceCount?: number;
  /**
   * The rectification items a substantiated complaint became (the bureau's
   * words), each with its public ledger row once the school published it.
   * Added by the status page (services/rectificationDesk.ts), not here.
   */
  rectification?: Array<{
    id: string;
    problem: string;
    aspect: string;
    row?: { href: string; status: LedgerStatus; deadline: string };
  }>;
  /** When a complaint that waited for other parents went to the bureau (ISO): its deadlines count from that day. */
  releasedAt?: string;
  /** Waiting for other parents (waiting.ts): where it stands; it has no deadline yet, so `acceptBy` is empty. */
  waiting?: { have: number; missing: number; untilDay: string; then: 'alone' | 'withdraw'; text: string };
  /** How it came in, when an officer recorded it (phone, letter, visit, 12345); absent for the web form. `filedAt` is then the day it was received. */
  channel?: { id: string; label: string };
  /** The parent's rating of the answer, in words (满意 / 基本满意 / 不满意). */
  rating?: string;
  /** The question "问题还存在吗？" waits for the parent today (回访). */
  followUpDue?: boolean;
  /** The follow-up complaint opened when the parent said the problem persists. */
  recurrence?: string;
  /** This complaint follows up an earlier one whose problem came back. */
  recurrenceOf?: string;
  /** The bureau's questions and the parent's replies (thread.ts), oldest first; they are not repeated in `history`. */
  thread: ThreadMessage[];
  /** A question from the bureau waits for the parent's reply. */
  questionWaiting: boolean;
}

/**
 * What a step is called and who took it. The parent's own steps are theirs,
 * except the first step of a complaint an officer recorded for them (by
 * phone, letter, visit or 12345): that one is the recording bureau's, named
 * as a body, never the officer (the audit's `who` stays with the bureau).
 */
function stepWords(record: ComplaintRecord, e: ComplaintEvent, bureauName: (id: string) => string): Pick<PublicView['history'][number], 'label' | 'by'> {
  if (e.type === 'filed' && record.channel) {
    const recorder = bureauName(record.audit?.find((a) => a.action === 'record')?.body ?? e.bureau);
    return { label: recordedStepLabel(record.channel, recorder), by: { kind: 'bureau', name: recorder } };
  }
  return { label: eventLabel[e.type], by: PARENT_STEPS.has(e.type) ? { kind: 'parent' } : { kind: 'bureau', name: bureauName(e.bureau) } };
}

/** The public view of a complaint on `today` (China's date). */
export function publicView(record: ComplaintRecord, directory: Directory, today: string): PublicView {
  const bureauName = (id: string) => directory.bureaus.get(id)?.name ?? id;
  const pending = pendingDeadline(record);
  // A complaint waiting for other parents has no clock yet, so it cannot be late.
  const overdue = pending && !record.waiting && today > pending.by ? pending.kind : undefined;
  return {
    reference: record.reference,
    school: { id: record.school, name: directory.schools.get(record.school)?.name ?? record.school },
    aspect: { id: record.aspect, name: record.aspect === UNSURE_ASPECT ? '不确定属于哪一类' : (directory.aspects.get(record.aspect)?.name ?? record.aspect) },
    bureau: { id: record.bureau, name: bureauName(record.bureau) },
    status: record.status,
    statusLabel: record.waiting ? '等待其他家长，尚未转给教育局' : statusLabel[record.status],
    filedAt: record.filedAt,
    ...(record.occurredOn ? { occurredOn: record.occurredOn } : {}),
    acceptBy: record.acceptBy,
    ...(record.releasedAt ? { releasedAt: record.releasedAt } : {}),
    ...(record.resolveBy ? { resolveBy: record.resolveBy } : {}),
    // A dispute resets resolveBy to the review deadline (status.ts).
    resolveByLabel: record.history.some((e) => e.type === 'disputed') ? '复核期限' : '办理期限',
    ...(overdue ? { overdue } : {}),
    ...(underSupervision(record) ? { underSupervision: true as const } : {}),
    history: record.history
      .filter((e) => !THREAD_STEPS.has(e.type))
      .map((e) => ({
        at: e.at,
        type: e.type,
        ...stepWords(record, e, bureauName),
        ...(e.note ? { note: e.note } : {}),
        ...(e.finding ? { finding: findingLabel[e.finding] } : {}),
        ...(e.rating ? { rating: ratingLabel[e.rating] } : {}),
      })),
    ...(record.evidence?.length ? { evidenceCount: record.evidence.length } : {}),
    ...(record.channel ? { channel: { id: record.channel, label: channelLabel[record.channel] } } : {}),
    ...(record.rating ? { rating: ratingLabel[record.rating] } : {}),
    ...(followUpDue(record, directory.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS, today) ? { followUpDue: true } : {}),
    ...(record.recurrence ? { recurrence: record.recurrence } : {}),
    ...(record.recurrenceOf ? { recurrenceOf: record.recurrenceOf } : {}),
    thread: threadOf(record, bureauName),
    questionWaiting: questionWaiting(record),
  };
}
