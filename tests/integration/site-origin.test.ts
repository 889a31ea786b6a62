// src/server/siteOrigin.mjs on a real HTTP server: the build's origin is
// replaced in text answers, whatever way the handler writes them, and nothing
// else is touched.
import http from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originRewriter } from '../../src/server/siteOrigin.mjs';

const BUILT = 'http://127.0.0.1:4321';
const HERE = 'https://jubao.example.org';
let server: http.Server;
let base = '';

const handlers: Record<string, (res: http.ServerResponse) => void> = {
  // As a static file server does: headers set, then the body streamed in pieces.
  '/page': (res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Length', String(Buffer.byteLength(`<link rel="canonical" href="${BUILT}/学校/">`)));
    res.write('<link rel="canonical" href="http://127.0.0.1');
    res.end(':4321/学校/">');
  },
  // As Astro's handler does: writeHead with the headers, then the body.
  '/sitemap.xml': (res) => {
    res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': '46' });
    res.end(`<urlset><url><loc>${BUILT}/</loc></url></urlset>`);
  },
  '/data.json': (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ url: BUILT }));
  },
  '/compressed.html': (res) => {
    res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'identity' });
    res.end(`<a href="${BUILT}/">`);
  },
};

beforeAll(async () => {
  const rewrite = originRewriter(BUILT, HERE)!;
  server = http.createServer((req, res) => {
    rewrite(req, res);
    handlers[req.url!]!(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('originRewriter', () => {
  it('does nothing when the server runs on the build’s origin', () => {
    expect(originRewriter(BUILT, BUILT)).toBeUndefined();
  });

  it('replaces the origin in a page written in pieces, with the right length', async () => {
    const res = await fetch(`${base}/page`);
    const body = await res.text();
    expect(body).toBe(`<link rel="canonical" href="${HERE}/学校/">`);
    expect(Number(res.headers.get('content-length') ?? Buffer.byteLength(body))).toBe(Buffer.byteLength(body));
  });

  it('replaces it in XML written with writeHead', async () => {
    expect(await (await fetch(`${base}/sitemap.xml`)).text()).toBe(`<urlset><url><loc>${HERE}/</loc></url></urlset>`);
  });

  it('leaves JSON and already encoded answers alone', async () => {
    expect(await (await fetch(`${base}/data.json`)).json()).toEqual({ url: BUILT });
    expect(await (await fetch(`${base}/compressed.html`)).text()).toBe(`<a href="${BUILT}/">`);
  });
});
