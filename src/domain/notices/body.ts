import { cleanText } from '../text';

/**
 * The body of a notice written in the site, as blocks of plain text: what a
 * clerk can type on a phone (a safe Markdown subset) and nothing more.
 *
 * - a line starting with `#`, `##` or `###` is a subheading;
 * - lines starting with `-`, `*`, `•` or `1.` / `1、` / `（1）` form a list;
 * - other lines form paragraphs, separated by blank lines.
 *
 * There is no inline markup, no link, no image and no HTML: the text of a
 * block is only ever shown as text (Astro escapes it), so `<script>`,
 * `javascript:` and `[a](b)` appear exactly as typed. Control and invisible
 * characters are removed first (text.ts). A tiny parser instead of a Markdown
 * library: a library would have to be configured down to these three
 * constructs and would still hand back HTML, which the pages would then have
 * to trust (`set:html`); blocks keep the pages free of that.
 */
export type BodyBlock = { type: 'heading'; text: string } | { type: 'paragraph'; text: string } | { type: 'list'; ordered: boolean; items: string[] };

const HEADING = /^#{1,3}\s+(.*)$/;
const BULLET = /^[-*•]\s+(.*)$/;
const NUMBERED = /^(?:\d{1,3}[.、)）]|[（(]\d{1,3}[)）])\s*(.*)$/;

export function parseBody(value: string): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', text: paragraph.join('\n') });
    if (list) blocks.push({ type: 'list', ...list });
    paragraph = [];
    list = undefined;
  };
  for (const raw of cleanText(value).split('\n')) {
    const line = raw.trim();
    const heading = HEADING.exec(line);
    const item = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (line === '') flush();
    else if (heading) {
      flush();
      if (heading[1]!.trim()) blocks.push({ type: 'heading', text: heading[1]!.trim() });
    } else if (item) {
      const ordered = !BULLET.test(line);
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[1]!.trim());
    } else if (list) {
      // A line under a list item continues that item.
      list.items[list.items.length - 1] += `\n${line}`;
    } else paragraph.push(line);
  }
  flush();
  return blocks;
}
