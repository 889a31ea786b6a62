// One connection per engine per process: the composition root opens one Redis
// client (or one handle on schoolwatch.db), hands it to the complaint,
// workspace and statistics stores, and closes it once. Observed from outside:
// Redis's own CLIENT LIST, and the process's open files.
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/config/env';
import { registry } from '../../src/catalogue/registry';
import { createRoot, type Root } from '../../src/server/root';
import { claimDatabase, redisUrl, withDatabase } from '../support/redis';

const dir = mkdtempSync(join(tmpdir(), 'schoolwatch-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rootOn(env: Record<string, string>): Promise<Root> {
  const check = checkConfig({ OUTBOX_DIR: join(dir, 'outbox'), SITE_URL: 'https://jubao.example', ...env });
  if (!check.ok) throw new Error(check.problems.join('\n'));
  return createRoot({ ...check.config, dispatch: { ...check.config.dispatch, background: false } }, registry, { log: () => {} });
}

/** Touches every store: the complaints (health), the statistics and the workspace's sessions. */
async function useEveryStore(root: Root) {
  expect((await root.services.health()).kind).toBe('ok');
  await root.services.statsSnapshot();
  expect(await root.services.workspace.session('A'.repeat(43))).toBeNull();
}

describe('one Redis client per process', () => {
  it('serves every store over one connection and closes it once', async () => {
    const base = await redisUrl();
    const claim = claimDatabase(base);
    const observer = createClient({ url: base, RESP: 2 });
    await observer.connect();
    // Only this test's clients select its claimed database.
    const clientsOnDatabase = async () =>
      ((await observer.sendCommand(['CLIENT', 'LIST'])) as string).split('\n').filter((line) => line.includes(` db=${claim.db} `)).length;
    try {
      const root = await rootOn({ REDIS_URL: withDatabase(base, claim.db), REDIS_KEY_PREFIX: 'engine', SITE_SECRET: 'c'.repeat(44), MAIL_OUTBOX: '1' });
      await useEveryStore(root);
      expect(await clientsOnDatabase()).toBe(1);
      await root.close();
      expect(await clientsOnDatabase()).toBe(0);
    } finally {
      await observer.close();
      claim.release();
    }
  });
});

describe('one SQLite handle per process', () => {
  it('opens schoolwatch.db once for every store and closes it', async () => {
    const data = join(dir, 'data');
    const database = join(data, 'schoolwatch.db');
    // Each DatabaseSync holds the file open: the process's descriptors show how many handles there are.
    const handles = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === database;
        } catch {
          return false;
        }
      }).length;
    const root = await rootOn({ SCHOOLWATCH_DATA_DIR: data });
    await useEveryStore(root);
    expect(handles()).toBe(1);
    await root.close();
    expect(handles()).toBe(0);
  });
});
