// A composition root for integration tests that run once on the embedded
// SQLite store and once on a real Redis: its own data folder, the local mail
// outbox, a test clock, the dispatcher run only when a test calls it, and a
// second handle on the same data for what no service writes yet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openEngine, type Engine } from '../../src/adapters/engine';
import { registry } from '../../src/catalogue/registry';
import { checkConfig } from '../../src/config/env';
import type { Clock } from '../../src/ports/clock';
import { createRoot, type Root } from '../../src/server/root';
import { openRedis, scanKeys, testSecret, uniquePrefix } from './intakeRedis';
import { redisUrl } from './redis';

export interface TestEngine {
  name: string;
  /** The environment that chooses the engine (none: SQLite in the data folder). */
  env(): Promise<Record<string, string>>;
}

/** SQLite, then Redis under a fresh key prefix starting with `label`. */
export function sqliteAndRedis(label: string): TestEngine[] {
  return [
    { name: 'sqlite', env: async () => ({}) },
    { name: 'redis', env: async () => ({ REDIS_URL: await redisUrl(), REDIS_KEY_PREFIX: uniquePrefix(label), SITE_SECRET: testSecret() }) },
  ];
}

export interface RootOnEngine {
  /** The local mail outbox the root writes to. */
  outbox: string;
  /** Set before the first test. */
  root: Root;
  /** A second handle on the root's data, set before the first test. */
  poke: Engine;
}

/**
 * Opens the root before the describe block's tests and, after them, closes it
 * and removes everything it wrote (the folder, and the Redis keys under its
 * prefix). Call it inside a `describe`.
 */
export function rootOnEngine(engine: TestEngine, options: { folder: string; clock: Clock; cronSecret: string }): RootOnEngine {
  const dir = mkdtempSync(join(tmpdir(), options.folder));
  const opened = { outbox: join(dir, 'outbox') } as RootOnEngine;
  let env: Record<string, string> | undefined;

  beforeAll(async () => {
    env = await engine.env();
    const check = checkConfig({
      SCHOOLWATCH_DATA_DIR: join(dir, 'data'),
      OUTBOX_DIR: opened.outbox,
      MAIL_OUTBOX: '1',
      SITE_URL: 'https://jubao.example',
      CRON_SECRET: options.cronSecret,
      ...env,
    });
    if (!check.ok) throw new Error(check.problems.join('\n'));
    opened.root = await createRoot({ ...check.config, dispatch: { ...check.config.dispatch, background: false } }, registry, {
      clock: options.clock,
      log: () => {},
    });
    opened.poke = await openEngine(check.config.store, check.config.keyPrefix);
  });
  afterAll(async () => {
    await opened.root?.close();
    await opened.poke?.close();
    if (env?.REDIS_KEY_PREFIX) {
      const admin = await openRedis(env.REDIS_URL!);
      const left = await scanKeys(admin, `${env.REDIS_KEY_PREFIX}:*`);
      if (left.length) await admin.del(left);
      admin.destroy();
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return opened;
}
