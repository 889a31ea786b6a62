import type { LedgerStatus } from '../catalogue/schemas/notices';
import type { ComplaintRecord } from './complaint';
import type { Directory } from './directory';
import { needsRectification } from './findings';
import { cleanText, textLength } from './text';

/**
 * A rectification item (整改事项): one problem a bureau found substantiated,
 * in the bureau's own words, sent to the school to put on its ledger. One item
 * per problem, not per complaint: ten complaints about the same holiday
 * classes are one item, so nothing the school sees counts complaints. The
 * item's id is the id of the ledger row the school publishes for it, so the
 * row keeps it across versions and corrections, and the parent's status page
 * and the bureau's list find the row by it.
 */
export interface RectificationItem {
  /** `zg-` and eight random characters: no date, no reference, nothing to tell a complaint by. */
  id: string;
  school: string;
  /** The bureau that wrote it (the school's supervising bureau when it did). */
  bureau: string;
  aspect: string;
  /** 存在问题, in the bureau's words. */
  problem: string;
  createdAt: string;
  /** The registered address (or body) that wrote it, for the bureau's own trail. */
  createdBy: string;
  /** The complaints it answers: bureau-only data, never shown to the school. */
  complaints: string[];
}

/** What the school sees of an item: the bureau's words and the aspect; no complaint, reference, date or count. */
export interface ItemForSchool {
  id: string;
  aspect: string;
  problem: string;
}

export const forSchool = (item: RectificationItem): ItemForSchool => ({ id: item.id, aspect: item.aspect, problem: item.problem });

/** Where an item stands on the public ledger (the school's last published version and the row's progress). */
export interface ItemRow {
  notice: string;
  status: LedgerStatus;
  deadline: string;
  /** The day it reached 已整改 (progress.ts `doneOn`); absent while it is not 已整改. */
  doneOn?: string;
}

/**
 * "整改事项按期完成" for one period (the county assessment): of the items whose
 * row falls due from `first` to `last`, those that reached 已整改 by their
 * deadline. Items not yet published as a row have no deadline and are not
 * counted here (the duty board shows them as unpublished). Null when none fell due.
 */
export function itemsClosedTally(rows: readonly ItemRow[], first: string, last: string): { met: number; due: number } | null {
  const due = rows.filter((row) => row.deadline >= first && row.deadline <= last);
  if (due.length === 0) return null;
  return { met: due.filter((row) => row.doneOn !== undefined && row.doneOn <= row.deadline).length, due: due.length };
}

/**
 * The bureau's view of an item: 未发布 until the school publishes its row;
 * 已发布 after; 已逾期 when the row's deadline has passed (China's date) and it
 * is not 已整改.
 */
export type ItemState = 'unpublished' | 'published' | 'overdue';

export function itemState(row: ItemRow | undefined, today: string): ItemState {
  if (!row) return 'unpublished';
  return row.status !== '已整改' && row.deadline < today ? 'overdue' : 'published';
}

export const ITEM_STATE_NAMES: Record<ItemState, string> = { unpublished: '学校尚未发布', published: '已发布', overdue: '已逾期' };

const PROBLEM_MAX = 200;
/** A run this long shared with the parent's words is a quotation, not the bureau's own sentence. */
const QUOTE_RUN = 8;

/** Whether `problem` copies a run of QUOTE_RUN characters or more of the parent's words (spaces and punctuation ignored). */
export function quotesParent(problem: string, words: string): boolean {
  const plain = (s: string) => [...s.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '')];
  const a = plain(problem);
  const b = plain(words).join('');
  for (let i = 0; i + QUOTE_RUN <= a.length; i++) if (b.includes(a.slice(i, i + QUOTE_RUN).join(''))) return true;
  return false;
}

/** Why a bureau may not write an item for `record`, or undefined when it may. */
export function raiseRefusal(record: Pick<ComplaintRecord, 'bureau' | 'finding'>, bureau: string): string | undefined {
  if (record.bureau !== bureau) return '只有办理这件举报的教育局可以生成整改事项';
  if (!needsRectification(record.finding)) return '只有查实情况为“属实”或“部分属实”的举报才生成整改事项';
  return undefined;
}

/** The aspect and problem a bureau typed, checked: an aspect from the list, one sentence of its own. */
export function checkItemInput(
  input: { aspect?: string; problem?: string },
  directory: Pick<Directory, 'aspects'>,
  parentWords: string,
): { ok: true; aspect: string; problem: string } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const aspect = input.aspect ?? '';
  const problem = cleanText(input.problem ?? '', false);
  if (!directory.aspects.has(aspect)) errors.aspect = '请从列表中选择问题所属的方面';
  if (problem === '') errors.problem = '请用一句话写明存在的问题';
  else if (textLength(problem) > PROBLEM_MAX) errors.problem = `存在问题最多 ${PROBLEM_MAX} 个字`;
  else if (quotesParent(problem, parentWords)) errors.problem = '请用教育局自己的话写明问题，不要引用举报人的原话：学校会看到这句话';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, aspect, problem };
}

/** The job that tells a parent their complaint's item reached 已整改: one per complaint and item, so it is sent once. */
export const rectifiedJobId = (reference: string, item: string) => `rectification.done/${reference}/${item}`;

/** An item id's shape (`zg-` and eight characters): the ledger row that carries one is the school's answer to that item. */
export const isItemId = (id: string | undefined): id is string => typeof id === 'string' && /^zg-[a-z0-9]{8}$/.test(id);
