import { planQuery } from './query';
import type { HitGroup, SearchAnswer } from './results';
import { answerPlan } from './strategy';
import type { SearchIndex } from './searchIndex';
import { matchIndex } from './substring';

/**
 * The no-JavaScript answer to `/search/?q=`: the query plan of query.ts run
 * over the compact index by substring matching. The one function the page calls.
 */
export function answerSearch(raw: string, index: SearchIndex): Promise<SearchAnswer> {
  // The steps often ask the same thing twice ("星河": phrase, run and word are one needle): asked once.
  const asked = new Map<string, HitGroup[]>();
  return answerPlan(planQuery(raw), async (needles, mode) => {
    const how = mode === 'some' ? 'some' : 'every';
    const key = `${how}\u0000${needles.join('\u0000')}`;
    let groups = asked.get(key);
    if (!groups) asked.set(key, (groups = matchIndex(index, needles, how)));
    return groups;
  });
}
