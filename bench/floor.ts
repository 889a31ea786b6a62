// The floors the product is measured against, each a bare node:http server:
//   set     reads the body, does one Redis SET through the project's own client, answers 201 with small JSON
//   sealed  the same, after the crypto DESIGN.md asks of every filing, through the project's own keys: two AES-GCM
//           seals (the parent's words; the answer kept for an Idempotency-Key, under a key derived from it), six HMACs
//   files   serves the build's files (SITE_DIR) from memory, brotli or gzip when the client asks (made once per file)
//   resend  Resend's API: answers 200 {"id"} to every POST; GET answers how many came, and how many repeated an Idempotency-Key
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { connectRedis } from '../src/adapters/redis/connect';
import { webCryptoKeys } from '../src/adapters/webCryptoKeys';

const kind = process.argv[2];
let handler: http.RequestListener;

if (kind === 'set' || kind === 'sealed') {
  const { redis } = connectRedis({ kind: 'tcp', url: process.env.REDIS_URL! });
  const keys = await webCryptoKeys(randomUUID());
  const sealed = async (body: string, key: string) => {
    const hashes = [keys.receiptHash(body), keys.clientHash(key), keys.idempotencyHash(body), keys.idempotencyHash(key), keys.sign(key)];
    return JSON.stringify([await keys.seal(body), await keys.sealWith(key, body), ...(await Promise.all(hashes))]);
  };
  let n = 0;
  handler = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const id = ++n;
      const body = Buffer.concat(chunks).toString('utf8');
      const value = kind === 'sealed' ? await sealed(body, String(req.headers['idempotency-key'])) : body;
      redis.set(`${process.env.PREFIX}:floor:${id % 10_000}`, value).then(
        () => (res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }), res.end(JSON.stringify({ id }))),
        () => (res.writeHead(503), res.end()),
      );
    });
  };
} else if (kind === 'files') {
  const root = process.env.SITE_DIR!;
  const cache = new Map<string, { raw: Buffer; br: Buffer; gz: Buffer; type: string }>();
  handler = (req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!));
    let file = cache.get(path);
    if (!file) {
      const name = join(root, path.endsWith('/') ? `${path}index.html` : path);
      if (!statSync(name, { throwIfNoEntry: false })?.isFile()) return res.writeHead(404).end();
      const raw = readFileSync(name);
      file = {
        raw,
        br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        gz: gzipSync(raw, { level: 9 }),
        type: name.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream',
      };
      cache.set(path, file);
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    const [body, encoding] = /\bbr\b/.test(accept) ? [file.br, 'br'] : /\bgzip\b/.test(accept) ? [file.gz, 'gzip'] : [file.raw, undefined];
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': body.length,
      vary: 'Accept-Encoding',
      ...(encoding ? { 'content-encoding': encoding } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
} else if (kind === 'resend') {
  const keys = new Set<string>();
  let emails = 0;
  let duplicates = 0;
  handler = (req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      if (req.method === 'POST') {
        emails++;
        if (keys.has(key)) duplicates++;
        keys.add(key);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.method === 'POST' ? { id: randomUUID() } : { emails, duplicates }));
    });
  };
} else throw new Error(`unknown floor ${kind}`);

const server = http.createServer(handler);
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
