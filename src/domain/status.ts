import type { ComplaintEvent, ComplaintRecord, ComplaintStatus, NotificationJob } from './complaint';
import { addDays, chinaDate } from './deadlines';
import type { Directory } from './directory';
import { cleanText, textLength } from './text';
import { isFinding } from './findings';
import { DEFAULT_FOLLOW_UP_DAYS, followUpDue, followUpLabel, ratingLabel, type FollowUpAnswer, type Rating } from './ratings';
import type { EvidenceItem } from './evidence';
import { EVIDENCE_LIMITS } from './evidence';
import { questionWaiting } from './thread';
import { escalationKey, pendingDeadline } from './pendingDeadline';
import { CLOSED } from './statusWords';

// The status machine's neighbours, re-exported so that callers keep one import: the words and sets of statuses
// (statusWords.ts) and the deadline a complaint waits on (pendingDeadline.ts).
export { CLOSED, PARENT_STEPS, statusLabel } from './statusWords';
export { daysOverdue, escalationKey, pendingDeadline, underSupervision } from './pendingDeadline';

/** What a bureau or the parent can do to a complaint. */
export type ComplaintAction =
  | { type: 'accept' }
  | { type: 'reject'; reason: string }
  | { type: 'transfer'; to: string; reason: string }
  | { type: 'extend'; reason: string }
  /** `finding` as posted (a key of findings.ts); anything else is refused. */
  | { type: 'resolve'; answer: string; finding?: string }
  | { type: 'confirm' }
  | { type: 'dispute'; reason: string }
  | { type: 'escalate' }
  /** The parent's rating: 满意/基本满意 confirm, 不满意 (with a reason) disputes. */
  | { type: 'rate'; rating: Rating; reason?: string }
  /** The parent's answer to 回访, once it is due; 'persists' is linked to a follow-up complaint by the caller. */
  | { type: 'followUp'; answer: FollowUpAnswer }
  /** The bureau asks the parent a question under the receipt code (thread.ts). */
  | { type: 'ask'; question: string }
  /** The parent answers the question waiting for them, with images already processed if they sent any. */
  | { type: 'reply'; text: string; evidence?: EvidenceItem[] };

export type Actor = { kind: 'bureau'; bureau: string } | { kind: 'parent' };

/**
 * Questions and replies while the complaint is open (submitted, accepted,
 * disputed): the status stays, and so does every clock. Once answered,
 * rejected or confirmed there is nothing to ask: a question left waiting is
 * moot, and a parent who disagrees disputes the answer instead.
 */
const THREAD = (status: ComplaintStatus) => ({ ask: { by: 'bureau', to: status }, reply: { by: 'parent', to: status } }) as const;

/**
 * The status machine: which actor may take which action from which status.
 * Everything not listed is refused. `transfer` keeps the status (the new
 * bureau must accept it); `extend` keeps it too but may be used once.
 */
export const TRANSITIONS: Record<ComplaintStatus, Partial<Record<ComplaintAction['type'], { by: Actor['kind']; to: ComplaintStatus }>>> = {
  submitted: {
    accept: { by: 'bureau', to: 'accepted' },
    reject: { by: 'bureau', to: 'rejected' },
    transfer: { by: 'bureau', to: 'submitted' },
    escalate: { by: 'parent', to: 'submitted' },
    ...THREAD('submitted'),
  },
  accepted: {
    extend: { by: 'bureau', to: 'accepted' },
    resolve: { by: 'bureau', to: 'resolved' },
    escalate: { by: 'parent', to: 'accepted' },
    ...THREAD('accepted'),
  },
  // `rate` goes to 'confirmed', or to 'disputed' when the rating is 不满意 (applyAction).
  resolved: {
    confirm: { by: 'parent', to: 'confirmed' },
    dispute: { by: 'parent', to: 'disputed' },
    rate: { by: 'parent', to: 'confirmed' },
    followUp: { by: 'parent', to: 'resolved' },
  },
  disputed: { resolve: { by: 'bureau', to: 'resolved' }, escalate: { by: 'parent', to: 'disputed' }, ...THREAD('disputed') },
  rejected: {},
  confirmed: { followUp: { by: 'parent', to: 'confirmed' } },
};

export type ActionOutcome = { ok: true; record: ComplaintRecord; jobs: NotificationJob[] } | { ok: false; error: string };

const TEXT_MAX = 2000;

/** The free text an action needs, cleaned by the rule in text.ts: present, and not longer than a page. */
function needText(value: string, what: string): { text: string } | { problem: string } {
  const text = cleanText(value);
  if (text === '') return { problem: `请填写${what}` };
  if (textLength(text) > TEXT_MAX) return { problem: `${what}最多 ${TEXT_MAX} 个字` };
  return { text };
}

const FINDING_MISSING = '请选择查实情况：属实、部分属实、不属实或无法核实';

/**
 * Why an answer cannot be given to any complaint (no text, too long, no
 * finding), checked once before one answer goes to a group of complaints;
 * undefined when it can. `applyAction` checks the same for each complaint.
 */
export function answerProblem(action: Extract<ComplaintAction, { type: 'resolve' }>): string | undefined {
  const checked = needText(action.answer, '答复内容');
  if ('problem' in checked) return checked.problem;
  return isFinding(action.finding) ? undefined : FINDING_MISSING;
}

/**
 * Applies an action taken at `now`. Returns the new record and the
 * notifications it causes, or a message saying why it is not allowed.
 * Pure: the caller stores the result.
 */
export function applyAction(record: ComplaintRecord, action: ComplaintAction, actor: Actor, now: Date, directory: Directory): ActionOutcome {
  // A complaint waiting for other parents (waiting.ts) has gone to nobody yet: no step, no escalation, until it goes.
  if (record.waiting) return { ok: false, error: '这份举报正在等待其他家长反映，还没有转给教育局，暂时不能执行此操作' };
  const rule = TRANSITIONS[record.status][action.type];
  if (!rule || rule.by !== actor.kind) return { ok: false, error: `这件举报当前状态下不能执行此操作` };
  if (actor.kind === 'bureau' && actor.bureau !== record.bureau) return { ok: false, error: '这件举报已不由贵单位办理' };

  const today = chinaDate(now);
  const at = now.toISOString();
  const { deadlines } = directory;
  const next: ComplaintRecord = { ...record, status: rule.to, history: [...record.history] };
  const event = (type: ComplaintEvent['type'], note?: string, bureau = record.bureau, extra: Partial<ComplaintEvent> = {}) =>
    next.history.push({ at, type, bureau, ...(note ? { note } : {}), ...extra });
  const jobs: NotificationJob[] = [];
  const job = (kind: NotificationJob['event']) =>
    jobs.push({ id: `${kind}/${record.reference}/${next.history.length}`, event: kind, reference: record.reference, createdAt: at, attempts: 0 });

  switch (action.type) {
    case 'accept':
      next.resolveBy = addDays(today, deadlines.resolveDays);
      event('accepted');
      break;
    case 'reject': {
      const checked = needText(action.reason, '不予受理的理由');
      if ('problem' in checked) return { ok: false, error: checked.problem };
      event('rejected', checked.text);
      break;
    }
    case 'transfer': {
      const checked = needText(action.reason, '转办理由');
      if ('problem' in checked) return { ok: false, error: checked.problem };
      if (action.to === record.bureau || !directory.bureaus.has(action.to)) return { ok: false, error: '请选择要转交的其他教育局' };
      next.bureau = action.to;
      // The receiving bureau gets the full time to accept, counted from the transfer.
      next.acceptBy = addDays(today, deadlines.acceptDays);
      event('transferred', checked.text, action.to);
      job('complaint.transferred');
      break;
    }
    case 'extend': {
      if (record.extended) return { ok: false, error: '办理期限只能延长一次' };
      const checked = needText(action.reason, '延期理由');
      if ('problem' in checked) return { ok: false, error: checked.problem };
      next.extended = true;
      next.resolveBy = addDays(record.resolveBy ?? today, deadlines.extensionDays);
      event('extended', checked.text);
      break;
    }
    case 'resolve': {
      const checked = needText(action.answer, '答复内容');
      if ('problem' in checked) return { ok: false, error: checked.problem };
      // Every answer states what was found: the parent, the statistics and the ledger read it.
      if (!isFinding(action.finding)) return { ok: false, error: FINDING_MISSING };
      event('resolved', checked.text);
      next.history[next.history.length - 1]!.finding = action.finding;
      next.finding = action.finding;
      break;
    }
    case 'confirm':
      event('confirmed');
      break;
    case 'escalate': {
      // Only past the pending deadline, and once per deadline: a new deadline (after acceptance or a dispute) may be escalated again.
      const pending = pendingDeadline(record);
      if (!pending || today <= pending.by) return { ok: false, error: '还没有超过办理期限，暂时不能请求督办' };
      const key = escalationKey(pending);
      if (record.escalatedFor === key) return { ok: false, error: '您已经请求过督办，市督导部门正在督办' };
      next.escalatedFor = key;
      event('escalated');
      // The city office hears at once, not only in the next daily digest; the bureau is told it is being supervised.
      job('complaint.escalated');
      job('bureau.escalated');
      break;
    }
    case 'dispute': {
      const checked = needText(action.reason, '异议理由');
      if ('problem' in checked) return { ok: false, error: checked.problem };
      // The bureau must review within the review period.
      next.resolveBy = addDays(today, deadlines.reviewDays);
      event('disputed', checked.text);
      job('complaint.disputed');
      break;
    }
    case 'rate': {
      if (!(action.rating in ratingLabel)) return { ok: false, error: '请选择满意、基本满意或不满意' };
      next.rating = action.rating;
      if (action.rating !== 'unsatisfied') {
        event('confirmed', undefined, record.bureau, { rating: action.rating });
        break;
      }
      // 不满意 is a dispute with a rating: the same review clock, job and sealed reason.
      const checked = needText(action.reason ?? '', '不满意的原因');
      if ('problem' in checked) return { ok: false, error: checked.problem };
      next.status = 'disputed';
      next.resolveBy = addDays(today, deadlines.reviewDays);
      event('disputed', checked.text, record.bureau, { rating: action.rating });
      job('complaint.disputed');
      break;
    }
    case 'followUp': {
      if (record.followUpAnswer) return { ok: false, error: '您已经回答过“问题还存在吗？”' };
      if (!followUpDue(record, directory.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS, today)) return { ok: false, error: '现在还不到回访的时间' };
      if (!(action.answer in followUpLabel)) return { ok: false, error: '请选择问题已解决或还存在' };
      next.followUpAnswer = action.answer;
      event('followedUp', followUpLabel[action.answer], record.bureau, { followUp: action.answer });
      // Returned here, before closedAt is reset below: answering the question does not restart retention.
      return { ok: true, record: next, jobs };
    }
    case 'ask': {
      const checked = needText(action.question, '问题');
      if ('problem' in checked) return { ok: false, error: checked.problem };
      // Sealed with the parent's words before it is stored (parentWords.ts); the parent's email names the step, never the question.
      event('asked', checked.text);
      break;
    }
    case 'reply': {
      if (!questionWaiting(record)) return { ok: false, error: '现在没有等待您回复的问题' };
      const checked = needText(action.text, '回复内容');
      if ('problem' in checked) return { ok: false, error: checked.problem };
      const images = action.evidence ?? [];
      if (images.length > EVIDENCE_LIMITS.perComplaint) return { ok: false, error: `每次回复最多附 ${EVIDENCE_LIMITS.perComplaint} 张图片` };
      event('replied', checked.text);
      if (images.length > 0) next.history[next.history.length - 1]!.evidence = images;
      // The bureau hears of the reply at once, as of a dispute: it waits for it.
      job('complaint.replied');
      break;
    }
  }
  if (CLOSED.has(next.status)) next.closedAt = at;
  else delete next.closedAt;
  // The parent hears of every change made by a bureau, if they left an email.
  if (actor.kind === 'bureau' && record.notifyParent) job('parent.update');
  // And by SMS, if they left a mobile number for updates (domain/smsNotice.ts).
  if (actor.kind === 'bureau' && record.notifySms) job('parent.sms');
  return { ok: true, record: next, jobs };
}
