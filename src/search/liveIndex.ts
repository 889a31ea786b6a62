import type { ContentSet } from '../catalogue/integrity';
import type { NoticeEntry } from '../catalogue/sources';
import { buildSearchIndex, type SearchIndex } from './searchIndex';

const built = new WeakMap<object, SearchIndex>();
const cached = (key: object, make: () => SearchIndex) => {
  let index = built.get(key);
  if (!index) built.set(key, (index = make()));
  return index;
};

/**
 * The compact index of the live catalogue (src/server/liveNotices.ts): the
 * build's index cannot hold the notices published in the site since, so the
 * server makes its own, once per catalogue generation (a new generation is a
 * new content set). 20,000 notices take a few tens of milliseconds.
 */
export function liveSearchIndex(content: ContentSet): SearchIndex {
  return cached(content, () => buildSearchIndex(content));
}

/**
 * The registry and the notices published in the site only: what the
 * browser's search (Pagefind, written at build time) cannot hold, answered by
 * the server (pages/search/notices.json.ts). Once per generation too: the
 * store's list is a new array with every reload.
 */
export function storeSearchIndex(catalogue: { content: ContentSet; fromStore: NoticeEntry[] }): SearchIndex {
  return cached(catalogue.fromStore, () => buildSearchIndex({ ...catalogue.content, notices: catalogue.fromStore }));
}
