import type { ComplaintRecord } from './complaint';
import { FINDINGS, findingLabel, type Finding } from './findings';
import type { Line } from './suppression';
import { CITY } from './statistics';

/**
 * The findings as the statistics count them: the four words of findings.ts,
 * and 未注明 for answers given before every answer had to state one, so that
 * the findings of a scope always add up to its answered complaints.
 */
export const COUNTED_FINDINGS = [...FINDINGS, 'none'] as const;
export type CountedFinding = (typeof COUNTED_FINDINGS)[number];

export const countedFindingLabel: Record<CountedFinding, string> = { ...findingLabel, none: '未注明' };

/** Ids of the findings' figures: `answered|qiaocheng`, `finding|partly|school:x`, `finding-aspect|unfounded|homework`… */
export const findingCell = {
  answered: (scope: string) => `answered|${scope}`,
  finding: (finding: CountedFinding, scope: string) => `finding|${finding}|${scope}`,
  answeredAspect: (aspect: string) => `answered-aspect|${aspect}`,
  findingAspect: (finding: CountedFinding, aspect: string) => `finding-aspect|${finding}|${aspect}`,
};

/**
 * The finding a complaint counts under, or undefined while it has no answer.
 * The latest answer's finding (a review may change it); an answer that
 * stated none counts as 未注明.
 */
export function countedFinding(record: ComplaintRecord): CountedFinding | undefined {
  if (!record.history.some((e) => e.type === 'resolved')) return undefined;
  return (record.finding as Finding | undefined) ?? 'none';
}

/** The cells one answered complaint adds to: its city, supervising bureau and school, and its aspect city-wide. */
export function findingCellsOf(finding: CountedFinding, scopes: string[], aspect: string): string[] {
  return [
    ...scopes.flatMap((scope) => [findingCell.answered(scope), findingCell.finding(finding, scope)]),
    findingCell.answeredAspect(aspect),
    findingCell.findingAspect(finding, aspect),
  ];
}

/**
 * Every sum a reader could check across the findings' figures: each scope's
 * answered complaints and its findings; a bureau and its schools; the city and
 * its bureaus; the city and its aspects.
 */
export function findingLines(t: { bureaus: string[]; schoolsOf: (bureau: string) => string[]; aspects: string[] }): Line[] {
  const lines: Line[] = [];
  const across = (total: string, parts: string[]) => lines.push({ total, parts });
  const byFinding = (of: (f: CountedFinding) => string) => COUNTED_FINDINGS.map(of);
  const allSchools = t.bureaus.flatMap(t.schoolsOf);
  for (const scope of [CITY, ...t.bureaus, ...allSchools])
    across(
      findingCell.answered(scope),
      byFinding((f) => findingCell.finding(f, scope)),
    );
  for (const aspect of t.aspects)
    across(
      findingCell.answeredAspect(aspect),
      byFinding((f) => findingCell.findingAspect(f, aspect)),
    );
  const sums = (total: (f?: CountedFinding) => string, part: (scope: string, f?: CountedFinding) => string, scopes: string[]) => {
    across(
      total(),
      scopes.map((s) => part(s)),
    );
    for (const f of COUNTED_FINDINGS)
      across(
        total(f),
        scopes.map((s) => part(s, f)),
      );
  };
  const inScope = (scope: string) => (f?: CountedFinding) => (f ? findingCell.finding(f, scope) : findingCell.answered(scope));
  const ofScope = (scope: string, f?: CountedFinding) => inScope(scope)(f);
  for (const bureau of t.bureaus) sums(inScope(bureau), ofScope, t.schoolsOf(bureau));
  sums(inScope(CITY), ofScope, t.bureaus);
  sums(inScope(CITY), (aspect, f) => (f ? findingCell.findingAspect(f, aspect) : findingCell.answeredAspect(aspect)), t.aspects);
  return lines;
}
