import { GROUP_LIMITS, groupHits, totalOf, type Hit, type MatchLevel, type SearchAnswer } from './results';

// Imported by the browser's script (scripts/searchEnhance.ts): nothing here may pull in the server's matcher or
// the content schemas (zod probes for eval, which the page's Content-Security-Policy refuses).

/**
 * The notices published in the site since the build that match a query, as
 * the server answers the browser's search (pages/search/notices.json.ts, storeAnswer.ts):
 * how they were found (the same plan as every search, query.ts), how many,
 * and the first GROUP_LIMITS.notice.
 */
export interface StoreNoticeHits {
  match: MatchLevel;
  total: number;
  hits: Hit[];
}

const LEVEL: Record<MatchLevel, number> = { phrase: 0, loose: 1, partial: 2 };

/**
 * The browser's answer (Pagefind) with the server's notices merged in. Found
 * the same way (the same step of the plan): one list of notices, the
 * store's first (they are the newest) and a page the store holds listed once
 * (a notice the site republished under a file's id is the store's). Found by
 * a better step (the whole phrase rather than every word): that answer
 * alone, as the plan would have stopped at it.
 */
export function withStoreNotices(answer: SearchAnswer, store: StoreNoticeHits | undefined): SearchAnswer {
  if (!store || store.total === 0 || answer.status === 'empty' || answer.status === 'too-short') return answer;
  const notices = (hits: Hit[], total: number) => groupHits(hits.slice(0, GROUP_LIMITS.notice), { notice: total });
  if (answer.status === 'none' || LEVEL[store.match] < LEVEL[answer.match]) {
    const groups = notices(store.hits, store.total);
    return { status: 'results', typed: answer.typed, text: answer.text, truncated: answer.truncated, match: store.match, total: totalOf(groups), groups };
  }
  if (LEVEL[store.match] > LEVEL[answer.match]) return answer;
  const urls = new Set(store.hits.map((h) => h.url));
  const built = answer.groups.find((g) => g.kind === 'notice');
  const kept = built ? built.hits.filter((h) => !urls.has(h.url)) : [];
  const total = store.total + (built ? built.total - (built.hits.length - kept.length) : 0);
  const groups = [...answer.groups.filter((g) => g.kind !== 'notice'), ...notices([...store.hits, ...kept], total)];
  return { ...answer, total: totalOf(groups), groups };
}
