import type { NoticeKind } from '../../catalogue/schemas/notices';
import type { Directory } from '../directory';
import { ownerKey, SCHOOL_KINDS, type NoticeActor, type NoticeOwner, type NoticeRecord } from './model';

/**
 * Who may do what to a notice. A school's account acts on its own school's
 * notices only; the bureau that supervises the school (content/schools.yaml,
 * through the directory) reviews them; a bureau or the office writes its own
 * bulletins, exposures and announcements, which no one reviews.
 */
export type NoticeRole = 'owner' | 'reviewer';

/** The role `actor` has on `record`, if any. */
export function roleOn(record: Pick<NoticeRecord, 'owner' | 'bureau'>, actor: NoticeActor): NoticeRole | undefined {
  if (ownerKey(actor.body) === ownerKey(record.owner)) return 'owner';
  if (record.owner.kind === 'school' && actor.body.kind === 'bureau' && actor.body.bureau === record.bureau) return 'reviewer';
  return undefined;
}

/** Why `owner` may not write a notice of `kind`, or undefined when it may. */
export function kindRefusal(owner: NoticeOwner, kind: NoticeKind, directory: Pick<Directory, 'schools' | 'bureaus'>): string | undefined {
  if (owner.kind === 'school') {
    if (!directory.schools.has(owner.school)) return '找不到这所学校';
    return SCHOOL_KINDS.has(kind) ? undefined : '学校只能发布自查报告和整改公示';
  }
  if (owner.kind === 'bureau' && !directory.bureaus.has(owner.bureau)) return '找不到这个教育局';
  return SCHOOL_KINDS.has(kind) ? '自查报告和整改公示由学校发布' : undefined;
}

/**
 * The bureau a notice belongs to: the one supervising the school (asked at
 * every submission, so a school moved to another bureau is reviewed by its
 * new one), or the bureau that writes it; none for the office.
 */
export function noticeBureau(owner: NoticeOwner, directory: Pick<Directory, 'schools'>): string | undefined {
  if (owner.kind === 'school') return directory.schools.get(owner.school)?.bureau;
  return owner.kind === 'bureau' ? owner.bureau : undefined;
}

/** Whether a submission waits for review: only schools' notices, and only where the city's settings ask for it. */
export const needsApproval = (owner: NoticeOwner, settings: NoticeSettings) => owner.kind === 'school' && settings.approvalRequired;

/** The settings the review depends on (content/site.yaml). */
export interface NoticeSettings {
  /** Schools' notices wait for their bureau's approval; when false they are published on submission. */
  approvalRequired: boolean;
}
