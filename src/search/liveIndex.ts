import type { ContentSet } from '../catalogue/integrity';
import { buildSearchIndex, type SearchIndex } from './searchIndex';

const built = new WeakMap<ContentSet, SearchIndex>();

/**
 * The compact index of the live catalogue (src/server/liveNotices.ts): the
 * build's index cannot hold the notices published in the site since, so the
 * server makes its own, once per catalogue generation (a new generation is a
 * new content set). 20,000 notices take a few tens of milliseconds.
 */
export function liveSearchIndex(content: ContentSet): SearchIndex {
  let index = built.get(content);
  if (!index) built.set(content, (index = buildSearchIndex(content)));
  return index;
}
