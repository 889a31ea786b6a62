import type { ComplaintEvent, ComplaintRecord, ComplaintStatus } from './complaint';
import { UNSURE_ASPECT, type Directory } from './directory';
import { pendingDeadline } from './status';

export const statusLabel: Record<ComplaintStatus, string> = {
  submitted: '待受理',
  accepted: '已受理，办理中',
  rejected: '不予受理',
  resolved: '已办结',
  confirmed: '已办结（您已确认）',
  disputed: '您对答复有异议，等待教育局复核',
};

export const eventLabel: Record<ComplaintEvent['type'], string> = {
  filed: '提交举报',
  accepted: '教育局受理',
  rejected: '教育局不予受理',
  transferred: '转交其他教育局办理',
  extended: '办理期限延长',
  resolved: '教育局答复办结',
  confirmed: '您确认了答复',
  disputed: '您对答复提出异议',
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
  /** Which deadline, if any, has passed without the step it requires. */
  overdue?: 'accept' | 'resolve';
  history: Array<{ at: string; type: ComplaintEvent['type']; label: string; bureau: string; note?: string }>;
  /** How many images the parent attached: the count only, never the images. */
  evidenceCount?: number;
}

/** The public view of a complaint on `today` (China's date). */
export function publicView(record: ComplaintRecord, directory: Directory, today: string): PublicView {
  const bureauName = (id: string) => directory.bureaus.get(id)?.name ?? id;
  const pending = pendingDeadline(record);
  const overdue = pending && today > pending.by ? pending.kind : undefined;
  return {
    reference: record.reference,
    school: { id: record.school, name: directory.schools.get(record.school)?.name ?? record.school },
    aspect: { id: record.aspect, name: record.aspect === UNSURE_ASPECT ? '不确定属于哪一类' : (directory.aspects.get(record.aspect)?.name ?? record.aspect) },
    bureau: { id: record.bureau, name: bureauName(record.bureau) },
    status: record.status,
    statusLabel: statusLabel[record.status],
    filedAt: record.filedAt,
    ...(record.occurredOn ? { occurredOn: record.occurredOn } : {}),
    acceptBy: record.acceptBy,
    ...(record.resolveBy ? { resolveBy: record.resolveBy } : {}),
    ...(overdue ? { overdue } : {}),
    history: record.history.map((e) => ({ at: e.at, type: e.type, label: eventLabel[e.type], bureau: bureauName(e.bureau), ...(e.note ? { note: e.note } : {}) })),
    ...(record.evidence?.length ? { evidenceCount: record.evidence.length } : {}),
  };
}
