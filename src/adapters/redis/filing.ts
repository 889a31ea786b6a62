import type { FileOutcome, RateLimit } from '../../ports/complaintStore';

/** The site-wide count's ARGV for FILE and FILE_WAITING ('-' as its key counts nothing). */
export const siteArgs = (site: RateLimit | undefined) => (site ? [String(site.max), String(site.windowSeconds * 1000)] : ['0', '0']);

/** FILE's and FILE_WAITING's reply as the port's outcome (scripts.ts). */
export function fileOutcome(kind: string, value: string | undefined, waiting: string | undefined): FileOutcome {
  if (kind === 'replayed') return { kind, answer: value! };
  if (kind === 'limited') return { kind, retryAfterMs: Number(value) };
  if (kind === 'reference-taken') return { kind };
  return {
    kind: 'filed',
    othersWaiting: Number(waiting) > 0,
    ...(value ? { siteOver: { kind: 'limited' as const, retryAfterMs: Number(value) } } : {}),
  };
}
