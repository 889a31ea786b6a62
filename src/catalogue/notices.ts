import type { Notice } from './schemas/notices';

type Entry = { id: string; data: Notice };

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first; same day by id, compared by code point so every machine builds the same order. */
export function newestFirst<T extends Entry>(notices: readonly T[]): T[] {
  return [...notices].sort((a, b) => byCodePoint(b.data.publishedOn, a.data.publishedOn) || byCodePoint(a.id, b.id));
}

/** Ids of every school a notice concerns: its own school and the schools in its findings. */
export function schoolsOf(notice: Notice): string[] {
  const ids = new Set<string>();
  if ('school' in notice) ids.add(notice.school);
  if (notice.kind === 'bulletin' || notice.kind === 'exposure') for (const f of notice.findings) ids.add(f.school);
  return [...ids];
}

/** Ids of every aspect a notice touches: listed ones, ledger rows and findings. */
export function aspectsOf(notice: Notice): string[] {
  const ids = new Set(notice.aspects);
  if (notice.kind === 'rectification') for (const row of notice.ledger) ids.add(row.aspect);
  if (notice.kind === 'bulletin' || notice.kind === 'exposure') for (const f of notice.findings) ids.add(f.aspect);
  return [...ids];
}

/** Notices per page of a list: a page stays small on a slow phone network whatever the number of notices. */
export const NOTICE_PAGE_SIZE = 30;

/**
 * Page `n` (from 1) of a list at `base` (`/notices/`), as Astro's paginate gives it to prerendered lists, for lists
 * rendered on demand; undefined past the last page (page 1 of an empty list exists).
 */
export function pageOf<T>(items: readonly T[], n: number, base: string) {
  const lastPage = Math.max(1, Math.ceil(items.length / NOTICE_PAGE_SIZE));
  if (!Number.isInteger(n) || n < 1 || n > lastPage) return undefined;
  const at = (k: number) => (k === 1 ? base : `${base}${k}/`);
  return {
    data: items.slice((n - 1) * NOTICE_PAGE_SIZE, n * NOTICE_PAGE_SIZE),
    currentPage: n,
    lastPage,
    total: items.length,
    url: { prev: n > 1 ? at(n - 1) : undefined, next: n < lastPage ? at(n + 1) : undefined },
  };
}

/** A rectification ledger with rows not yet 已整改: its page marks the rows past their deadline, day by day. */
export const hasOpenRows = (notice: Notice): boolean => notice.kind === 'rectification' && notice.ledger.some((row) => row.status !== '已整改');
