import { answerSearch } from './answer';
import type { SearchIndex } from './searchIndex';
import type { StoreNoticeHits } from './storeHits';

/** The notice hits of the server's answer over the index of the store's notices; none for an empty or too short query. */
export async function storeNoticeHits(raw: string, index: SearchIndex): Promise<StoreNoticeHits> {
  const answer = await answerSearch(raw, index);
  const group = answer.status === 'results' ? answer.groups.find((g) => g.kind === 'notice') : undefined;
  if (answer.status !== 'results' || !group) return { match: 'phrase', total: 0, hits: [] };
  return { match: answer.match, total: group.total, hits: group.hits };
}
