/**
 * Small-number suppression: the one rule every published figure passes, so
 * that no school can single out a family from a small count.
 *
 * - A count from 1 to `minCount - 1` is shown as "少于 5" (primary suppression).
 * - Zero is shown as 0.
 * - Secondary suppression: figures are published in lines, a total and the
 *   parts it adds up to (a bureau's complaints and its categories, a
 *   category across the bureaus, …). While a line would let a reader work out
 *   a hidden figure from the total and the other figures, the smallest
 *   visible part (else the total) is withheld too ("不公布").
 * - Shares and medians are shown only when their group has at least `minGroup`.
 *
 * A reader of one line knows: a shown figure exactly, a "少于 5" figure lies
 * in 1…minCount-1, a withheld one is any whole number. The rule guarantees
 * that within every line, each hidden figure can still take at least two
 * values (tests/unit/suppression.test.ts checks this by brute force).
 *
 * A reader may also know a figure is at least some number from elsewhere on
 * the site: each published answer (公开答复) names its school, problem type
 * and month, so a school's "少于 5" with four public answers is exactly 4.
 * Such floors (`atLeast`) narrow what the reader knows, and the rule counts
 * them: a "少于 5" whose floor leaves one value is withheld instead.
 */

/** Thresholds from content/site.yaml (`statistics`). */
export interface SuppressionRules {
  /** Counts below this (and above 0) are shown as "少于 N". */
  minCount: number;
  /** Shares and medians need a group at least this large. */
  minGroup: number;
}

/** One published figure. */
export type Shown =
  | { kind: 'count'; value: number }
  /** 1 … minCount-1: shown as "少于 N". */
  | { kind: 'fewer' }
  /** Withheld so that a hidden figure cannot be worked out from the others. */
  | { kind: 'withheld' };

/** A total and the parts that add up to it, by cell id. */
export interface Line {
  total: string;
  parts: readonly string[];
}

interface Bounds {
  lo: number;
  hi: number;
}

/** What a reader of the published figures knows of a hidden cell, with the floor known from elsewhere. */
function readerBounds(shown: Shown, floor: number, rules: SuppressionRules): Bounds {
  return shown.kind === 'fewer' ? { lo: Math.max(1, floor), hi: rules.minCount - 1 } : { lo: floor, hi: Infinity };
}

/**
 * True when, from the published figures of this line alone, some hidden
 * cell has only one possible value (interval reasoning on the one equation
 * total = Σ parts, which is exact for a single equation).
 */
function lineDiscloses(line: Line, shown: ReadonlyMap<string, Shown>, floor: (id: string) => number, rules: SuppressionRules): boolean {
  const terms = [...line.parts.map((id) => ({ id, sign: 1 })), { id: line.total, sign: -1 }];
  let known = 0; // Σ sign·value over the visible terms
  const hidden: Array<Bounds & { sign: number }> = [];
  for (const term of terms) {
    const s = shown.get(term.id)!;
    if (s.kind === 'count') known += term.sign * s.value;
    else hidden.push({ sign: term.sign, ...readerBounds(s, floor(term.id), rules) });
  }
  if (hidden.length === 0) return false;
  // Σ sign·x over the hidden terms = -known. Each term's range follows from the others'.
  const target = -known;
  return hidden.some((term, index) => {
    let lo = target;
    let hi = target;
    hidden.forEach((other, j) => {
      if (j === index) return;
      // sign·x = target − Σ other.sign·y; each other term contributes [-(max), -(min)] of sign·y.
      const min = other.sign > 0 ? other.lo : -other.hi;
      const max = other.sign > 0 ? other.hi : -other.lo;
      lo -= max;
      hi -= min;
    });
    // lo ≤ sign·x ≤ hi
    const [xLo, xHi] = term.sign > 0 ? [lo, hi] : [-hi, -lo];
    return Math.max(term.lo, xLo) === Math.min(term.hi, xHi);
  });
}

/**
 * The cells a disclosing line could withhold next, in order of preference:
 * the visible parts, smallest and non-zero first; the total; then a
 * "少于 5" made "不公布", total first (four parts of "少于 5" under a
 * "少于 5" total can only be 1 each, and a withheld total leaves them free).
 */
function candidates(line: Line, shown: ReadonlyMap<string, Shown>): string[] {
  const kind = (id: string) => shown.get(id)!.kind;
  const value = (id: string) => (shown.get(id) as { value: number }).value;
  const visible = line.parts.filter((id) => kind(id) === 'count').sort((a, b) => (value(a) === 0 ? 1 : 0) - (value(b) === 0 ? 1 : 0) || value(a) - value(b));
  const total = kind(line.total) === 'count' ? [line.total] : [];
  const fewer = [line.total, ...line.parts].filter((id) => kind(id) === 'fewer');
  return [...visible, ...total, ...fewer];
}

/** The first candidate that alone makes the line safe, else the first: as few cells withheld as this greedy rule finds. */
function nextToWithhold(line: Line, shown: Map<string, Shown>, floor: (id: string) => number, rules: SuppressionRules): string | undefined {
  const all = candidates(line, shown);
  const ends = all.find((id) => {
    const before = shown.get(id)!;
    shown.set(id, { kind: 'withheld' });
    const safe = !lineDiscloses(line, shown, floor, rules);
    shown.set(id, before);
    return safe;
  });
  return ends ?? all[0];
}

/**
 * Suppresses a set of figures that are published together: `values` by cell
 * id (a cell a line names but `values` lacks counts as 0), the lines that
 * tie them, and the floors a reader knows from elsewhere (each at most the
 * cell's value). Returns what to show for every cell.
 */
export function suppress(
  values: ReadonlyMap<string, number>,
  lines: readonly Line[],
  rules: SuppressionRules,
  atLeast: ReadonlyMap<string, number> = new Map(),
): Map<string, Shown> {
  const value = (id: string) => values.get(id) ?? 0;
  const floor = (id: string) => atLeast.get(id) ?? 0;
  const shown = new Map<string, Shown>();
  const primary = (id: string): Shown => {
    const v = value(id);
    if (v === 0 || v >= rules.minCount) return { kind: 'count', value: v };
    // "少于 5" with a floor of 4 would say 4.
    return floor(id) >= rules.minCount - 1 ? { kind: 'withheld' } : { kind: 'fewer' };
  };
  for (const id of values.keys()) shown.set(id, primary(id));
  for (const line of lines) for (const id of [line.total, ...line.parts]) if (!shown.has(id)) shown.set(id, primary(id));

  // Withholding only ever grows, so this ends; each round fixes one line.
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      while (lineDiscloses(line, shown, floor, rules)) {
        const next = nextToWithhold(line, shown, floor, rules);
        if (next === undefined) break;
        shown.set(next, { kind: 'withheld' });
        changed = true;
      }
    }
  }
  return shown;
}

/** A share in whole percent, or withheld. */
export type ShownShare = { kind: 'share'; percent: number } | { kind: 'withheld' };

/**
 * A share of a group, shown only when the group has at least `minGroup` and
 * its count is itself shown (else the share and the group would give the
 * hidden count back).
 */
export function showShare(part: Shown, partValue: number, group: number, rules: SuppressionRules): ShownShare {
  if (group < rules.minGroup || part.kind !== 'count') return { kind: 'withheld' };
  return { kind: 'share', percent: Math.round((partValue / group) * 100) };
}

/** A median, or withheld. */
export type ShownMedian = { kind: 'median'; value: number } | { kind: 'withheld' };

/** The median of a group (the mean of the two middle values for an even group), shown only when the group has at least `minGroup`. */
export function showMedian(values: readonly number[], rules: SuppressionRules): ShownMedian {
  if (values.length < rules.minGroup || values.length === 0) return { kind: 'withheld' };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { kind: 'median', value };
}

/** The words for a figure, as every page, chart and file shows it. */
export function figureText(shown: Shown | ShownShare | ShownMedian, rules: SuppressionRules): string {
  switch (shown.kind) {
    case 'count':
      return String(shown.value);
    case 'share':
      return `${shown.percent}%`;
    case 'median':
      return String(shown.value);
    case 'fewer':
      return `少于 ${rules.minCount}`;
    case 'withheld':
      return '不公布';
  }
}
