// @ts-check
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { chooseEncoding } from './finishedPages.mjs';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
/** Requests whose answer depends on more than the path (as in finishedPages.mjs). */
const CONDITIONAL = ['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range', 'range'];

/**
 * @typedef {{ generation: number; headers: [string, string][]; body: Uint8Array; encoded?: { br: Buffer; gzip: Buffer } }} LivePage
 * @typedef {{ pages: Map<string, LivePage>; generation: number; freshUntil: number; storeWins?: ReadonlySet<string>; refresh?: () => Promise<unknown> }} LiveSlot
 */

// The process-wide place both module graphs reach (see below).
const slots = /** @type {Record<symbol, LiveSlot | undefined>} */ (/** @type {unknown} */ (globalThis));

/**
 * The rendered pages that show published notices, in one process-wide slot
 * that both sides of the Node server see: the server bundle (the middleware
 * puts each page it renders, src/server/pageCache.ts; the live catalogue
 * says which generation is current and until when that is known,
 * src/server/root.ts) and scripts/serve.mjs, which answers from it before
 * Astro, compressed once, as it answers prerendered pages (finishedPages.mjs).
 * They are separate module graphs in one process, hence the global symbol.
 * @type {LiveSlot}
 */
export const liveSlot = (slots[Symbol.for('schoolwatch.livePages')] ??= { pages: new Map(), generation: 0, freshUntil: 0 });

/**
 * Answers a GET of a live page from the slot while its generation is the
 * current one and the catalogue was checked within its refresh interval;
 * otherwise returns false, and the request takes Astro's path, which checks
 * the store, renders if needed and puts the page back.
 * @param {ReadonlyArray<readonly [string, string]>} siteHeaders the headers of every response (securityHeaders.mjs)
 * @param {((text: string) => string) | undefined} rewrite what the usual path does to a page's text (siteOrigin.mjs), done once here
 */
export function liveAnswers(siteHeaders, rewrite) {
  /** @type {Set<LivePage>} */
  const encoding = new Set();
  /** @param {LivePage} page */
  async function encode(page) {
    encoding.add(page);
    try {
      const raw = rewrite ? Buffer.from(rewrite(Buffer.from(page.body).toString('utf8'))) : Buffer.from(page.body);
      const [br, gzip] = await Promise.all([
        brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
        gz(raw, { level: 9 }),
      ]);
      page.encoded = { br, gzip };
    } finally {
      encoding.delete(page);
    }
  }
  return {
    /**
     * The path of a content notice's page whose id a notice published in the site also uses (the store's copy
     * wins, src/server/storeWinsPaths.ts), else undefined: the build's file must not answer it. Astro would
     * still find that file first, so the request goes on as /notices/<id>/current/, the same page on demand.
     * A notice's address has the catalogue checked when its last check is older than the refresh interval
     * (one read of the publication count), as a page rendered on demand would: waited for only the first
     * time, so that a store slow to answer never holds up a page the build made.
     * @param {import('node:http').IncomingMessage} req
     * @returns {Promise<string | undefined>}
     */
    async storeWins(req) {
      const url = req.url ?? '';
      if (!url.startsWith('/notices/')) return undefined;
      if (Date.now() > liveSlot.freshUntil && liveSlot.refresh) {
        const checked = liveSlot.refresh().catch(() => undefined);
        if (!liveSlot.storeWins) await checked;
      }
      const paths = liveSlot.storeWins;
      if (!paths || paths.size === 0) return undefined;
      const path = url.split('?')[0] ?? '';
      const key = path.endsWith('/') ? path : `${path}/`;
      return paths.has(key) ? `${key}current/${url.slice(path.length)}` : undefined;
    },
    /**
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     */
    answer(req, res) {
      if (req.method !== 'GET' || liveSlot.pages.size === 0 || Date.now() > liveSlot.freshUntil) return false;
      if (CONDITIONAL.some((name) => req.headers[name] !== undefined)) return false;
      const url = req.url ?? '';
      if (url.includes('?') || url.includes('%') || url.includes('//')) return false;
      const page = liveSlot.pages.get(url.endsWith('/') ? url : `${url}/`);
      if (!page || page.generation !== liveSlot.generation) return false;
      const chosen = chooseEncoding(req.headers['accept-encoding']);
      if (!chosen) return false;
      if (!page.encoded) {
        if (!encoding.has(page)) void encode(page).catch(() => {});
        return false;
      }
      const body = page.encoded[chosen];
      const headers = [
        ...siteHeaders.filter(([name]) => !page.headers.some(([own]) => own.toLowerCase() === name.toLowerCase())),
        ...page.headers.filter(([name]) => !['content-length', 'content-encoding', 'vary'].includes(name.toLowerCase())),
      ];
      res.writeHead(200, [...headers.flat(), 'Content-Encoding', chosen, 'Content-Length', String(body.length), 'Vary', 'Accept-Encoding']);
      res.end(body);
      return true;
    },
  };
}
