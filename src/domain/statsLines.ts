import { CHANNELS } from './channels';
import { CITY, MEASURES, cell } from './statistics';
import type { Line } from './suppression';

/** The taxonomy and scopes a snapshot counts over (statsTally.ts). */
export interface LineScopes {
  bureaus: string[];
  schoolsOf: (bureau: string) => string[];
  categories: string[];
  aspects: string[];
  categoryOf: (aspect: string) => string;
  months: string[];
}

/**
 * Every sum a reader could check across the published figures: a total and
 * its parts. Suppression keeps each of them from giving a hidden figure away.
 * The lines are listed in a fixed order, since suppression walks them in it.
 */
export function publishedLines(t: LineScopes): Line[] {
  const lines: Line[] = [];
  const across = (total: string, parts: string[]) => lines.push({ total, parts });
  /** A city figure is the sum of the same figure of each bureau. */
  const byBureau = (figure: (scope: string) => string) => across(figure(CITY), t.bureaus.map(figure));
  /** What a scope received is the sum of its categories, and again of its months. */
  const receivedSplit = (scope: string) => {
    across(
      cell.measure('received', scope),
      t.categories.map((c) => cell.category(c, scope)),
    );
    across(
      cell.measure('received', scope),
      t.months.map((m) => cell.month(m, scope)),
    );
  };
  for (const measure of MEASURES) byBureau((scope) => cell.measure(measure, scope));
  for (const bureau of t.bureaus) {
    const schools = t.schoolsOf(bureau);
    /** A bureau's figure is the sum of the same figure of each of its schools. */
    const bySchool = (figure: (scope: string) => string) => across(figure(bureau), schools.map(figure));
    bySchool((scope) => cell.measure('received', scope));
    for (const category of t.categories) bySchool((scope) => cell.category(category, scope));
    for (const month of t.months) bySchool((scope) => cell.month(month, scope));
    for (const school of schools) receivedSplit(school);
  }
  const scopes = [CITY, ...t.bureaus];
  for (const scope of scopes) {
    receivedSplit(scope);
    for (const category of t.categories)
      across(
        cell.category(category, scope),
        t.aspects.filter((a) => t.categoryOf(a) === category).map((a) => cell.aspect(a, scope)),
      );
  }
  for (const scope of scopes)
    across(
      cell.measure('received', scope),
      CHANNELS.map((c) => cell.channel(c, scope)),
    );
  for (const channel of CHANNELS) byBureau((scope) => cell.channel(channel, scope));
  for (const category of t.categories) byBureau((scope) => cell.category(category, scope));
  for (const aspect of t.aspects) {
    byBureau((scope) => cell.aspect(aspect, scope));
    across(
      cell.aspect(aspect, CITY),
      t.months.map((m) => cell.monthAspect(m, aspect)),
    );
  }
  for (const month of t.months) {
    byBureau((scope) => cell.month(month, scope));
    across(
      cell.month(month, CITY),
      t.aspects.map((a) => cell.monthAspect(month, a)),
    );
  }
  return lines;
}
