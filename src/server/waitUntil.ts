/**
 * Vercel's adapter puts `waitUntil` on `locals`: work passed to it may finish
 * after the response is sent. On the Node server there is no such thing and
 * the promise simply runs on.
 */
export function waitUntilOf(locals: unknown): { waitUntil?: (promise: Promise<unknown>) => void } {
  const fn = (locals as { waitUntil?: unknown } | undefined)?.waitUntil;
  return typeof fn === 'function' ? { waitUntil: (p) => (fn as (p: Promise<unknown>) => void)(p) } : {};
}
