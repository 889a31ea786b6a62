import type { Notice } from './schemas/notices';

/** One notice with its id (for content/notices, the file name without .md). */
export interface NoticeEntry {
  id: string;
  data: Notice;
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

/**
 * Every source's notices in one list, in source order (callers sort: pages
 * newest first). An id must name one notice: the same id in two sources, or
 * twice in one, fails with both places named, since links and ledger keys
 * are made from it.
 */
export async function mergeNotices(sources: readonly NoticeSource[]): Promise<NoticeEntry[]> {
  const lists = await Promise.all(sources.map((source) => source.notices()));
  const from = new Map<string, string>();
  const merged: NoticeEntry[] = [];
  lists.forEach((list, i) => {
    const name = sources[i]!.name;
    for (const entry of list) {
      const earlier = from.get(entry.id);
      if (earlier !== undefined) throw new Error(`公告编号 “${entry.id}” 重复：${earlier} 和 ${name} 中都有；编号必须唯一。`);
      from.set(entry.id, name);
      merged.push(entry);
    }
  });
  return merged;
}
