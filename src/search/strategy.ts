import { COMMON_SINGLE_LIMIT, FEW_RESULTS, type QueryPlan } from './query';
import { groupHits, totalOf, type HitGroup, type MatchLevel, type SearchAnswer } from './results';

// The steps of the strategy (query.ts) over any matcher: the compact index on
// the server (answer.ts), Pagefind in the browser (pagefind.ts). Kept apart
// from both so that the browser bundle carries neither the server's index
// code nor the content schemas.

/**
 * Finds the needles, grouped and ranked: `phrase`, the one needle as it
 * stands; `every`, each needle somewhere; `some`, any of them. (Substrings
 * make `phrase` and `every` the same on the server; Pagefind searches a
 * phrase quoted.)
 */
export type Matcher = (needles: readonly string[], mode: 'phrase' | 'every' | 'some') => Promise<HitGroup[]>;

/** Steps 1 to 3 of the strategy (query.ts) over a matcher. */
export async function answerPlan(plan: QueryPlan, match: Matcher): Promise<SearchAnswer> {
  if (plan.status !== 'search') return plan;
  const { typed, text, truncated } = plan;
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  let groups = await match([plan.phrase], 'phrase');
  let level: MatchLevel = 'phrase';
  if (totalOf(groups) < FEW_RESULTS) {
    // Step 2: the runs, then (when they find nothing) the words inside them, each required.
    for (const needles of [plan.terms, plan.words]) {
      if (needles.length === 0) continue;
      const loose = await match(needles, 'every');
      if (totalOf(loose) === 0) continue;
      if (totalOf(groups) === 0) level = 'loose';
      groups = mergeGroups(groups, loose);
      break;
    }
  }
  if (totalOf(groups) === 0 && plan.words.length > 1) {
    groups = await match(plan.words, 'some');
    level = 'partial';
  } else if (totalOf(groups) === 0 && plan.words.length === 1 && !same(plan.words, plan.terms)) {
    groups = await match(plan.words, 'every');
    level = 'partial';
  }
  const total = totalOf(groups);
  if (plan.single && total > COMMON_SINGLE_LIMIT) return { status: 'too-short', typed, text };
  if (total === 0) return { status: 'none', typed, text, truncated };
  return { status: 'results', typed, text, truncated, match: level, total, groups };
}

/** The first groups' hits, then the second's that are not already there. */
export function mergeGroups(first: HitGroup[], second: HitGroup[]): HitGroup[] {
  const seen = new Set(first.flatMap((g) => g.hits.map((h) => h.url)));
  const hits = [...first.flatMap((g) => g.hits), ...second.flatMap((g) => g.hits).filter((h) => !seen.has(h.url))];
  const totals = Object.fromEntries(
    [...new Set([...first, ...second].map((g) => g.kind))].map((kind) => {
      const a = first.find((g) => g.kind === kind)?.total ?? 0;
      const b = second.find((g) => g.kind === kind)?.total ?? 0;
      return [kind, Math.max(a, b)];
    }),
  );
  return groupHits(hits, totals);
}
