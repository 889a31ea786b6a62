/** A rendered answer, whole: what is sent again without rendering. */
export interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/**
 * The on-demand pages that show published notices, rendered once per
 * catalogue generation and kept in this process, keyed by path (and query).
 * A page rendered for an older generation is not served while a newer one
 * can be rendered; it is served when rendering fails (the store briefly
 * unreachable): the last copy rendered rather than an error. The oldest
 * filled goes first past `maxBytes`.
 */
export function pageCache(maxBytes: number) {
  const pages = new Map<string, { generation: number; page: CachedPage }>();
  let bytes = 0;
  return {
    /** The copy for this generation, or undefined. */
    fresh: (key: string, generation: number) => {
      const hit = pages.get(key);
      return hit?.generation === generation ? hit.page : undefined;
    },
    /** Whatever copy there is, however old: for when the page cannot be rendered now. */
    last: (key: string) => pages.get(key)?.page,
    put(key: string, generation: number, page: CachedPage) {
      const old = pages.get(key);
      if (old) {
        pages.delete(key);
        bytes -= old.page.body.byteLength;
      }
      for (const [oldest, entry] of pages) {
        if (bytes + page.body.byteLength <= maxBytes) break;
        pages.delete(oldest);
        bytes -= entry.page.body.byteLength;
      }
      pages.set(key, { generation, page });
      bytes += page.body.byteLength;
    },
  };
}

export type PageCache = ReturnType<typeof pageCache>;

/** A response as the cache keeps it (the body read once). */
export async function keep(response: Response): Promise<CachedPage> {
  return { status: response.status, headers: [...response.headers], body: new Uint8Array(await response.arrayBuffer()) };
}

/** A kept page as a new response. */
export const answer = (page: CachedPage) => new Response(page.body.slice(), { status: page.status, headers: page.headers });
