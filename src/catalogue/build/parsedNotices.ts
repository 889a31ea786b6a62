import type { NoticeEntry } from '../sources';

/**
 * The notices the collection's loader parsed, for the files written beside
 * the server bundle, so that a build parses each notice once. Astro loads
 * content.config.ts and astro.config.mjs's integrations as separate module
 * graphs in one process, so they meet in one process-wide slot, keyed by the
 * notices' folder.
 */
const slot = ((globalThis as Record<symbol, unknown>)[Symbol.for('schoolwatch.catalogue.parsedNotices')] ??= new Map()) as Map<string, NoticeEntry[]>;

/** Every notice of `dir` as the loader holds it after a load, in file-name order. */
export const publishParsed = (dir: string, notices: NoticeEntry[]) => void slot.set(dir, notices);

/** What the loader last published for `dir`, or undefined when it has not run in this process (then the files are read). */
export const parsedNotices = (dir: string): NoticeEntry[] | undefined => slot.get(dir);

/** Forgets `dir` after a content edit under `astro dev`, until the loader has read it again. */
export const forgetParsed = (dir: string) => void (slot.delete(dir), bodies.delete(dir));

const bodies = ((globalThis as Record<symbol, unknown>)[Symbol.for('schoolwatch.catalogue.renderedBodies')] ??= new Map()) as Map<string, Map<string, string>>;

/** The HTML each notice's Markdown body was rendered to in this build, by id. */
export const publishBodies = (dir: string, html: Map<string, string>) => void bodies.set(dir, html);

/** What the loader last rendered for `dir`: empty when it has not run in this process. */
export const renderedBodies = (dir: string): Map<string, string> => bodies.get(dir) ?? new Map();
