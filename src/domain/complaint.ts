import type { AuditEntry } from './audit';
import type { EvidenceItem } from './evidence';
import type { Finding } from './findings';
import type { StaffChannel } from './channels';
import type { FollowUpAnswer, Rating } from './ratings';
import type { Waiting } from './waiting';

/** Where a complaint stands. Transitions are in status.ts. */
export type ComplaintStatus = 'submitted' | 'accepted' | 'rejected' | 'resolved' | 'confirmed' | 'disputed';

/** A step in a complaint's public history, shown to the parent. */
export interface ComplaintEvent {
  /** ISO timestamp. */
  at: string;
  /** `asked` and `replied` are the bureau's questions and the parent's replies (thread.ts): neither moves the status or a clock. */
  type:
    'filed' | 'accepted' | 'rejected' | 'transferred' | 'extended' | 'resolved' | 'confirmed' | 'disputed' | 'escalated' | 'followedUp' | 'asked' | 'replied';
  /** The bureau acting (or, for a transfer, the bureau it went to). */
  bureau: string;
  /** The reason or answer the bureau wrote; shown to the parent. */
  note?: string;
  /** The parent's own words (a dispute's reason), sealed like the description: for the bureau only (parentWords.ts). */
  sealedNote?: string;
  /** What the bureau found, on an answer (findings.ts). */
  finding?: Finding;
  /** The parent's rating, on the confirmation or dispute it caused (ratings.ts). */
  rating?: Rating;
  /** The parent's answer to 回访, on a `followedUp` step. */
  followUp?: FollowUpAnswer;
  /** The images the parent sent with a reply (`replied`), kept like the complaint's evidence (evidence.ts). */
  evidence?: EvidenceItem[];
}

/** What only the bureau may read: sealed at rest. */
export interface ComplaintPrivate {
  description: string;
  contact?: { name: string; phone?: string; email?: string };
  /** A mobile number for short updates only: the bureau sees it only with the parent's consent to contact. */
  smsMobile?: string;
}

/** A stored complaint. Personal data and the description live only in `sealed`. */
export interface ComplaintRecord {
  reference: string;
  /** Keyed hash of the receipt code; the code itself is never stored. */
  receiptHash: string;
  school: string;
  aspect: string;
  occurredOn?: string;
  anonymous: boolean;
  contactConsent: boolean;
  /** True when the parent left an email: they get a short mail at each change. */
  notifyParent: boolean;
  /** True when the parent left a mobile number for updates: they get a short message at each change (domain/smsNotice.ts). */
  notifySms?: boolean;
  /** `ComplaintPrivate` as JSON, sealed with the site key. */
  sealed: string;
  bureau: string;
  status: ComplaintStatus;
  filedAt: string;
  /** Last day to accept or refuse (YYYY-MM-DD, China). */
  acceptBy: string;
  /** Last day to answer, once accepted. */
  resolveBy?: string;
  /** The one extension has been used. */
  extended: boolean;
  history: ComplaintEvent[];
  /** When it reached a final state; retention counts from here. */
  closedAt?: string;
  /** Who took each bureau action, when and through which session: for the bureau and the office only (audit.ts). */
  audit?: AuditEntry[];
  /** The evidence images, encrypted in the blob store (evidence.ts); absent when none. */
  evidence?: EvidenceItem[];
  /** The parent allowed the bureau's answer to be published (公开答复): school, aspect, dates and the answer, never their words. */
  publishAnswer?: boolean;
  /** The deadline the parent asked the city office to supervise (请上级督办), as `<accept|resolve>:<YYYY-MM-DD>`: once per deadline. */
  escalatedFor?: string;
  /** The finding of the latest answer (findings.ts); absent until answered. */
  finding?: Finding;
  /** The ledger row (`<notice id>#<row>`) whose rectification the parent disputes. */
  ledgerItem?: string;
  /** How it came in when an officer recorded it (channels.ts); absent for the web form (`channelOf` reads it as `web`). */
  channel?: StaffChannel;
  /** Filed through another parent's "我也遇到了" link (sameLink.ts): the statistics count these as 同题反映. */
  sameLink?: true;
  /** Waiting for other parents (waiting.ts): stored with no legal clock, in no list or count, until it goes or is withdrawn. */
  waiting?: Waiting;
  /** When a complaint that waited went to the bureau (ISO): its deadlines count from that day. */
  releasedAt?: string;
  /** When the officer recorded it (ISO); `filedAt` is when it was received, which the clocks count from. */
  recordedAt?: string;
  /** The parent's latest rating of an answer (ratings.ts). */
  rating?: Rating;
  /** When the follow-up question was queued by email: it is asked once. */
  followUpAskedAt?: string;
  /** The parent's answer to "问题还存在吗？"; absent until they answer. */
  followUpAnswer?: FollowUpAnswer;
  /** The follow-up complaint opened when the problem persisted (its reference). */
  recurrence?: string;
  /** On a follow-up complaint: the reference of the complaint whose problem came back. */
  recurrenceOf?: string;
}

/** A notification waiting to be sent. The id doubles as the Resend idempotency key. */
export interface NotificationJob {
  /** `<event>/<reference>`, plus a sequence for events that can repeat. */
  id: string;
  event:
    | 'complaint.filed'
    | 'complaint.transferred'
    | 'complaint.disputed'
    | 'parent.update'
    | 'overdue.digest'
    | 'notice.mail'
    /** The school's ledger row for an item linked to this complaint reached 已整改 (services/rectificationRows.ts). */
    | 'rectification.done'
    | 'parent.sms'
    /** A complaint that waited for other parents went to the bureau: the parent's email (waiting.ts). */
    | 'parent.released'
    | 'complaint.escalated'
    | 'bureau.escalated'
    | 'followup.ask'
    | 'complaint.replied';
  reference?: string;
  createdAt: string;
  attempts: number;
  /** Short reason of the last failure (a status or error name, never message content). */
  lastError?: string;
  /** The last attempt may have been accepted (a timeout after sending): a sender without idempotency keys asks before sending again. */
  uncertain?: boolean;
  /** Data for jobs that are not about one complaint (the overdue digest; a notice's email, composed when queued). */
  payload?: unknown;
}

/** The answer to a successful filing, as the API and the confirmation page show it. */
export interface FilingAnswer {
  reference: string;
  receiptCode: string;
  bureau: { id: string; name: string };
  acceptBy: string;
  /** The day it was filed (YYYY-MM-DD, China), as the receipt states it. */
  filedOn: string;
  /** The signed receipt (domain/receipt.ts): reference, day, bureau and deadline, which anyone can check at /verify/. */
  receipt: string;
  /** Waiting for other parents: how many, until when; `acceptBy` is then empty (no clock yet). */
  waiting?: { need: number; untilDay: string; then: 'alone' | 'withdraw' };
}
