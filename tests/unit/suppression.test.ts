// Small-number suppression: what a reader sees for each figure, and that no
// hidden figure can be worked out from a total and the figures beside it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figureText, showMedian, showShare, suppress, type Line, type Shown } from '../../src/domain/suppression';

const rules = { minCount: 5, minGroup: 5 };

/** One line: parts p0…pn adding up to `t`, with floors the reader knows for some parts; returns the text shown for [parts…, total]. */
function line(parts: number[], floors: number[] = []): string[] {
  const values = new Map<string, number>(parts.map((v, i) => [`p${i}`, v]));
  values.set(
    't',
    parts.reduce((a, b) => a + b, 0),
  );
  const atLeast = new Map(floors.map((f, i) => [`p${i}`, f]));
  const shown = suppress(values, [{ total: 't', parts: parts.map((_, i) => `p${i}`) }], rules, atLeast);
  return [...parts.map((_, i) => figureText(shown.get(`p${i}`)!, rules)), figureText(shown.get('t')!, rules)];
}

describe('suppression of one line (parts, then the total)', () => {
  it.each([
    { parts: [0, 0, 0], shows: ['0', '0', '0', '0'] },
    { parts: [5, 7, 12], shows: ['5', '7', '12', '24'] },
    { parts: [0, 9, 0], shows: ['0', '9', '0', '9'] },
    // 3 alone would be total − 20 − 8: the next smallest (8) is withheld too.
    { parts: [3, 20, 8], shows: ['少于 5', '20', '不公布', '31'] },
    { parts: [1, 6, 6, 30], shows: ['少于 5', '不公布', '6', '30', '43'] },
    // Two small ones: their sum is known but neither value is.
    { parts: [2, 3, 10], shows: ['少于 5', '少于 5', '10', '15'] },
    // 4 + 4 = 8 would give both away (each is at most 4): a zero is withheld beside them.
    { parts: [4, 4, 0], shows: ['少于 5', '少于 5', '不公布', '8'] },
    // Nothing else to withhold: the total goes.
    { parts: [4, 4], shows: ['少于 5', '少于 5', '不公布'] },
    // The total is small too: a "少于 5" total and one "少于 5" part are equal, but neither is known.
    { parts: [0, 3, 0], shows: ['0', '少于 5', '0', '少于 5'] },
    { parts: [1, 1], shows: ['少于 5', '少于 5', '少于 5'] },
    // Four "少于 5" under a "少于 5" total could only be 1 each (a school's four complaints in four categories).
    { parts: [1, 1, 1, 1], shows: ['少于 5', '少于 5', '少于 5', '少于 5', '不公布'] },
    { parts: [1, 1, 1, 1, 0], shows: ['少于 5', '少于 5', '少于 5', '少于 5', '0', '不公布'] },
  ])('$parts → $shows', ({ parts, shows }) => {
    expect(line(parts)).toEqual(shows);
  });

  // Floors from the public answers: a school with four published answers and a "少于 5" total.
  it.each([
    // 3 public answers of 3: "少于 5" still means 3 or 4.
    { parts: [3, 10], floors: [3], shows: ['少于 5', '不公布', '13'] },
    // 4 of 4: "少于 5" would say 4, so it is withheld; and then the 10 beside it too.
    { parts: [4, 10], floors: [4], shows: ['不公布', '不公布', '14'] },
    // A floor of 4 on the second withholds it; then 7 = first + second leaves the first 1…3 and the second 4…6.
    { parts: [3, 4], floors: [0, 4], shows: ['少于 5', '不公布', '7'] },
    { parts: [3, 4], floors: [0, 3], shows: ['少于 5', '少于 5', '7'] },
    // Each "少于 5" alone is 3 or 4, but 6 in all leaves only 3 + 3: the total goes.
    { parts: [3, 3], floors: [3, 3], shows: ['少于 5', '少于 5', '不公布'] },
    // Found by the property test: 1 + 1 + (at least 2) is at least 4, and the total is "少于 5".
    { parts: [1, 1, 2], floors: [0, 0, 2], shows: ['少于 5', '少于 5', '少于 5', '不公布'] },
    // A floor on a cell shown as a number tells nothing more.
    { parts: [6, 9], floors: [6], shows: ['6', '9', '15'] },
  ])('$parts with floors $floors → $shows', ({ parts, floors, shows }) => {
    expect(line(parts, floors)).toEqual(shows);
  });

  it('keeps a line safe when the cells are shared with another line (a bureau’s total and a category’s)', () => {
    // Two bureaus (rows) by two categories (columns), with row, column and grand totals.
    const values = new Map([
      ['a.x', 3],
      ['a.y', 10],
      ['b.x', 9],
      ['b.y', 11],
      ['a', 13],
      ['b', 20],
      ['x', 12],
      ['y', 21],
      ['all', 33],
    ]);
    const lines: Line[] = [
      { total: 'a', parts: ['a.x', 'a.y'] },
      { total: 'b', parts: ['b.x', 'b.y'] },
      { total: 'x', parts: ['a.x', 'b.x'] },
      { total: 'y', parts: ['a.y', 'b.y'] },
      { total: 'all', parts: ['a', 'b'] },
      { total: 'all', parts: ['x', 'y'] },
    ];
    const shown = suppress(values, lines, rules);
    const text = Object.fromEntries([...shown].map(([id, s]) => [id, figureText(s, rules)]));
    expect(text).toEqual({ 'a.x': '少于 5', 'a.y': '不公布', 'b.x': '不公布', 'b.y': '不公布', a: '13', b: '20', x: '12', y: '21', all: '33' });
  });
});

describe('shares and medians', () => {
  const count = (value: number): Shown => (value > 0 && value < 5 ? { kind: 'fewer' } : { kind: 'count', value });
  it.each([
    { part: 4, group: 10, shows: '不公布' }, // the count is hidden: the share would give it back
    { part: 5, group: 4, shows: '不公布' }, // the group is too small
    { part: 7, group: 10, shows: '70%' },
    { part: 0, group: 6, shows: '0%' },
    { part: 2, group: 3, shows: '不公布' },
  ])('$part of $group → $shows', ({ part, group, shows }) => {
    expect(figureText(showShare(count(part), part, group, rules), rules)).toBe(shows);
  });
  it.each([
    { days: [1, 2, 3, 4], shows: '不公布' },
    { days: [9, 1, 4, 3, 12], shows: '4' },
    { days: [1, 2, 3, 4, 5, 10], shows: '3.5' },
  ])('median of $days → $shows', ({ days, shows }) => {
    expect(figureText(showMedian(days, rules), rules)).toBe(shows);
  });
});

/**
 * Every value a hidden cell can take, given what a reader of one line knows
 * (shown cells exactly; "少于 5" in 1…4; withheld any whole number up to a
 * cap above every real value; none below its floor), found by enumerating
 * the other hidden cells.
 */
function possibleValues(parts: Shown[], total: Shown, cap: number, floors: number[]): Array<Set<number>> {
  const ranges = [...parts, total].map((s, i) =>
    s.kind === 'count' ? [s.value, s.value] : s.kind === 'fewer' ? [Math.max(1, floors[i]!), 4] : [floors[i]!, cap],
  );
  const found = ranges.map(() => new Set<number>());
  const n = parts.length;
  const within = (i: number, x: number) => x >= ranges[i]![0]! && x <= ranges[i]![1]!;
  const record = (chosen: number[], sum: number) => {
    chosen.forEach((x, j) => found[j]!.add(x));
    found[n]!.add(sum);
  };
  // All parts but the last are enumerated; the last follows from a shown total.
  const pick = (i: number, chosen: number[], sum: number) => {
    if (i === n - 1) {
      if (total.kind === 'count') {
        const last = total.value - sum;
        if (within(i, last)) record([...chosen, last], total.value);
      } else {
        for (let x = ranges[i]![0]!; x <= ranges[i]![1]!; x++) if (within(n, sum + x)) record([...chosen, x], sum + x);
      }
      return;
    }
    for (let x = ranges[i]![0]!; x <= ranges[i]![1]!; x++) pick(i + 1, [...chosen, x], sum + x);
  };
  pick(0, [], 0);
  return found;
}

describe('no hidden figure can be worked out (property, random tables)', () => {
  // Rows × columns of small counts, with row, column and grand totals: every
  // row and every column is a line, as a bureau and a category are.
  const table = fc.record({
    rows: fc.integer({ min: 1, max: 3 }),
    // Four columns: four "少于 5" parts can pin a "少于 5" total.
    cols: fc.integer({ min: 1, max: 4 }),
    cells: fc.array(fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 12 })), {
      minLength: 12,
      maxLength: 12,
    }),
    // What the reader knows from public answers: a share of each cell, 0 for most, all of it for some.
    floorShares: fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: 12,
      maxLength: 12,
    }),
  });

  it('in every row and column, each hidden cell can take at least two values, and every shown cell is the true one', () => {
    fc.assert(
      fc.property(table, ({ rows, cols, cells, floorShares }) => {
        const v = (r: number, c: number) => cells[r * 4 + c]!;
        const values = new Map<string, number>();
        const lines: Line[] = [];
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) values.set(`${r}.${c}`, v(r, c));
          values.set(
            `r${r}`,
            [...Array(cols).keys()].reduce((a, c) => a + v(r, c), 0),
          );
          lines.push({ total: `r${r}`, parts: [...Array(cols).keys()].map((c) => `${r}.${c}`) });
        }
        for (let c = 0; c < cols; c++) {
          values.set(
            `c${c}`,
            [...Array(rows).keys()].reduce((a, r) => a + v(r, c), 0),
          );
          lines.push({ total: `c${c}`, parts: [...Array(rows).keys()].map((r) => `${r}.${c}`) });
        }
        // A cell's floor is a whole number up to its value; a total's floor is the sum of its parts' floors.
        const atLeast = new Map<string, number>();
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) atLeast.set(`${r}.${c}`, Math.floor(v(r, c) * floorShares[r * 4 + c]!));
        for (const l of lines)
          atLeast.set(
            l.total,
            l.parts.reduce((a, id) => a + atLeast.get(id)!, 0),
          );
        const shown = suppress(values, lines, rules, atLeast);
        for (const [id, s] of shown) {
          const real = values.get(id)!;
          if (s.kind === 'count') expect(s.value).toBe(real);
          if (real > 0 && real < 5) expect(s.kind).not.toBe('count');
        }
        const cap = 4 * 12 + 4; // above any real line total
        for (const l of lines) {
          const cellsShown = [...l.parts, l.total].map((id) => shown.get(id)!);
          const possible = possibleValues(
            cellsShown.slice(0, -1),
            cellsShown.at(-1)!,
            cap,
            [...l.parts, l.total].map((id) => atLeast.get(id)!),
          );
          cellsShown.forEach((s, i) => {
            if (s.kind !== 'count') expect(possible[i]!.size, `cell ${[...l.parts, l.total][i]} in line ${l.total}`).toBeGreaterThanOrEqual(2);
          });
        }
      }),
      { numRuns: 1000 },
    );
  });
});
