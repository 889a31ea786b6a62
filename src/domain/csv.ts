import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null | undefined;

/**
 * The one CSV writer: RFC 4180 with a UTF-8 byte-order mark (so that Excel,
 * which most offices and readers open it with, reads the Chinese right) and
 * CRLF line ends; an empty cell for null. Cells are quoted when they need it
 * (a comma, a quote, a line break). `guarded` is for text people typed (a
 * bureau's caseload): every cell quoted, and one that starts like a formula
 * (= + - @) prefixed so that it can never run as one (csv-stringify's
 * escape_formulas).
 */
export function excelCsv(rows: CsvCell[][], { guarded = false }: { guarded?: boolean } = {}): string {
  // csv-stringify quotes a cell holding the whole record delimiter (CRLF) but not a lone \r or \n, which Excel reads as line ends.
  return stringify(rows, {
    bom: true,
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
    ...(guarded ? { quoted: true, quoted_empty: true, escape_formulas: true } : {}),
  });
}
