import type { Notice } from './schemas/notices';

/** One notice with its id (for content/notices, the file name without .md). */
export interface NoticeEntry {
  id: string;
  data: Notice;
  /** A notice published in the site: the later days (China's) it was updated, by a new version or a row's progress (duties count them). */
  updates?: string[];
}

/**
 * Where notices come from. Today one source: the Markdown files in
 * content/notices (as Astro's collection for the pages, as files for what is
 * written beside the server bundle). A second one, the notices the bureaus
 * publish through the site into the store, implements this too and is merged
 * by `mergeNotices`; every reader of notices goes through that one function.
 */
export interface NoticeSource {
  /** Where its notices live, named in errors: `content/notices`. */
  name: string;
  notices(): Promise<NoticeEntry[]>;
}

/** A notice whose id two sources both use: the later source's copy is kept. */
export interface NoticeOverride {
  id: string;
  kept: string;
  dropped: string;
}

/**
 * Every source's notices in one list (callers sort: pages newest first). An
 * id names one notice, since links and ledger keys are made from it: the
 * same id twice in one source fails with the source named; the same id in
 * two sources keeps the later source's copy (the store is given last, so a
 * notice published in the site replaces a file of the same id) and says so
 * through `overridden`, which the build and the server log.
 */
export async function mergeNotices(sources: readonly NoticeSource[], overridden: (override: NoticeOverride) => void = () => {}): Promise<NoticeEntry[]> {
  const lists = await Promise.all(sources.map((source) => source.notices()));
  const merged = new Map<string, { entry: NoticeEntry; from: number }>();
  lists.forEach((list, i) => {
    const name = sources[i]!.name;
    for (const entry of list) {
      const earlier = merged.get(entry.id);
      if (earlier?.from === i) throw new Error(`公告编号 “${entry.id}” 重复：${name} 中有两条；编号必须唯一。`);
      if (earlier) {
        overridden({ id: entry.id, kept: name, dropped: sources[earlier.from]!.name });
        merged.delete(entry.id);
      }
      merged.set(entry.id, { entry, from: i });
    }
  });
  return [...merged.values()].map(({ entry }) => entry);
}
