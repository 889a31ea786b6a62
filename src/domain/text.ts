/**
 * What becomes of text a person typed, before anything checks or stores it.
 * The rule, the same for every field:
 *
 * 1. Unicode NFC, so that one character is one sequence of code points;
 * 2. line breaks become `\n` (CR LF, CR, U+0085, U+2028, U+2029), tabs a space;
 * 3. every other control character (Unicode Cc: NUL, BEL, ESC, DEL, C1) and
 *    every invisible format character (Cf: zero-width spaces and joiners,
 *    bidi overrides such as U+202E, the BOM, soft hyphens, word joiners) is
 *    removed, as are the blank fillers that render as nothing (U+115F,
 *    U+1160, U+3164, U+FFA0, U+2800);
 * 4. leading and trailing white space is trimmed.
 *
 * Lengths are counted on what remains, so text of invisible characters alone
 * is empty. Single-line fields also lose their line breaks. Fields with a
 * strict form (email, phone) are checked on the typed value instead, so that
 * such a character there is refused, not silently dropped.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/gu;

export function cleanText(value: string, multiline = true): string {
  const lines = value
    .normalize('NFC')
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ');
  const kept = multiline
    ? lines
        .split('\n')
        .map((line) => line.replace(INVISIBLE, ''))
        .join('\n')
    : lines.replace(/\n/g, ' ').replace(INVISIBLE, '');
  return kept.trim();
}

/** Length as a person counts it: characters, not UTF-16 units. */
export const textLength = (text: string) => [...text].length;
