// What the tests of notices published in the site share: 星河小学's
// two-row ledger as the notice form sends it, and reading the served pages
// until a publication shows up (the server refreshes the catalogue on an
// interval, so a page catches up within it).

/** 星河小学's ledger rows: one from its self-inspection (整改中), one from a complaint (未启动). */
const XINGHE_ROWS = [
  {
    problem: '周六组织六年级集体补课',
    source: '自查',
    aspect: 'holiday-classes',
    measure: '停止周六集体补课',
    responsible: '教务处',
    deadline: '2026-12-31',
    status: '整改中',
  },
  {
    problem: '三年级书面作业超时',
    source: '举报',
    aspect: 'homework',
    measure: '公开每日作业时长',
    responsible: '教务处',
    deadline: '2027-01-15',
    status: '未启动',
  },
];

/** A self-inspection phase rectification notice of 星河小学 with its two rows, in the words given; `extra` overrides any field. */
export const xingheLedgerInput = (words: { title: string; summary: string; body: string }, extra: Record<string, unknown> = {}) => ({
  title: words.title,
  summary: words.summary,
  phase: 'self-inspection',
  aspects: ['holiday-classes'],
  body: words.body,
  ledger: XINGHE_ROWS,
  ...extra,
});

/** Asks `path` until its page contains `text` (at most 60 s: the promise of issue 23); the page. */
export async function waitForPageWith(base: string, path: string, text: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const page = await (await fetch(`${base}${path}`)).text();
    if (page.includes(text)) return page;
    if (Date.now() > deadline) throw new Error(`${path} never showed “${text}”:\n${page.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A page's text as a reader sees it: tags dropped, numeric character references decoded, white space folded. */
export const pageText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/\s+/g, ' ');
