import type { ContentSet } from '../catalogue/integrity';
import { aspectsOf, newestFirst, schoolsOf } from '../catalogue/notices';
import { noticeKinds, type NoticeKind } from '../catalogue/schemas/notices';

/**
 * The compact index the server answers no-JavaScript searches from, and the
 * report form's school box: names, aliases and titles only, never notice
 * bodies. Written at build time (src/integrations/searchIndex.ts) so that
 * the server never loads Astro's content store. Notices are kept in columns
 * (one array per field) and refer to schools, aspects and bureaus by their
 * position: at 20,000 notices most of its size is the titles themselves.
 */
export interface SearchIndex {
  bureaus: Array<{ id: string; name: string; division: string }>;
  schools: Array<{ id: string; name: string; aliases: string[]; level: string; address: string; bureau: number }>;
  aspects: Array<{ id: string; name: string; description: string; examples: string[]; category: string }>;
  /** Newest first. */
  notices: {
    id: string[];
    title: string[];
    date: string[];
    /** Position in `noticeKinds`. */
    kind: number[];
    /** The publishing bureau, or the bureau of the school that published it. */
    bureau: number[];
    /** The school that published it, or -1 for a bureau's notice. */
    publisher: number[];
    /** Its own school and the schools named in its findings. */
    schools: number[][];
    aspects: number[][];
  };
}

export type IndexedContent = Pick<ContentSet, 'bureaus' | 'schools' | 'aspects' | 'categories' | 'notices'>;

export const kindOfNotice = (index: SearchIndex, i: number): NoticeKind => noticeKinds[index.notices.kind[i]!]!;

export function buildSearchIndex(content: IndexedContent): SearchIndex {
  const position = <T extends { id: string }>(list: readonly T[]) => new Map(list.map((item, i) => [item.id, i]));
  const bureauAt = position(content.bureaus);
  const schoolAt = position(content.schools);
  const aspectAt = position(content.aspects);
  const categories = new Map(content.categories.map((c) => [c.id, c.name]));
  const known = (map: Map<string, number>, ids: string[]) => ids.flatMap((id) => (map.has(id) ? [map.get(id)!] : []));

  const notices: SearchIndex['notices'] = { id: [], title: [], date: [], kind: [], bureau: [], publisher: [], schools: [], aspects: [] };
  for (const { id, data } of newestFirst(content.notices)) {
    const ownSchool = 'school' in data ? content.schools[schoolAt.get(data.school) ?? -1] : undefined;
    notices.id.push(id);
    notices.title.push(data.title);
    notices.date.push(data.publishedOn);
    notices.kind.push(noticeKinds.indexOf(data.kind));
    notices.bureau.push(bureauAt.get('bureau' in data ? data.bureau : (ownSchool?.bureau ?? '')) ?? -1);
    notices.publisher.push('school' in data ? (schoolAt.get(data.school) ?? -1) : -1);
    notices.schools.push(known(schoolAt, schoolsOf(data)));
    notices.aspects.push(known(aspectAt, aspectsOf(data)));
  }
  return {
    bureaus: content.bureaus.map((b) => ({ id: b.id, name: b.name, division: b.division })),
    schools: content.schools.map((s) => ({
      id: s.id,
      name: s.name,
      aliases: s.aliases,
      level: s.level,
      address: s.address,
      bureau: bureauAt.get(s.bureau) ?? -1,
    })),
    aspects: content.aspects.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      examples: a.examples,
      category: categories.get(a.category) ?? '',
    })),
    notices,
  };
}
