// Serves the built site's handler with no start-up checks, as a serverless
// host (Vercel) runs it: the configuration is first read by a request.
// Run with: node tests/support/bareHandler.mjs <port>
import http from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const outDir = resolve(process.env.SCHOOLWATCH_OUT_DIR ?? 'dist');
const { handler } = await import(pathToFileURL(join(outDir, 'server', 'entry.mjs')).href);
http.createServer((req, res) => handler(req, res)).listen(Number(process.argv[2]), '127.0.0.1', () => console.log('listening'));
