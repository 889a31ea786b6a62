import { answerPlan, type Matcher } from './strategy';
import { aroundFirstMark, fold, markText, marksFromExcerpt } from './marks';
import { planQuery, words } from './query';
import { groupHits, hitKinds, type Hit, type HitKind, type SearchAnswer } from './results';

/** The part of Pagefind's search API (pagefind.js) the strategy uses. */
export interface PagefindApi {
  search(term: string): Promise<{ results: PagefindResult[]; filters?: Record<string, Record<string, number>> } | null>;
}
export interface PagefindResult {
  id: string;
  data(): Promise<PagefindData>;
}
export interface PagefindData {
  url: string;
  /** HTML: entities encoded, matched words in <mark>. */
  excerpt: string;
  /** The indexed text of the page. */
  content: string;
  meta: Record<string, string | undefined>;
}

/**
 * Metadata every indexed page carries (components/search/SearchMeta.astro):
 * `kind` (a HitKind), `title`, `context` (the line under the title) and, as
 * filters too, `bureau` and `school`; `date` for notices; `excerpt` where the
 * page's own text would run labels and values together (a school's facts).
 */
export const META_KEYS = ['kind', 'title', 'context', 'bureau', 'school', 'date', 'excerpt'] as const;

/** Results whose data is loaded per search: each is one small request on a phone. */
export const LOAD_LIMIT = 40;

/**
 * The browser answer: the same plan as the server (query.ts, answer.ts)
 * run over the Pagefind index. The phrase is searched quoted; the loose
 * step searches unquoted, which also finds short names the quoted search
 * misses (溪山, 县一中: Pagefind's segmenters at index and query time cut
 * them differently), and keeps only the pages that contain every needle
 * (unquoted, Pagefind also returns pages that match one character of a
 * word); the partial step searches each word alone and ranks pages by how
 * many they contain.
 */
export function searchWithPagefind(raw: string, pagefind: PagefindApi): Promise<SearchAnswer> {
  return answerPlan(planQuery(raw), pagefindMatcher(pagefind));
}

export function pagefindMatcher(pagefind: PagefindApi): Matcher {
  const cache = new Map<string, Promise<Loaded[]>>();
  const load = (asked: string) => {
    // Unquoted, Pagefind cuts the query into words as words() does: 整改公示 and 整改 公示 are one search.
    const term = asked.startsWith('"') ? asked : words(asked).join(' ');
    let found = cache.get(term);
    if (!found) cache.set(term, (found = loadResults(pagefind, term)));
    return found;
  };
  return async (needles, mode) => {
    if (mode !== 'some') {
      const term = mode === 'phrase' ? `"${needles.join(' ')}"` : needles.join(' ');
      const loaded = (await load(term)).filter((r) => needles.every((n) => r.text.includes(n)));
      return toGroups(
        loaded.map((r) => ({ ...r, count: needles.length })),
        needles,
      );
    }
    const byUrl = new Map<string, Loaded & { count: number }>();
    for (const needle of needles) {
      for (const r of await load(needle)) {
        if (!r.text.includes(needle)) continue;
        const seen = byUrl.get(r.data.url);
        if (seen) seen.count++;
        else byUrl.set(r.data.url, { ...r, count: 1 });
      }
    }
    // As on the server: only the pages containing the most needles.
    const most = Math.max(0, ...[...byUrl.values()].map((r) => r.count));
    return toGroups(
      [...byUrl.values()].filter((r) => r.count === most).sort((a, b) => a.rank - b.rank),
      needles,
    );
  };
}

interface Loaded {
  data: PagefindData;
  /** Folded title, metadata and content: what containment is checked against. */
  text: string;
  /** Position in Pagefind's ranking. */
  rank: number;
}

async function loadResults(pagefind: PagefindApi, term: string): Promise<Loaded[]> {
  const search = await pagefind.search(term);
  if (!search) return [];
  const data = await Promise.all(search.results.slice(0, LOAD_LIMIT).map((r) => r.data()));
  return data.map((d, rank) => ({ data: d, rank, text: fold([...META_KEYS.map((k) => d.meta[k] ?? ''), d.content].join(' ')) }));
}

/** Hits grouped by kind; within a kind, titles containing every needle first (shorter names first, except notices), then Pagefind's order. */
function toGroups(loaded: Array<Loaded & { count: number }>, needles: readonly string[]) {
  const hits = loaded.flatMap((r, order) => {
    const kind = r.data.meta.kind as HitKind;
    if (!hitKinds.includes(kind)) return [];
    const title = r.data.meta.title ?? '';
    const inTitle = needles.every((n) => fold(title).includes(n));
    return [{ order, inTitle, count: r.count, length: kind === 'notice' ? 0 : title.length, hit: toHit(kind, r.data, title, needles) }];
  });
  hits.sort((a, b) => b.count - a.count || Number(b.inTitle) - Number(a.inTitle) || a.length - b.length || a.order - b.order);
  return groupHits(hits.map((h) => h.hit));
}

/**
 * The excerpt is marked here, not by Pagefind: Pagefind marks whole indexed
 * words (溪山初 for 溪山), the page shows exactly the characters asked for.
 */
function toHit(kind: HitKind, data: PagefindData, title: string, needles: readonly string[]): Hit {
  const line =
    data.meta.excerpt ??
    marksFromExcerpt(data.excerpt)
      .map((m) => m.text)
      .join('');
  return { kind, url: data.url, title: markText(title, needles), context: data.meta.context ?? '', excerpt: aroundFirstMark(markText(line, needles)) };
}
