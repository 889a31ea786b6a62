// @ts-check
import { lstatSync } from 'node:fs';
import { join, posix, resolve, sep } from 'node:path';
import send from 'send';

/**
 * The build's files (dist/client: prerendered pages, assets, public/), served
 * as the Node adapter's standalone server served them, for the requests that
 * no on-demand route takes (scripts/serve.mjs asks Astro's router first). The
 * adapter runs in its `middleware` mode: its standalone server looked for a
 * file before routing, an `lstat` and a failed `stat` on the thread pool for
 * every on-demand request, a ninth of the CPU of a filing (docs/benchmarks.md,
 * "the request path").
 *
 * Kept as the adapter does it for this site's configuration (base `/`,
 * `build.format` 'directory', `trailingSlash` 'ignore'): a directory without
 * its slash is its index.html; dotfiles are refused except under
 * /.well-known/; hashed assets under /_astro/ are immutable.
 * @param {string} clientDir
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, miss: () => void) => void}
 */
export function buildFiles(clientDir) {
  const root = resolve(clientDir);
  return (req, res, miss) => {
    const url = (req.url ?? '/').split('#', 1)[0] ?? '/';
    const path = url.split('?', 1)[0] ?? '/';
    let pathname = path;
    if (!path.endsWith('/') && isDirectory(root, path)) pathname = `${path}/index.html`;
    const normalized = posix.normalize(pathname);
    const stream = send(req, normalized, { root, dotfiles: normalized.startsWith('/.well-known/') ? 'allow' : 'deny' });
    let found = false;
    stream.on('file', () => (found = true));
    stream.on('stream', () => {
      if (normalized.startsWith('/_astro/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    });
    stream.on('error', (/** @type {any} */ error) => {
      if (!found) return miss();
      const status = typeof error?.statusCode === 'number' ? error.statusCode : 500;
      if (status >= 500) console.error(String(error));
      res.writeHead(status);
      res.end(status >= 500 ? 'Internal server error' : '');
    });
    stream.pipe(res);
  };
}

/** @param {string} root @param {string} path the request's path, undecoded */
function isDirectory(root, path) {
  let decoded = path;
  try {
    decoded = decodeURI(path);
  } catch {
    // kept as it came: send refuses it
  }
  const file = resolve(join(root, decoded));
  if (file !== root && !file.startsWith(root + sep)) return false;
  try {
    return lstatSync(file).isDirectory();
  } catch {
    return false;
  }
}
