import type { Marked } from './marks';

/**
 * What a result is; also the order of the groups on the page: schools first,
 * then the few bureaus (a search for 谯城区教育局 should not list twenty
 * notices before the bureau), the kinds of problem, the notices.
 */
export const hitKinds = ['school', 'bureau', 'aspect', 'notice'] as const;
export type HitKind = (typeof hitKinds)[number];

export const hitKindLabel: Record<HitKind, string> = { school: '学校', aspect: '问题类型', notice: '公示', bureau: '教育局' };

/** At most this many results of each kind are listed; the group says how many there are. */
export const GROUP_LIMITS: Record<HitKind, number> = { school: 10, aspect: 10, notice: 20, bureau: 5 };

export interface Hit {
  kind: HitKind;
  url: string;
  title: Marked;
  /** One line under the title: the bureau (schools), the category (aspects), the division (bureaus); for notices the kind, publisher and date. */
  context: string;
  /** One line of matched text, marked; may be empty. */
  excerpt: Marked;
}

export interface HitGroup {
  kind: HitKind;
  label: string;
  /** Every match of this kind, of which `hits` are the first GROUP_LIMITS[kind]. */
  total: number;
  hits: Hit[];
}

/** How the results were found (query.ts): the whole phrase, every word, or only some words. */
export type MatchLevel = 'phrase' | 'loose' | 'partial';

export type SearchAnswer =
  | { status: 'empty'; typed: string }
  | { status: 'too-short'; typed: string; text: string }
  | { status: 'none'; typed: string; text: string; truncated: boolean }
  | { status: 'results'; typed: string; text: string; truncated: boolean; match: MatchLevel; total: number; groups: HitGroup[] };

/**
 * Groups ranked hits by kind, in `hitKinds` order, keeping each kind's
 * ranking; `totals` counts the matches beyond the ones passed in.
 */
export function groupHits(hits: readonly Hit[], totals: Partial<Record<HitKind, number>> = {}): HitGroup[] {
  return hitKinds.flatMap((kind) => {
    const ofKind = hits.filter((h) => h.kind === kind);
    const total = Math.max(totals[kind] ?? 0, ofKind.length);
    return total === 0 ? [] : [{ kind, label: hitKindLabel[kind], total, hits: ofKind.slice(0, GROUP_LIMITS[kind]) }];
  });
}

/** Number of matches in all groups. */
export const totalOf = (groups: readonly HitGroup[]) => groups.reduce((n, g) => n + g.total, 0);

/**
 * The line under a result's title, the same in the no-JavaScript answer and
 * in the Pagefind metadata of each page (components/search/SearchMeta.astro).
 */
/**
 * A school's facts as one line under its name, each with its label (又称：…
 * · 学段：… · 地址：…): the no-JavaScript excerpt and the Pagefind `excerpt`
 * metadata of its page alike.
 */
export const schoolFacts = (school: { aliases: readonly string[]; level: string; address: string }) =>
  [school.aliases.length > 0 ? `又称：${school.aliases.join('、')}` : '', `学段：${school.level}`, `地址：${school.address}`].filter(Boolean).join(' · ');

export const contextLine = {
  school: (level: string, bureau: string) => `${level} · ${bureau}`,
  aspect: (category: string) => category,
  /** The publisher is the school for a school's own notice, else the bureau. */
  notice: (kindLabel: string, publisher: string, date: string) => `${kindLabel} · ${publisher} · ${date}`,
  bureau: (division: string) => `主管${division}的学校`,
};
