/**
 * What a parent typed, turned into a search plan. Pure: no I/O, the same in
 * the browser (Pagefind) and on the server (the no-JavaScript answer).
 *
 * The strategy for Chinese, in order:
 * 1. the whole query as a phrase (Pagefind: quoted; server: one substring);
 * 2. when that finds fewer than FEW_RESULTS, the loose query: the runs of
 *    text between spaces and single-character function words (的, 了, 和, 是,
 *    在 …), each of which must appear, in any order; when the runs find
 *    nothing, the words of two characters or more inside them
 *    (Intl.Segmenter), each of which must appear: "青桐中学收费" → 青桐, 中学, 收费;
 * 3. when that finds nothing, the partial query: any of those words, pages
 *    with more of them first. "乱收费" is not in the content; "收费" is.
 * A query that is only function words, or one character found almost
 * everywhere, is answered "too short" rather than with every page.
 */

/**
 * Single-character function words dropped from longer queries when
 * Intl.Segmenter cuts them out as words of their own (so 和 in 和平路小学
 * stays). Not 有: 有偿补课 is cut 有|偿|补课.
 */
export const STOP_CHARS = new Set(['的', '了', '和', '是', '在', '与', '及', '或', '吗', '呢', '吧', '啊']);

/** Longer queries are cut here: nobody types more into a search box, and matching stays cheap. */
export const MAX_QUERY_CHARS = 50;

/** How much of what was typed is shown back, in the box and the heading. */
export const MAX_TYPED_CHARS = 200;

/** Fewer phrase results than this, and the loose query is tried too. */
export const FEW_RESULTS = 3;

/** A one-character query matching more pages than this is "too short". */
export const COMMON_SINGLE_LIMIT = 12;

export type QueryPlan =
  /** Nothing to search for (empty, spaces, only punctuation or control characters). */
  | { status: 'empty'; typed: string }
  /** Only function words, e.g. 的 or 的的的. */
  | { status: 'too-short'; typed: string; text: string }
  | {
      status: 'search';
      /** What was typed, without control characters, cut to MAX_TYPED_CHARS: safe to show (escaped). */
      typed: string;
      /** The normalised query searched for, cut to MAX_QUERY_CHARS. */
      text: string;
      /** True when the query was longer than MAX_QUERY_CHARS. */
      truncated: boolean;
      /** Step 1: the whole query. */
      phrase: string;
      /** Step 2: each must appear. */
      terms: string[];
      /** Step 2 when the terms find nothing (each must appear), and step 3 (any may appear). */
      words: string[];
      /** One character only: answered "too short" when it is common (COMMON_SINGLE_LIMIT). */
      single: boolean;
    };

// Control and format characters (NUL, zero-width spaces, direction marks).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;
// Punctuation and symbols separate words; < > " & never reach a matcher.
const SEPARATORS = /[\p{P}\p{S}\s]+/gu;

/** Browsers without Intl.Segmenter (old WebViews) cut only at spaces: the phrase step still works. */
const segmenter =
  typeof Intl.Segmenter === 'function'
    ? new Intl.Segmenter('zh-CN', { granularity: 'word' })
    : {
        segment: (text: string) =>
          text
            .split(/(\s+)/)
            .filter(Boolean)
            .map((segment) => ({ segment, isWordLike: /\S/.test(segment) })),
      };

/** Words as Intl.Segmenter cuts them (the same cutter Pagefind uses for queries in the browser). */
export function words(text: string): string[] {
  return [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

/** Full-width letters and digits to ASCII (NFKC), lower case, separators to single spaces. */
export function normalise(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(SEPARATORS, ' ').trim().toLowerCase();
}

export function planQuery(raw: string): QueryPlan {
  const typed = [...raw.replace(INVISIBLE, '')].slice(0, MAX_TYPED_CHARS).join('').trim();
  const full = normalise(raw);
  if (full === '') return { status: 'empty', typed };
  const chars = [...full];
  const truncated = chars.length > MAX_QUERY_CHARS;
  const text = truncated ? chars.slice(0, MAX_QUERY_CHARS).join('').trim() : full;

  const all = words(text);
  const isStop = (w: string) => STOP_CHARS.has(w);
  if (all.length === 0 || all.every(isStop)) return { status: 'too-short', typed, text };

  // Runs between spaces and function words: "星河小学的补课" → 星河小学, 补课.
  // A chunk's first word is kept: the segmenter cuts 在职教师 as 在|职|教师.
  const terms: string[] = [];
  for (const chunk of text.split(' ')) {
    let run = '';
    [...segmenter.segment(chunk)].forEach(({ segment: w }, i) => {
      if (i > 0 && isStop(w) && all.length > 1) {
        if (run) terms.push(run);
        run = '';
      } else run += w;
    });
    if (run) terms.push(run);
  }
  const unique = [...new Set(terms)];
  const split = [...new Set(unique.flatMap(wordsOf))];
  return { status: 'search', typed, text, truncated, phrase: text, terms: unique, words: split, single: [...text].length === 1 };
}

/**
 * The words of a run for steps 2 and 3: the segmenter's words of two
 * characters or more, and runs of one-character words joined back together
 * (the segmenter cuts names it does not know, 溪山中学 → 溪|山|中学, and 教辅 →
 * 教|辅). A lone character is left out ("乱收费" → 收费): alone it matches
 * almost anything.
 */
function wordsOf(run: string): string[] {
  const out: string[] = [];
  let singles = '';
  const flush = () => {
    if ([...singles].length >= 2) out.push(singles);
    singles = '';
  };
  for (const w of words(run)) {
    if ([...w].length >= 2) {
      flush();
      out.push(w);
    } else singles += w;
  }
  flush();
  return out;
}
