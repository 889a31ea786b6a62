import type { Keys } from '../ports/keys';
import type { ComplaintEvent, ComplaintRecord } from './complaint';

/**
 * The parent's own words in a complaint's history (the reason for a
 * dispute, their replies) and the bureau's questions to them are kept sealed
 * like the description: the record holds them as `sealedNote`, never as plain
 * `note`, and only the bureau's views and the receipt code open them.
 */
const SEALED_STEPS: ReadonlySet<ComplaintEvent['type']> = new Set(['disputed', 'asked', 'replied']);

export async function sealParentWords(keys: Keys, record: ComplaintRecord): Promise<ComplaintRecord> {
  const history = await Promise.all(
    record.history.map(async (event) => {
      if (!SEALED_STEPS.has(event.type) || event.note === undefined) return event;
      const { note, ...rest } = event;
      return { ...rest, sealedNote: await keys.seal(note) };
    }),
  );
  return { ...record, history };
}

/** The record as the bureau may read it: the parent's sealed words opened. */
export async function openParentWords(keys: Keys, record: ComplaintRecord): Promise<ComplaintRecord> {
  const history = await Promise.all(
    record.history.map(async ({ sealedNote, ...event }) => (sealedNote ? { ...event, note: await keys.open(sealedNote) } : event)),
  );
  return { ...record, history };
}
