/**
 * The content notices whose id a notice published in the site also uses, as
 * the build found them (src/integrations/storeWins.ts), for notices/[id].astro,
 * which leaves them to the on-demand route. A process-wide slot: the
 * integration and the prerendered page are separate module graphs of one build.
 */
const SLOT = Symbol.for('schoolwatch.storeWins');
const slot = globalThis as unknown as Record<symbol, ReadonlySet<string> | undefined>;

/** Empty when the build did not (or could not) ask the store. */
export const storeWinsAtBuild = (): ReadonlySet<string> => slot[SLOT] ?? new Set();

export function setStoreWins(ids: ReadonlySet<string>): void {
  slot[SLOT] = ids;
}
