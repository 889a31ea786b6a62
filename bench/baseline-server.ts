// The baseline of the load benchmarks: a bare node:http server that reads
// the request body and does one Redis SET per request through the project's
// own client (connectRedis over TCP, the Upstash client API on node-redis),
// then answers 201 with a small JSON body.
//
//   REDIS_URL=redis://127.0.0.1:6379/14 PORT=4400 npx tsx bench/baseline-server.ts
import http from 'node:http';
import { connectRedis } from '../src/adapters/redis/connect';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14';
const prefix = process.env.REDIS_KEY_PREFIX ?? 'bench';
const port = Number(process.env.PORT ?? 4400);
const { redis, close } = connectRedis({ kind: 'tcp', url });
let n = 0;

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const id = ++n;
    redis
      .set(`${prefix}:baseline:${id % 100_000}`, Buffer.concat(chunks).toString('utf8'))
      .then(() => {
        res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ id }));
      })
      .catch(() => {
        res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"store":"down"}');
      });
  });
});
server.listen(port, '127.0.0.1', () => console.log(`baseline listening on ${port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => void close().then(() => process.exit(0))));
