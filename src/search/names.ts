import { fold } from './marks';
import { normalise } from './query';

/**
 * How well a needle matches a list of folded names (a school's name and
 * aliases): 6 equal, 4 one starts with it, 3 one contains it, 0 none.
 */
export function nameScore(names: readonly string[], needle: string): number {
  return names.reduce((best, n) => Math.max(best, n === needle ? 6 : n.startsWith(needle) ? 4 : n.includes(needle) ? 3 : 0), 0);
}

export interface NamedSchool {
  name: string;
  aliases: readonly string[];
}

/**
 * Schools whose name or an alias contains every word typed, best first
 * (an alias equal to the query before one that merely contains it; then the
 * shorter name). The report form's school box and search rank schools alike.
 */
export function matchSchools<T extends NamedSchool>(query: string, schools: readonly T[]): T[] {
  const needles = normalise(query).split(' ').filter(Boolean);
  if (needles.length === 0) return [...schools];
  const scored = schools.flatMap((school, i) => {
    const names = [school.name, ...school.aliases].map(fold);
    const scores = needles.map((n) => nameScore(names, n));
    return scores.every((s) => s > 0) ? [{ school, i, score: scores.reduce((a, b) => a + b, 0) }] : [];
  });
  scored.sort((a, b) => b.score - a.score || a.school.name.length - b.school.name.length || a.i - b.i);
  return scored.map((s) => s.school);
}
