const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True when `text` is a real calendar day written as YYYY-MM-DD. Compares
 * the parts with what Date.UTC makes of them, so 2026-13-01, 2026-02-29 or
 * 0000-00-00 are false (Date.UTC rolls them over) and nothing ever throws.
 */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  if (y! < 1) return false;
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  // Date.UTC reads years 0–99 as 1900–1999.
  date.setUTCFullYear(y!);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}
