import type { StaffChannel } from './channels';
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

/**
 * The step of a complaint that waited for other parents and went to the
 * bureau (waiting.ts), in the parent's email and SMS. Not a history step: it
 * starts the clocks, it is not an action of anyone.
 */
export const RELEASED_WORDS = '已转给教育局办理';

/** How a complaint an officer recorded came in, as the first step of its history names it (channels.ts). */
const recordedWords: Record<StaffChannel, string> = {
  phone: '电话举报',
  letter: '来信举报',
  visit: '来访举报',
  hotline: '12345 热线转办',
};

/**
 * The first step of a complaint an officer recorded, for the parent and the
 * bureau alike: "电话举报，由谯城区教育局工作人员登记". It names the body that
 * recorded it, never the officer: the parent did not file it online, and
 * "提交举报 · 您" would say they did.
 */
export const recordedStepLabel = (channel: StaffChannel, bureauName: string) => `${recordedWords[channel]}，由${bureauName}工作人员登记`;
