import type { ComplaintRecord } from './complaint';
import { chinaDate } from './deadlines';
import type { Finding } from './findings';

/**
 * A bureau's answer the parent allowed to be published (公开答复): which
 * school, which problem, when, and what the bureau answered. Never the
 * parent's description, their name or contact, or their reasons for a dispute.
 */
export interface PublicAnswer {
  /** The complaint's reference: not a credential (the receipt code is). */
  id: string;
  school: string;
  aspect: string;
  /** The bureau that answered. */
  bureau: string;
  /** Day filed (YYYY-MM-DD, China). */
  filedOn: string;
  /** Every answer of the bureau, oldest first (a second one follows a review), with its finding (absent on older answers that stated none). */
  answers: Array<{ on: string; at: string; text: string; finding?: Finding }>;
}

/** The public answer of a complaint, or null when the parent did not allow it or there is no answer yet. */
export function publicAnswerOf(record: ComplaintRecord): PublicAnswer | null {
  if (!record.publishAnswer) return null;
  const answers = record.history
    .filter((e) => e.type === 'resolved' && e.note)
    .map((e) => ({ on: chinaDate(new Date(e.at)), at: e.at, text: e.note!, ...(e.finding ? { finding: e.finding } : {}) }));
  if (answers.length === 0) return null;
  return {
    id: record.reference,
    school: record.school,
    aspect: record.aspect,
    bureau: record.history.filter((e) => e.type === 'resolved').at(-1)!.bureau,
    filedOn: chinaDate(new Date(record.filedAt)),
    answers,
  };
}

/** Newest answer first; then the newer reference. */
export const newestFirst = (a: PublicAnswer, b: PublicAnswer) => b.answers.at(-1)!.at.localeCompare(a.answers.at(-1)!.at) || b.id.localeCompare(a.id);
