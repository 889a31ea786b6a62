import type { ComplaintRecord } from './complaint';
import { chinaDate, daysBetween } from './deadlines';
import type { Directory } from './directory';
import { findingLabel } from './findings';
import { ratingLabel } from './ratings';
import { statusLabel } from './status';

/**
 * One 不满意 rating and what the bureau did after it, for the supervision
 * office. Ratings push officers to close cases on paper (虚假办结); the
 * office checks whether a review happened and whether it was more than the
 * first answer sent again. Never the parent's words: the office reads none.
 */
export interface UnsatisfiedLine {
  reference: string;
  bureau: string;
  school: string;
  /** When the parent rated the answer 不满意 (YYYY-MM-DD, China). */
  ratedOn: string;
  /** When the bureau answered again, if it has. */
  reviewedOn?: string;
  /** Days from the rating to the new answer, or, while none, to `today`. */
  days: number;
  /** The review's answer is word for word the answer the parent rejected. */
  sameAnswer?: boolean;
  /** The finding before and after the review, in words, when either answer stated one. */
  findingBefore?: string;
  findingAfter?: string;
  /** The rating the parent gave the review's answer, if they rated it again. */
  ratedAgain?: string;
  /** The complaint's status now. */
  status: string;
}

/** Every 不满意 rating in a complaint's history, each with the review that followed it, as of `today`. */
export function unsatisfiedLines(record: ComplaintRecord, directory: Directory, today: string): UnsatisfiedLine[] {
  const lines: UnsatisfiedLine[] = [];
  const { history } = record;
  history.forEach((step, index) => {
    if (step.type !== 'disputed' || step.rating !== 'unsatisfied') return;
    const before = history.slice(0, index).findLast((e) => e.type === 'resolved');
    const after = history.slice(index + 1).find((e) => e.type === 'resolved');
    const later = after ? history.slice(history.indexOf(after) + 1).find((e) => e.rating !== undefined) : undefined;
    const ratedOn = chinaDate(new Date(step.at));
    const reviewedOn = after ? chinaDate(new Date(after.at)) : undefined;
    lines.push({
      reference: record.reference,
      bureau: directory.bureaus.get(record.bureau)?.name ?? record.bureau,
      school: directory.schools.get(record.school)?.name ?? record.school,
      ratedOn,
      ...(reviewedOn ? { reviewedOn } : {}),
      days: daysBetween(ratedOn, reviewedOn ?? today),
      ...(after ? { sameAnswer: (after.note ?? '') === (before?.note ?? '') } : {}),
      ...(before?.finding ? { findingBefore: findingLabel[before.finding] } : {}),
      ...(after?.finding ? { findingAfter: findingLabel[after.finding] } : {}),
      ...(later?.rating ? { ratedAgain: ratingLabel[later.rating] } : {}),
      status: statusLabel[record.status],
    });
  });
  return lines;
}
