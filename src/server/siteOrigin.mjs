// @ts-check
/**
 * Links that leave the site's own pages carry an origin: canonical links,
 * feeds, the sitemap and robots.txt. Astro writes it at build time (`site`),
 * but the Node server may run a build on another origin than it was built for
 * (`npm run serve` on another PORT, a container image built once, the tests).
 * The server then replaces the build's origin by its own in the text it sends
 * (pages, XML, plain text); when both are the same, as after `npm start` or
 * with SITE_URL set at build, nothing is touched.
 *
 * Why at serve time and not by making the sitemap, feeds and every page
 * on-demand: the canonical link is in every prerendered page, and turning them
 * all into on-demand pages would give up the static site (0 JS, served as
 * files, the same on Vercel) for a self-hosting detail.
 */

const REWRITTEN = /^(?:text\/(?:html|xml|plain)|application\/(?:xml|rss\+xml|atom\+xml|xhtml\+xml))\b/i;

/**
 * A response's Content-Type, from writeHead's headers (object or flat array) or those already set.
 * @param {import('node:http').ServerResponse} res
 * @param {any} headers
 */
function contentTypeOf(res, headers) {
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2) if (String(headers[i]).toLowerCase() === 'content-type') return String(headers[i + 1]);
  } else if (headers) {
    for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'content-type') return String(value);
  }
  return String(res.getHeader('content-type') ?? '');
}

/**
 * Whether a response is already encoded (a precompressed file): its bytes are not text to rewrite.
 * @param {import('node:http').ServerResponse} res
 * @param {any} headers
 */
function isEncoded(res, headers) {
  const names = Array.isArray(headers) ? headers.filter((_, i) => i % 2 === 0) : Object.keys(headers ?? {});
  return res.hasHeader('content-encoding') || names.some((name) => String(name).toLowerCase() === 'content-encoding');
}

/**
 * writeHead's headers without Content-Length (the body's length changes).
 * @param {any} headers
 */
function withoutLength(headers) {
  if (Array.isArray(headers)) return headers.filter((_, i, all) => String(all[i - (i % 2)]).toLowerCase() !== 'content-length');
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-length'));
}

/**
 * A per-request hook that replaces `from` by `to` in text responses, or
 * undefined when there is nothing to replace.
 * @param {string} from the build's origin
 * @param {string} to the origin links should carry
 */
export function originRewriter(from, to) {
  if (!from || from === to) return undefined;
  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {any} res a ServerResponse, whose writing methods are wrapped
   */
  return (req, res) => {
    // A HEAD answer has no body to rewrite; its Content-Length stays the build's (a few bytes off at most).
    if (req.method === 'HEAD') return;
    const { writeHead, write, end } = res;
    /** @type {any[] | undefined} writeHead's arguments, held until the body is complete */
    let held;
    /** @type {Buffer[]} */
    const chunks = [];
    /** @type {(this: any, status: number, ...rest: any[]) => any} */
    res.writeHead = function (status, ...rest) {
      const at = rest.findIndex((arg) => arg && typeof arg === 'object');
      if (!REWRITTEN.test(contentTypeOf(res, rest[at])) || isEncoded(res, rest[at])) return writeHead.call(this, status, ...rest);
      if (at >= 0) rest[at] = withoutLength(rest[at]);
      res.removeHeader('content-length');
      held = [status, ...rest];
      return this;
    };
    /** @type {(chunk: any, encoding: any) => void} */
    const collect = (chunk, encoding) => {
      if (chunk != null && typeof chunk !== 'function')
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === 'string' ? /** @type {BufferEncoding} */ (encoding) : 'utf8'));
    };
    /** @type {(this: any, chunk: any, encoding?: any, callback?: any) => boolean} */
    res.write = function (chunk, encoding, callback) {
      if (!res.headersSent && !held) res.writeHead(res.statusCode);
      if (!held) return write.call(this, chunk, encoding, callback);
      collect(chunk, encoding);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (done) process.nextTick(done);
      return true;
    };
    /** @type {(this: any, chunk?: any, encoding?: any, callback?: any) => any} */
    res.end = function (chunk, encoding, callback) {
      if (!res.headersSent && !held) res.writeHead(res.statusCode);
      if (!held) return end.call(this, chunk, encoding, callback);
      collect(chunk, encoding);
      const body = Buffer.from(Buffer.concat(chunks).toString('utf8').replaceAll(from, to));
      const [status, ...rest] = held;
      held = undefined;
      writeHead.call(this, status, ...rest);
      return end.call(this, body, typeof encoding === 'function' ? encoding : callback);
    };
  };
}
