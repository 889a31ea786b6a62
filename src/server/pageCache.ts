import { liveSlot } from './livePages.mjs';

/** A rendered answer, whole: what is sent again without rendering. */
export interface CachedPage {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/**
 * The on-demand pages that show published notices, rendered once per
 * catalogue generation and kept in this process, keyed by path. A page
 * rendered for an older generation is not served while a newer one can be
 * rendered; it is served when rendering fails (the store briefly
 * unreachable): the last copy rendered rather than an error. The oldest
 * filled goes first past `maxBytes`. The pages live in the process-wide
 * slot of livePages.mjs, from which the Node server (scripts/serve.mjs)
 * answers before Astro while the generation is known to be current.
 */
export function pageCache(maxBytes: number) {
  const pages = liveSlot.pages;
  let bytes = 0;
  return {
    /** The copy for this generation, or undefined. */
    fresh: (key: string, generation: number): CachedPage | undefined => {
      const hit = pages.get(key);
      return hit?.generation === generation ? { status: 200, headers: hit.headers, body: hit.body } : undefined;
    },
    /** Whatever copy there is, however old: for when the page cannot be rendered now. */
    last: (key: string): CachedPage | undefined => {
      const hit = pages.get(key);
      return hit && { status: 200, headers: hit.headers, body: hit.body };
    },
    /** Keeps a 200 answer. */
    put(key: string, generation: number, page: CachedPage) {
      const old = pages.get(key);
      if (old) {
        pages.delete(key);
        bytes -= old.body.byteLength;
      }
      for (const [oldest, entry] of pages) {
        if (bytes + page.body.byteLength <= maxBytes) break;
        pages.delete(oldest);
        bytes -= entry.body.byteLength;
      }
      pages.set(key, { generation, headers: page.headers, body: page.body });
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
