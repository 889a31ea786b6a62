import type { ComplaintEvent, ComplaintRecord, ComplaintStatus, NotificationJob } from './complaint';
import { addDays, chinaDate } from './deadlines';
import type { Directory } from './directory';
import { cleanText, textLength } from './text';
import type { EvidenceItem } from './evidence';
import { EVIDENCE_LIMITS } from './evidence';
import { questionWaiting } from './thread';

/** What a bureau or the parent can do to a complaint. */
export type ComplaintAction =
  | { type: 'accept' }
  | { type: 'reject'; reason: string }
  | { type: 'transfer'; to: string; reason: string }
  | { type: 'extend'; reason: string }
  | { type: 'resolve'; answer: string }
  | { type: 'confirm' }
  | { type: 'dispute'; reason: string }
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
    ...THREAD('submitted'),
  },
  accepted: { extend: { by: 'bureau', to: 'accepted' }, resolve: { by: 'bureau', to: 'resolved' }, ...THREAD('accepted') },
  resolved: { confirm: { by: 'parent', to: 'confirmed' }, dispute: { by: 'parent', to: 'disputed' } },
  disputed: { resolve: { by: 'bureau', to: 'resolved' }, ...THREAD('disputed') },
  rejected: {},
  confirmed: {},
};

/**
 * The one word for each status, wherever it is shown: the parent's status
 * page, the bureau's answer link and the workspace. Each is true for both
 * readers: "已答复" while the parent may still confirm or dispute,
 * "已确认办结" once they confirmed.
 */
export const statusLabel: Record<ComplaintStatus, string> = {
  submitted: '待受理',
  accepted: '办理中',
  rejected: '不予受理',
  resolved: '已答复',
  confirmed: '已确认办结',
  disputed: '有异议，待复核',
};

/** The steps the parent takes themselves; every other step is a bureau's. */
export const PARENT_STEPS: ReadonlySet<ComplaintEvent['type']> = new Set(['filed', 'confirmed', 'disputed', 'replied']);

/** Statuses after which nothing more is expected; retention counts from reaching one. */
export const CLOSED: ReadonlySet<ComplaintStatus> = new Set(['rejected', 'resolved', 'confirmed']);

export type ActionOutcome = { ok: true; record: ComplaintRecord; jobs: NotificationJob[] } | { ok: false; error: string };

const TEXT_MAX = 2000;

/** The free text an action needs, cleaned by the rule in text.ts: present, and not longer than a page. */
function needText(value: string, what: string): { text: string } | { problem: string } {
  const text = cleanText(value);
  if (text === '') return { problem: `请填写${what}` };
  if (textLength(text) > TEXT_MAX) return { problem: `${what}最多 ${TEXT_MAX} 个字` };
  return { text };
}

/**
 * Applies an action taken at `now`. Returns the new record and the
 * notifications it causes, or a message saying why it is not allowed.
 * Pure: the caller stores the result.
 */
export function applyAction(record: ComplaintRecord, action: ComplaintAction, actor: Actor, now: Date, directory: Directory): ActionOutcome {
  const rule = TRANSITIONS[record.status][action.type];
  if (!rule || rule.by !== actor.kind) return { ok: false, error: `这件举报当前状态下不能执行此操作` };
  if (actor.kind === 'bureau' && actor.bureau !== record.bureau) return { ok: false, error: '这件举报已不由贵单位办理' };

  const today = chinaDate(now);
  const at = now.toISOString();
  const { deadlines } = directory;
  const next: ComplaintRecord = { ...record, status: rule.to, history: [...record.history] };
  const event = (type: ComplaintEvent['type'], note?: string, bureau = record.bureau) => next.history.push({ at, type, bureau, ...(note ? { note } : {}) });
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
      event('resolved', checked.text);
      break;
    }
    case 'confirm':
      event('confirmed');
      break;
    case 'dispute': {
      const checked = needText(action.reason, '异议理由');
      if ('problem' in checked) return { ok: false, error: checked.problem };
      // The bureau must review within the review period.
      next.resolveBy = addDays(today, deadlines.reviewDays);
      event('disputed', checked.text);
      job('complaint.disputed');
      break;
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
  return { ok: true, record: next, jobs };
}

/** The deadline the complaint is waiting on (YYYY-MM-DD), or undefined when nothing is pending. */
export function pendingDeadline(record: ComplaintRecord): { kind: 'accept' | 'resolve'; by: string } | undefined {
  if (record.status === 'submitted') return { kind: 'accept', by: record.acceptBy };
  if ((record.status === 'accepted' || record.status === 'disputed') && record.resolveBy) return { kind: 'resolve', by: record.resolveBy };
  return undefined;
}

/** Whole days a complaint is past its pending deadline on `today`, or 0. */
export function daysOverdue(record: ComplaintRecord, today: string): number {
  const pending = pendingDeadline(record);
  if (!pending || today <= pending.by) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${pending.by}T00:00:00Z`)) / 86_400_000);
}
