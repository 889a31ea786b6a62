import type { ComplaintRecord } from './complaint';
import { RATINGS } from './ratings';
import { suppress, type Line, type Shown, type SuppressionRules } from './suppression';
import { CITY, schoolScope } from './statistics';

/**
 * Ratings and recurrences in the statistics, as cells of their own:
 * `rating|<rating>|<scope>` (the latest rating of each complaint: 满意,
 * 基本满意, 不满意) and `recurrence|<scope>` (follow-up complaints opened by
 * "还存在"), for the city, each bureau and each school, and
 * `rating|<rating>|aspect:<id>` / `recurrence|aspect:<id>` per problem type
 * citywide. Counted for the bureau that supervises the school, so that a
 * bureau's figures add up from its schools'. They pass the same suppression,
 * with the lines a reader could check among them.
 */
export const ratingCell = (rating: string, scope: string) => `rating|${rating}|${scope}`;
export const recurrenceCell = (scope: string) => `recurrence|${scope}`;
export const aspectScope = (aspect: string) => `aspect:${aspect}`;

export function ratingTally(t: { bureaus: readonly string[]; schoolsOf: (bureau: string) => string[]; aspects: readonly string[] }) {
  const values = new Map<string, number>();
  const add = (id: string) => values.set(id, (values.get(id) ?? 0) + 1);
  return {
    /** Counts one complaint filed in the period, about `school` supervised by `bureau`, of problem type `aspect`. */
    add(record: ComplaintRecord, bureau: string, aspect: string) {
      const scopes = [CITY, bureau, schoolScope(record.school), aspectScope(aspect)];
      if (record.rating) for (const scope of scopes) add(ratingCell(record.rating, scope));
      if (record.recurrenceOf) for (const scope of scopes) add(recurrenceCell(scope));
    },
    publish(rules: SuppressionRules): Map<string, Shown> {
      const lines: Line[] = [];
      const across = (total: string, parts: string[]) => lines.push({ total, parts });
      const aspects = t.aspects.map(aspectScope);
      for (const cellOf of [...RATINGS.map((r) => (scope: string) => ratingCell(r, scope)), recurrenceCell]) {
        across(cellOf(CITY), t.bureaus.map(cellOf));
        across(cellOf(CITY), aspects.map(cellOf));
        for (const bureau of t.bureaus) across(cellOf(bureau), t.schoolsOf(bureau).map(cellOf));
      }
      return suppress(values, lines, rules);
    },
  };
}
