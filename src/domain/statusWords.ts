import type { ComplaintEvent, ComplaintStatus } from './complaint';

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
export const PARENT_STEPS: ReadonlySet<ComplaintEvent['type']> = new Set(['filed', 'confirmed', 'disputed', 'escalated', 'followedUp', 'replied']);

/** Statuses after which nothing more is expected; retention counts from reaching one. */
export const CLOSED: ReadonlySet<ComplaintStatus> = new Set(['rejected', 'resolved', 'confirmed']);
