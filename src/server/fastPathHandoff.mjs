// @ts-check
/**
 * How the Astro bundle hands the Node server its path for filings
 * (src/server/filingFastPath.ts): the bundle is loaded by scripts/serve.mjs
 * through the adapter's entry, which exports only Astro's handler, so the
 * bundle leaves the path here, under a process-wide symbol, once its
 * composition root is built; scripts/serve.mjs asks for it per request.
 */
const HANDOFF = Symbol.for('schoolwatch.filingFastPath');

/**
 * @typedef {object} FastPath
 * @property {(req: import('node:http').IncomingMessage) => boolean} takes whether it answers this request exactly as Astro would
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>} answer
 */

/** @param {FastPath} path */
export function offerFastPath(path) {
  /** @type {any} */ (globalThis)[HANDOFF] ??= path;
}

/** @returns {FastPath | undefined} */
export function fastPath() {
  return /** @type {any} */ (globalThis)[HANDOFF];
}
