import type { RectificationItem } from '../domain/rectification';

/**
 * Rectification items and the complaints linked to them (issue 24, point 2).
 * The links are bureau-only data: a school's pages read items through
 * `forSchool` (domain/rectification.ts), which drops them. Two engines, held
 * to one contract suite (tests/integration/rectification-store.test.ts):
 * SQLite and Redis.
 */
export interface RectificationStore {
  /** Stores a new item with its first complaint; false when the id is taken. */
  create(item: RectificationItem): Promise<boolean>;
  /** One item with every complaint linked to it, or null. */
  find(id: string): Promise<RectificationItem | null>;
  /** Links one more complaint to an item (nothing happens when it is linked already); the item after, or null when there is none. */
  link(id: string, reference: string): Promise<RectificationItem | null>;
  /** The items a bureau wrote, newest first. */
  ofBureau(bureau: string): Promise<RectificationItem[]>;
  /** The items sent to a school, newest first. */
  ofSchool(school: string): Promise<RectificationItem[]>;
  /** The items a complaint is linked to, oldest first. */
  ofComplaint(reference: string): Promise<RectificationItem[]>;
  /**
   * Records that the parent of `reference` was told that item `id` reached
   * 已整改: true the first time, false ever after, so that they hear it once
   * however often the row is saved as done.
   */
  markTold(id: string, reference: string): Promise<boolean>;
  /** The complaints whose parents were told that item `id` is done, in reference order. */
  toldOf(id: string): Promise<string[]>;
}
