// Serves the bare endpoint's build (SCHOOLWATCH_OUT_DIR) with the adapter's handler behind a plain node:http, as scripts/serve.mjs does.
import http from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const { handler } = await import(pathToFileURL(join(process.env.SCHOOLWATCH_OUT_DIR, 'server', 'entry.mjs')).href);
http.createServer((req, res) => handler(req, res, () => res.writeHead(404).end())).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
