import type { NoticeEntry } from './sources';

/**
 * One copy of each id, date and status in the catalogue of published
 * notices. Every record is parsed from its own JSON text, so each notice
 * held its own copy of `qc-xinghe-primary`, `2026-12-31` and `整改中`; at
 * 100,000 notices these repeated words were about a quarter of the
 * catalogue's memory (docs/benchmarks.md). Only words from short lists are
 * shared: ids, dates, phases, statuses, sources, sanctions and the
 * responsible office. Titles, summaries, problems and measures are each a
 * notice's own text and are kept as they are.
 */
export function sharedWords() {
  const words = new Map<string, string>();
  const one = (word: string) => {
    const found = words.get(word);
    if (found !== undefined) return found;
    words.set(word, word);
    return word;
  };
  return {
    /** The entry with its repeated words replaced, in place, by their one copy. */
    entry(entry: NoticeEntry): NoticeEntry {
      const data = entry.data;
      data.publishedOn = one(data.publishedOn);
      data.phase = one(data.phase);
      data.aspects = data.aspects.map(one);
      if ('school' in data) data.school = one(data.school);
      if ('bureau' in data) data.bureau = one(data.bureau);
      if (data.kind === 'rectification')
        for (const row of data.ledger) {
          if (row.item !== undefined) row.item = one(row.item);
          row.aspect = one(row.aspect);
          row.deadline = one(row.deadline);
          row.responsible = one(row.responsible);
          row.source = one(row.source) as typeof row.source;
          row.status = one(row.status) as typeof row.status;
        }
      if (data.kind === 'bulletin' || data.kind === 'exposure')
        for (const finding of data.findings) {
          finding.school = one(finding.school);
          finding.aspect = one(finding.aspect);
          finding.sanction = one(finding.sanction) as typeof finding.sanction;
        }
      return entry;
    },
  };
}
