// scripts/cron.mjs and scripts/healthcheck.mjs, the two small programs the
// container and the systemd timer run, against a local stand-in for the site.
import http from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runNpmScript } from '../support/project';

const SECRET = 'cron-secret-for-tests-0123456789';
let server: http.Server;
let port: number;
let health = 200;
const seen: Array<{ method: string; url: string; authorization?: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    if (req.url === '/api/health') return res.writeHead(health).end('{}');
    res.writeHead(req.headers.authorization === `Bearer ${SECRET}` ? 200 : 401).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('scripts/cron.mjs', () => {
  it('calls the cron path with the secret, prints one JSON line without it, and exits 0', async () => {
    seen.length = 0;
    const { code, output } = await run(['scripts/cron.mjs', '/api/cron/overdue'], {
      env: { CRON_SECRET: SECRET, SCHOOLWATCH_URL: `http://127.0.0.1:${port}` },
    });
    expect(code).toBe(0);
    expect(seen).toEqual([{ method: 'GET', url: '/api/cron/overdue', authorization: `Bearer ${SECRET}` }]);
    expect(JSON.parse(output)).toMatchObject({ event: 'cron', path: '/api/cron/overdue', status: 200 });
    expect(output).not.toContain(SECRET);
  });

  it('exits 1 when the site refuses the secret', async () => {
    const { code, output } = await run(['scripts/cron.mjs', '/api/cron/overdue'], {
      env: { CRON_SECRET: 'wrong-secret', SCHOOLWATCH_URL: `http://127.0.0.1:${port}` },
    });
    expect(code).toBe(1);
    expect(JSON.parse(output.split('\n')[0]!)).toMatchObject({ status: 401 });
  });

  it('exits 1 when the site is not there', async () => {
    const { code, output } = await run(['scripts/cron.mjs', '/api/cron/overdue'], { env: { CRON_SECRET: SECRET, SCHOOLWATCH_URL: 'http://127.0.0.1:9' } });
    expect(code).toBe(1);
    expect(JSON.parse(output)).toEqual({ event: 'cron', path: '/api/cron/overdue', status: 'unreachable', error: 'TypeError' });
  });

  it('is what `npm run stats` runs: the statistics job, and a plain hint when the secret is refused', async () => {
    seen.length = 0;
    expect((await runNpmScript('stats', { env: { CRON_SECRET: SECRET, SCHOOLWATCH_URL: `http://127.0.0.1:${port}` } })).code).toBe(0);
    expect(seen).toEqual([{ method: 'GET', url: '/api/cron/stats', authorization: `Bearer ${SECRET}` }]);
    const refused = await runNpmScript('stats', { env: { CRON_SECRET: '', SCHOOLWATCH_URL: `http://127.0.0.1:${port}` } });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('The site refused: set CRON_SECRET here to the value the running server has (it needs one too).');
  });

  it('refuses a path that is not a cron endpoint', async () => {
    const { code, output } = await run(['scripts/cron.mjs', '/api/complaints'], { env: { CRON_SECRET: SECRET } });
    expect({ code, output: output.trim() }).toEqual({ code: 2, output: 'usage: node scripts/cron.mjs /api/cron/<job> [--every <seconds ≥ 60>]' });
  });
});

describe('scripts/healthcheck.mjs', () => {
  it.each([
    [200, 0],
    [503, 1],
  ])('health %i → exit %i', async (status, exit) => {
    health = status;
    expect((await run(['scripts/healthcheck.mjs'], { env: { PORT: String(port) } })).code).toBe(exit);
  });
});
