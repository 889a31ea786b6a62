/**
 * Text with the matched words marked, as plain segments: pages render them
 * as text inside <mark> elements, so nothing typed or indexed is ever
 * treated as HTML.
 */
export type Marked = Array<{ text: string; mark: boolean }>;

/** How a field is compared with a query: full-width to ASCII, lower case. */
export const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/** Marks every occurrence of any needle in `text` (longest needle first, no overlaps). */
export function markText(text: string, needles: readonly string[]): Marked {
  const folded = fold(text);
  // Folding changed the length (rare ligatures): indices would not line up, so mark nothing.
  const wanted = [...new Set(needles.filter((n) => n !== ''))].sort((a, b) => b.length - a.length);
  if (folded.length !== text.length || wanted.length === 0) return text === '' ? [] : [{ text, mark: false }];
  const marked: boolean[] = Array.from({ length: text.length }, () => false);
  for (const needle of wanted) {
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length)) {
      if (marked.slice(at, at + needle.length).some(Boolean)) continue;
      marked.fill(true, at, at + needle.length);
    }
  }
  const out: Marked = [];
  for (let i = 0; i < text.length; i++) {
    const last = out.at(-1);
    if (last && last.mark === marked[i]) last.text += text[i];
    else out.push({ text: text[i]!, mark: marked[i]! });
  }
  return out;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

/**
 * Pagefind's excerpt is HTML: the page text with entities encoded and the
 * matched words in <mark>. Turned back into segments so that the browser
 * script can render it with textContent, never innerHTML.
 */
export function marksFromExcerpt(html: string): Marked {
  const out: Marked = [];
  let mark = false;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') mark = true;
    else if (part === '</mark>') mark = false;
    else if (part !== '') {
      const text = part.replace(/<[^>]*>/g, '').replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e]!);
      const last = out.at(-1);
      if (last && last.mark === mark) last.text += text;
      else if (text !== '') out.push({ text, mark });
    }
  }
  return out;
}

/** True when any segment is marked. */
export const hasMark = (marked: Marked) => marked.some((m) => m.mark);

/**
 * About `max` characters of a marked text, starting a few characters before
 * its first mark, with "…" where it was cut: the one line a phone shows.
 */
export function aroundFirstMark(marked: Marked, max = 40, before = 8): Marked {
  const chars = marked.flatMap((m) => [...m.text].map((c) => ({ c, mark: m.mark })));
  if (chars.length <= max) return marked;
  const first = Math.max(
    0,
    chars.findIndex((x) => x.mark),
  );
  const start = Math.max(0, Math.min(first - before, chars.length - max));
  const end = Math.min(chars.length, start + max);
  const out: Marked = [];
  const push = (text: string, mark: boolean) => {
    const last = out.at(-1);
    if (last && last.mark === mark) last.text += text;
    else out.push({ text, mark });
  };
  if (start > 0) push('…', false);
  for (const x of chars.slice(start, end)) push(x.c, x.mark);
  if (end < chars.length) push('…', false);
  return out;
}
