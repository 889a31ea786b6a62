import type { Keys } from '../ports/keys';
import type { ComplaintRecord } from './complaint';

/**
 * The parent's own words in a complaint's history (the reason for a
 * dispute) are kept sealed like the description: the record holds them as
 * `sealedNote`, never as plain `note`, and only the bureau's views open them.
 */
export async function sealParentWords(keys: Keys, record: ComplaintRecord): Promise<ComplaintRecord> {
  const history = await Promise.all(
    record.history.map(async (event) => {
      if (event.type !== 'disputed' || event.note === undefined) return event;
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
