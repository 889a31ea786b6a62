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
