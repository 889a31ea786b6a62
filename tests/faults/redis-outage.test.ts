import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { startServer, type RunningServer } from '../support/server';
import { freePort } from '../support/project';
import { postJson, validComplaint } from '../support/intakeForms';
import { testSecret } from '../support/intakeRedis';
import { killOwnRedis, startOwnRedis } from '../support/ownRedis';

// A Redis of our own, so it can be stopped: the shared one serves other tests.
// appendfsync always: what Redis acknowledged survives its own crash, so a
// restart shows exactly what the application was told was stored.
let redisPort: number;
let redisDir: string;
let redis: ChildProcess | undefined;
let server: RunningServer;

async function startRedis() {
  redis = await startOwnRedis(redisPort, ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', redisDir]);
}

const stopRedis = () => killOwnRedis(redis!);

beforeAll(async () => {
  redisPort = await freePort();
  redisDir = mkdtempSync(join(tmpdir(), 'schoolwatch-outage-'));
  await startRedis();
  server = await startServer({
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    SITE_SECRET: testSecret(),
    REDIS_KEY_PREFIX: 'outage',
    INTAKE_RATE_LIMIT: '100000',
  });
});
afterAll(async () => {
  await server?.stop();
  if (redis && redis.exitCode === null) await stopRedis();
});

describe('Redis stopped in the middle of a stream of submissions', () => {
  it('answers 201 only for what it stored, 503 for the rest, and recovers without a restart', async () => {
    const results: Array<{ status: number | 'timeout'; reference?: string }> = [];
    let sent = 0;
    const submit = async () => {
      const started = Date.now();
      try {
        const res = await postJson(`${server.url}/api/complaints`, validComplaint(), { 'Idempotency-Key': `outage-${sent++}-${Math.random()}` });
        const body = (await res.json()) as { reference?: string };
        results.push({ status: res.status, ...(body.reference ? { reference: body.reference } : {}) });
      } catch {
        results.push({ status: 'timeout' });
      }
      expect(Date.now() - started).toBeLessThan(10_000);
    };
    const stream = async (count: number) => {
      for (let i = 0; i < count; i++) await submit();
    };

    // 4 clients × 100 submissions; Redis dies after the first 80 answers and comes back 2 s later.
    const clients = Array.from({ length: 4 }, () => stream(100));
    while (results.length < 80) await new Promise((r) => setTimeout(r, 10));
    await stopRedis();
    const downAt = results.length;
    await new Promise((r) => setTimeout(r, 2000));
    await startRedis();
    await Promise.all(clients);

    const statuses = new Set(results.map((r) => r.status));
    expect([...statuses].sort()).toEqual([201, 503]);
    expect(results.length).toBe(400);
    expect(results.slice(downAt).some((r) => r.status === 503)).toBe(true);

    // The server recovers on its own: new submissions are stored again.
    const after = await postJson(`${server.url}/api/complaints`, validComplaint());
    expect(after.status).toBe(201);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    // Every 201 is stored once, with its notification (queued, or already in the outbox).
    // The dispatcher is still sending: each job is looked for first, then its
    // email, which is written before the job leaves the queue.
    const client = createClient({ url: `redis://127.0.0.1:${redisPort}`, RESP: 2 });
    await client.connect();
    const outbox = join(server.dataDir, 'outbox');
    const acknowledged = results.filter((r) => r.status === 201).map((r) => r.reference!);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    const lost: string[] = [];
    for (const reference of acknowledged) {
      const stored = await client.get(`outage:complaint:${reference}`);
      const queued = await client.exists(`outage:job:complaint.filed/${reference}`);
      const mailed = existsSync(join(outbox, `complaint.filed_${reference}.json`));
      if (!stored || (!queued && !mailed)) lost.push(reference);
    }
    client.destroy();
    expect(lost).toEqual([]);
  });
});
