import type { Notice } from '../schemas/notices';

type Entry = { id: string; data: Notice };

/** Newest first; same day by title so the order is stable between builds. */
export function newestFirst<T extends Entry>(notices: readonly T[]): T[] {
  return [...notices].sort((a, b) => b.data.publishedOn.localeCompare(a.data.publishedOn) || a.data.title.localeCompare(b.data.title));
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
