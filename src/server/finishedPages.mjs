// @ts-check
import { readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
/** Compressed pages kept in memory; the oldest filled goes first (a 20 KB page is about 9 KB as brotli and gzip together). */
const CACHE_BYTES = 32 * 1024 * 1024;
/** Paths answered here: plain spellings only; anything else (escapes, dot segments, doubled slashes) takes the adapter's path. */
const PLAIN = /^\/(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/)*(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*)?$/;
/** Requests whose answer depends on more than the path (send answers 304, 206 or 412 for them). */
const CONDITIONAL = ['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range', 'range'];

/**
 * Finished answers of the prerendered pages, so that a page is read and
 * compressed once per process, not on every request (docs/benchmarks.md,
 * "the request path": send's two stats and a file stream, then brotli over
 * 20 KB, were most of a static page's cost). The first request for a page
 * takes the adapter's path (send + compression) as before and fills the
 * cache in the background; later ones get the same headers the adapter,
 * the compression middleware and scripts/serve.mjs would give (ETag and
 * Last-Modified of the file, the page's own CSP) with brotli or gzip bytes
 * from memory, all headers written at once. Only GET of an .html page
 * with br or gzip accepted is answered here; everything else goes the usual
 * way (scripts/serve.mjs asks before it sets any header).
 * @param {string} clientDir the build's client folder
 * @param {(url: string) => string} policyOf the page's Content-Security-Policy (staticPolicies.mjs)
 * @param {ReadonlyArray<readonly [string, string]>} siteHeaders the headers of every response (securityHeaders.mjs)
 * @param {((text: string) => string) | undefined} rewrite what the usual path does to a page's text (siteOrigin.mjs), done once here
 */
export function finishedPages(clientDir, policyOf, siteHeaders, rewrite) {
  const htmlFiles = new Set(listHtml(clientDir, ''));
  /** @typedef {{ headers: string[]; body: Buffer }} Answer every header in one flat list, for one writeHead */
  /** @type {Map<string, { br: Answer; gzip: Answer; bytes: number }>} */
  const cache = new Map();
  /** @type {Map<string, 'br' | 'gzip' | undefined>} browsers send few spellings of Accept-Encoding */
  const encodings = new Map();
  /** @type {Set<string>} */
  const filling = new Set();
  let bytes = 0;

  /** @param {string} path the request's path @param {string} file the page's file under clientDir */
  async function fill(path, file) {
    filling.add(path);
    try {
      const [info, read] = await Promise.all([stat(join(clientDir, file)), readFile(join(clientDir, file))]);
      const raw = rewrite ? Buffer.from(rewrite(read.toString('utf8'))) : read;
      const [br, gzip] = await Promise.all([
        brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
        gz(raw, { level: 9 }),
      ]);
      const headers = [
        ...siteHeaders,
        ['Accept-Ranges', 'bytes'],
        ['Cache-Control', 'public, max-age=0'],
        ['Last-Modified', info.mtime.toUTCString()],
        // send's weak ETag (size and mtime in hex), which the compression middleware keeps.
        ['ETag', `W/"${info.size.toString(16)}-${info.mtime.getTime().toString(16)}"`],
        ['Content-Type', 'text/html; charset=utf-8'],
        ['Vary', 'Accept-Encoding'],
        ['Content-Security-Policy', policyOf(path)],
      ].flat();
      /** @param {Buffer} body @param {string} encoding @returns {Answer} */
      const answer = (body, encoding) => ({ headers: [...headers, 'Content-Encoding', encoding, 'Content-Length', String(body.length)], body });
      for (const [old, entry] of cache) {
        if (bytes + br.length + gzip.length <= CACHE_BYTES) break;
        cache.delete(old);
        bytes -= entry.bytes;
      }
      cache.set(path, { br: answer(br, 'br'), gzip: answer(gzip, 'gzip'), bytes: br.length + gzip.length });
      bytes += br.length + gzip.length;
    } catch {
      // gone or unreadable: the adapter's path answers, as before
    } finally {
      filling.delete(path);
    }
  }

  return {
    /**
     * Answers `req` from the cache and returns true, or returns false for the usual path.
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     */
    answer(req, res) {
      if (req.method !== 'GET' || CONDITIONAL.some((name) => req.headers[name] !== undefined)) return false;
      const path = (req.url ?? '').split('?', 1)[0] ?? '';
      if (!PLAIN.test(path)) return false;
      const accept = req.headers['accept-encoding'];
      if (accept === undefined) return false;
      let encoding = encodings.get(accept);
      if (!encodings.has(accept)) {
        encoding = chooseEncoding(accept);
        if (encodings.size < 1000) encodings.set(accept, encoding);
      }
      if (!encoding) return false;
      const entry = cache.get(path);
      if (!entry) {
        // The adapter's mapping for a directory build with trailingSlash 'ignore': /x/ and /x are /x/index.html.
        const file = path.endsWith('.html') ? path.slice(1) : `${path.slice(1)}${path.endsWith('/') || path === '' ? '' : '/'}index.html`;
        if (htmlFiles.has(file) && !filling.has(path)) void fill(path, file);
        return false;
      }
      const { headers, body } = entry[encoding];
      res.writeHead(200, headers);
      res.end(body);
      return true;
    },
  };
}

/**
 * br or gzip, as the compression middleware would choose them (br first on a
 * tie); undefined when the client prefers something else or nothing.
 * @param {string | string[] | undefined} header
 * @returns {'br' | 'gzip' | undefined}
 */
export function chooseEncoding(header) {
  if (typeof header !== 'string') return undefined;
  /** @type {Record<string, number>} */
  const q = {};
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    const weight = params.find((p) => p.startsWith('q='));
    q[name.toLowerCase()] = weight ? Number(weight.slice(2)) : 1;
  }
  const best = Math.max(q.br ?? 0, q.gzip ?? 0);
  if (!(best > 0) || Object.values(q).some((w) => w > best)) return undefined;
  return (q.br ?? 0) >= (q.gzip ?? 0) ? 'br' : 'gzip';
}

/** @param {string} dir @param {string} prefix @returns {string[]} the .html files under dir, relative, with / */
function listHtml(dir, prefix) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [];
    if (entry.isDirectory()) return listHtml(join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.html') ? [`${prefix}${entry.name}`] : [];
  });
}
