import type { Finding, LedgerRow, LedgerStatus, NoticeKind } from '../../catalogue/schemas/notices';
import type { BodyBlock } from './body';

/**
 * A notice published through the site (not a file in content/notices/):
 * who owns it, where its working copy stands, and every version the public
 * has seen. One JSON record per notice in the store; `revision` goes up by
 * one with each step, so that two reviewers acting at once cannot both win
 * (the store saves only over the revision the step was computed from).
 */
export interface NoticeRecord {
  id: string;
  kind: NoticeKind;
  owner: NoticeOwner;
  /** The bureau that reviews a school's notice, or the bureau that wrote its own; absent for the office. */
  bureau?: string;
  state: NoticeState;
  revision: number;
  createdAt: string;
  /** The copy being written, reviewed or returned; absent when nothing is pending. */
  pending?: PendingCopy;
  /** When the pending copy was submitted (the bureau's "waiting since"). */
  submittedAt?: string;
  /** Why the bureau returned the pending copy. */
  returnedReason?: string;
  /** Every published version, oldest first; never rewritten. */
  versions: NoticeVersion[];
  withdrawal?: { at: string; reason: string; by: string };
  /** Progress entries per ledger row id, oldest first, each public at once. */
  progress: Record<string, RowProgress[]>;
}

/**
 * draft → submitted → published, or submitted → returned → draft again. A
 * published notice with a correction under way is in draft/submitted/returned
 * again while the public keeps seeing its last version.
 */
export type NoticeState = 'draft' | 'submitted' | 'returned' | 'published' | 'withdrawn';

export type NoticeOwner = { kind: 'school'; school: string } | { kind: 'bureau'; bureau: string } | { kind: 'office' };

/** Who acts: the body of the signed-in account and, when known, the registered address that acted. */
export interface NoticeActor {
  body: NoticeOwner;
  address?: string;
}

/** What a notice says, checked by draft.ts; rows carry their stable id in `item`. */
export interface NoticeContent {
  title: string;
  summary: string;
  phase: string;
  aspects: string[];
  body: string;
  selfScore?: number;
  ledger?: (LedgerRow & { item: string })[];
  findings?: Finding[];
}

export interface PendingCopy {
  content: NoticeContent;
  /** Present when the copy corrects a published version: the reason shown as "修订于 … ：理由". */
  correction?: string;
}

export interface NoticeVersion {
  number: number;
  content: NoticeContent;
  /** The body text, parsed once into safe blocks (body.ts). */
  blocks: BodyBlock[];
  publishedAt: string;
  /** Who approved it, or who published it where no approval was needed. */
  approvedBy: string;
  correction?: string;
}

export interface RowProgress {
  at: string;
  /** The day the progress was made, as the school states it. */
  on: string;
  status: LedgerStatus;
  note?: string;
  by: string;
}

/** One step in a notice's audit trail: who (body and address) did what, when. */
export interface NoticeAudit {
  at: string;
  notice: string;
  action: NoticeActionType | 'start';
  body: string;
  address?: string;
  revision: number;
  reason?: string;
  /** The ledger row a progress entry was recorded on. */
  row?: string;
}

export type NoticeActionType = 'edit' | 'submit' | 'approve' | 'return' | 'correct' | 'withdraw' | 'progress';

/** The id of a body as the audit and the store write it: `school:<id>`, `bureau:<id>` or `office`. */
export function ownerKey(owner: NoticeOwner): string {
  return owner.kind === 'office' ? 'office' : owner.kind === 'school' ? `school:${owner.school}` : `bureau:${owner.bureau}`;
}

/** Notices a school writes; the others are written by a bureau or the office. */
export const SCHOOL_KINDS: ReadonlySet<NoticeKind> = new Set(['self-inspection', 'rectification']);
