// Glob patterns of KEYS and SCAN MATCH, following Redis's stringmatchlen:
// `*`, `?`, `[abc]`, `[^abc]`, `[a-z]` and `\` escapes. A translation to a
// RegExp would get the corner cases (unclosed `[`, reversed ranges, escapes
// inside classes) subtly different, so this walks the pattern the way Redis does.
// Redis compares bytes and this compares code points, so `?` matches one
// Chinese character here where Redis would need `???`.

export function globMatch(pattern: string, text: string): boolean {
  return match(Array.from(pattern), 0, Array.from(text), 0);
}

function match(p: string[], pi: number, s: string[], si: number): boolean {
  while (pi < p.length && si < s.length) {
    const c = p[pi];
    if (c === '*') {
      while (p[pi + 1] === '*') pi++;
      if (pi + 1 === p.length) return true;
      for (let k = si; k <= s.length; k++) if (match(p, pi + 1, s, k)) return true;
      return false;
    }
    if (c === '?') {
      si++;
      pi++;
      continue;
    }
    if (c === '[') {
      const result = matchClass(p, pi + 1, s[si] as string);
      if (!result.matched) return false;
      pi = result.next;
      si++;
      continue;
    }
    if (c === '\\' && pi + 1 < p.length) pi++;
    if (p[pi] !== s[si]) return false;
    pi++;
    si++;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length && si === s.length;
}

/** One `[...]` class starting after the `[`; `next` is the index after the closing `]`. */
function matchClass(p: string[], start: number, ch: string): { matched: boolean; next: number } {
  let i = start;
  const negate = p[i] === '^';
  if (negate) i++;
  let matched = false;
  for (;;) {
    if (i >= p.length) break; // unclosed class: Redis treats the end of the pattern as `]`
    const c = p[i] as string;
    if (c === '\\' && i + 1 < p.length) {
      i++;
      if (p[i] === ch) matched = true;
    } else if (c === ']') {
      break;
    } else if (p[i + 1] === '-' && i + 2 < p.length) {
      let lo = c.codePointAt(0) as number;
      let hi = (p[i + 2] as string).codePointAt(0) as number;
      if (lo > hi) [lo, hi] = [hi, lo];
      const code = ch.codePointAt(0) as number;
      if (code >= lo && code <= hi) matched = true;
      i += 2;
    } else if (c === ch) {
      matched = true;
    }
    i++;
  }
  return { matched: negate ? !matched : matched, next: Math.min(i + 1, p.length) };
}
