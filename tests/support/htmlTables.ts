// Reading a served page's tables as a person reads them: by caption, row by row.

/**
 * The rows of the table with this caption (its header row left out), each as
 * its cells' texts, header cell first; `cellText` turns a cell's HTML into
 * the text compared (each test file says how it folds tags and spaces).
 */
export function tableRows(html: string, caption: string, cellText: (cell: string) => string): string[][] {
  const table = new RegExp(`<caption>${caption}</caption>([\\s\\S]*?)</table>`).exec(html)?.[1];
  if (!table) throw new Error(`no table “${caption}”`);
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cellText(cell[1]!)));
}
