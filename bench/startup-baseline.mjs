// The start-up baseline of bench:build: a bare node:http server that answers
// 200 with a small HTML page to every request, started and timed exactly as
// the Node server is (`node <script>`, then /api/health polled until it
// answers 200), so that what Node itself costs to start and to hold is
// measured in the same run.
//
//   PORT=4400 node bench/startup-baseline.mjs
import http from 'node:http';

const page = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>基准</title><p>${'举报'.repeat(2000)}</p></html>`;
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': req.url?.startsWith('/api/') ? 'application/json' : 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(req.url?.startsWith('/api/') ? '{"status":"up"}' : page);
});
server.listen(Number(process.env.PORT ?? 4400), process.env.HOST ?? '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
