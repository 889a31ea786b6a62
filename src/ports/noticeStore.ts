import { ownerKey, type NoticeAudit, type NoticeRecord } from '../domain/notices/model';

/** Which published notices a list shows. */
export type NoticeScope = { all: true } | { school: string } | { bureau: string };

/** A submission waiting for its bureau, and since when (ISO). */
export interface WaitingNotice {
  id: string;
  kind: NoticeRecord['kind'];
  school?: string;
  title: string;
  since: string;
  /** True when it corrects a published notice. */
  correction: boolean;
}

/**
 * Notices written in the site: drafts, submissions, approvals, versions,
 * withdrawals and rows' progress are all steps on one record (the pure
 * domain in src/domain/notices/ computes them); the store keeps the record,
 * its indexes and its audit trail. Two engines, held to one contract suite
 * (tests/integration/notice-store.test.ts): SQLite and Redis.
 *
 * `save` is a compare-and-set on the record's revision: of two reviewers
 * approving (or one approving, one returning) the same submission at once,
 * exactly one is saved; the other gets false and reads the record again.
 */
export interface NoticeStore {
  /** Stores a new notice and the audit of its start; false when the id is taken. */
  create(record: NoticeRecord, audit: NoticeAudit): Promise<boolean>;
  /** Saves a step's record if the stored one is still at `expectedRevision`, with its audit line, as one write. */
  save(record: NoticeRecord, expectedRevision: number, audit: NoticeAudit): Promise<boolean>;
  /** One notice with all its versions, or null. */
  find(id: string): Promise<NoticeRecord | null>;
  /** Every notice of a body (`ownerKey`: drafts, submitted, published, withdrawn), newest started first. */
  noticesOf(owner: string): Promise<NoticeRecord[]>;
  /** What waits for bureau `bureau`'s review, longest waiting first. */
  waitingFor(bureau: string): Promise<WaitingNotice[]>;
  /** Published notices (withdrawn ones too: their notice of withdrawal is public), newest first published first. */
  published(scope: NoticeScope, page: { offset: number; limit: number }): Promise<{ total: number; notices: NoticeRecord[] }>;
  /** A notice's audit trail, oldest first. */
  auditOf(id: string): Promise<NoticeAudit[]>;
  /**
   * How many saves have touched a published notice (a version, a correction, a withdrawal, a row's progress):
   * one number that every server process reads, at most every few seconds, to know that the public pages it
   * rendered are out of date (src/server/liveNotices.ts).
   */
  publications(): Promise<number>;
  /**
   * The published notices saved after count `since` of `publications()`, each once (as it is now), in the order of
   * their latest save, at most `limit`. `until` is the count the answer brings its reader up to: ask again from it
   * while `more`. What lets a process that holds the catalogue read only what changed (src/server/liveNotices.ts),
   * not every notice again.
   */
  changedSince(since: number, limit: number): Promise<NoticeChanges>;
}

/** A page of `changedSince`'s answer. */
export interface NoticeChanges {
  notices: NoticeRecord[];
  until: number;
  more: boolean;
}

/**
 * Where a record appears in the store's indexes, worked out one way for
 * both engines. Times are epoch ms, for sorting; the first publication
 * orders lists (a correction does not move a notice to the top).
 */
export function noticeIndex(record: NoticeRecord) {
  const first = record.versions[0];
  return {
    owner: ownerKey(record.owner),
    createdAt: Date.parse(record.createdAt),
    waiting: record.state === 'submitted' && record.bureau && record.submittedAt ? { bureau: record.bureau, since: Date.parse(record.submittedAt) } : undefined,
    publishedAt: first ? Date.parse(first.publishedAt) : undefined,
    school: record.owner.kind === 'school' ? record.owner.school : undefined,
    bureau: record.bureau,
  };
}

export type NoticeIndex = ReturnType<typeof noticeIndex>;

/** The waiting entry of a record in `waitingFor`'s answer. */
export function waitingEntry(record: NoticeRecord): WaitingNotice {
  const copy = record.pending!;
  return {
    id: record.id,
    kind: record.kind,
    ...(record.owner.kind === 'school' ? { school: record.owner.school } : {}),
    title: copy.content.title,
    since: record.submittedAt!,
    correction: copy.correction !== undefined,
  };
}
