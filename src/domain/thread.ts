import type { ComplaintEvent, ComplaintRecord } from './complaint';
import type { EvidenceItem } from './evidence';

/**
 * The thread under the receipt code: the bureau's questions (`asked`) and the
 * parent's replies (`replied`), kept as steps of the complaint's history so
 * that they are saved with the action in one transaction, sealed like the
 * dispute reason (parentWords.ts), audited like every bureau action and
 * deleted with the complaint. Neither moves the status or a clock
 * (status.ts): a bureau that waits for an answer still answers on time.
 */
export const THREAD_STEPS: ReadonlySet<ComplaintEvent['type']> = new Set(['asked', 'replied']);

/** A question waits for the parent: the complaint is open and the latest step of the thread is the bureau's question. */
export function questionWaiting(record: Pick<ComplaintRecord, 'history' | 'status'>): boolean {
  if (record.status !== 'submitted' && record.status !== 'accepted' && record.status !== 'disputed') return false;
  const last = [...record.history].reverse().find((e) => THREAD_STEPS.has(e.type));
  return last?.type === 'asked';
}

/** One message of the thread as both readers see it: who wrote it, when, the words (when the reader opened them) and how many images. */
export interface ThreadMessage {
  /** The step's place in the history (1-based): what a reply's images are addressed by. */
  step: number;
  at: string;
  from: 'bureau' | 'parent';
  /** The bureau that asked (or, for a reply, the bureau handling it then). */
  bureau: { id: string; name: string };
  /** The words, opened for the parent (receipt code) and the handling bureau; absent where they stay sealed (the office). */
  text?: string;
  /** Images sent with a reply: the bureau sees them, the parent their count. */
  images: number;
}

/** The thread of a complaint, oldest first. */
export function threadOf(record: Pick<ComplaintRecord, 'history'>, bureauName: (id: string) => string): ThreadMessage[] {
  return record.history.flatMap((e, i) =>
    THREAD_STEPS.has(e.type)
      ? [
          {
            step: i + 1,
            at: e.at,
            from: e.type === 'asked' ? ('bureau' as const) : ('parent' as const),
            bureau: { id: e.bureau, name: bureauName(e.bureau) },
            ...(e.note ? { text: e.note } : {}),
            images: e.evidence?.length ?? 0,
          },
        ]
      : [],
  );
}

/** The image `index` (1-based) of the reply at history step `step` (1-based), or undefined. */
export function replyImage(record: Pick<ComplaintRecord, 'history'>, step: number, index: number): EvidenceItem | undefined {
  const event = record.history[step - 1];
  return event?.type === 'replied' ? event.evidence?.[index - 1] : undefined;
}

/** Every image a complaint keeps: those filed with it and those sent with replies (what the evidence sweep must not delete). */
export function imagesOf(record: Pick<ComplaintRecord, 'history' | 'evidence'>): EvidenceItem[] {
  return [...(record.evidence ?? []), ...record.history.flatMap((e) => e.evidence ?? [])];
}
