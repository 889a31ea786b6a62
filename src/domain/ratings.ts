import type { ComplaintRecord } from './complaint';
import { addDays, chinaDate } from './deadlines';

/**
 * How the parent rates an answer (好差评: 满意 / 基本满意 / 不满意). The keys
 * are stored; the words are what everyone reads. 不满意 sends the complaint
 * back for review, like a dispute, and the supervision office sees it.
 */
export const RATINGS = ['satisfied', 'basically', 'unsatisfied'] as const;

export type Rating = (typeof RATINGS)[number];

export const ratingLabel: Record<Rating, string> = {
  satisfied: '满意',
  basically: '基本满意',
  unsatisfied: '不满意',
};

export function isRating(value: unknown): value is Rating {
  return typeof value === 'string' && (RATINGS as readonly string[]).includes(value);
}

/** The parent's answer to 回访 ("问题还存在吗？"). */
export const FOLLOW_UP_ANSWERS = ['fixed', 'persists'] as const;

export type FollowUpAnswer = (typeof FOLLOW_UP_ANSWERS)[number];

export const followUpLabel: Record<FollowUpAnswer, string> = {
  fixed: '问题已解决',
  persists: '问题还存在',
};

export function isFollowUpAnswer(value: unknown): value is FollowUpAnswer {
  return typeof value === 'string' && (FOLLOW_UP_ANSWERS as readonly string[]).includes(value);
}

/** Days after closure when the parent is asked, unless content/site.yaml says otherwise. */
export const DEFAULT_FOLLOW_UP_DAYS = 30;

/** The day (YYYY-MM-DD, China) the follow-up question is due, or undefined when it will not be asked. */
export function followUpDueOn(record: ComplaintRecord, followUpDays: number): string | undefined {
  // Only an answered complaint is asked; a refused one has nothing to follow up.
  if ((record.status !== 'resolved' && record.status !== 'confirmed') || !record.closedAt || record.followUpAnswer) return undefined;
  return addDays(chinaDate(new Date(record.closedAt)), followUpDays);
}

/** True when the question "问题还存在吗？" waits for the parent on `today` (China's date). */
export function followUpDue(record: ComplaintRecord, followUpDays: number, today: string): boolean {
  const due = followUpDueOn(record, followUpDays);
  return due !== undefined && today >= due;
}
