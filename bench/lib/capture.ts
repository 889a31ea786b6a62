// A local stand-in for Resend's API, run as its own process so that its work
// does not share an event loop with what is measured.
//
//   node --import tsx bench/lib/capture.ts <port>
//
// POST /emails answers 200 {"id": "<uuid>"} (Resend's shape) and counts the
// request under its Idempotency-Key; GET /stats returns the counts; POST
// /reset forgets them. It never deduplicates as Resend would: every request
// is counted, so a job sent twice shows up.
import { randomUUID } from 'node:crypto';
import http from 'node:http';

const port = Number(process.argv[2] ?? 0);
const perKey = new Map<string, number>();
let requests = 0;
let withoutKey = 0;
let badBodies = 0;

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/stats') {
      let duplicates = 0;
      let maxPerKey = 0;
      for (const n of perKey.values()) {
        if (n > 1) duplicates++;
        maxPerKey = Math.max(maxPerKey, n);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ requests, distinctKeys: perKey.size, duplicates, maxPerKey, withoutKey, badBodies }));
    }
    if (req.method === 'POST' && req.url === '/reset') {
      perKey.clear();
      requests = withoutKey = badBodies = 0;
      res.writeHead(204);
      return res.end();
    }
    if (req.method !== 'POST' || req.url !== '/emails') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ statusCode: 404, name: 'not_found', message: 'not found' }));
    }
    requests++;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to?: unknown; subject?: unknown };
      if (!body.to || !body.subject) badBodies++;
    } catch {
      badBodies++;
    }
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string') perKey.set(key, (perKey.get(key) ?? 0) + 1);
    else withoutKey++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: randomUUID() }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => console.log(`capture listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
