// The intake of commit d6b97b1 (before the store did a filing and a lookup
// in one Lua script each), for the "before" figures of bench/counts.ts only:
// its own modules, loaded from a checkout of that commit (a git worktree),
// called as its src/server/intake.ts called them — `checkRate`, then
// `fileComplaint(raw, deps, idempotencyKey)`; for a lookup `checkRate`, then
// `store.byReceiptHash(keys.receiptHash(code))` — without its runtime(),
// which needs Astro's content store. Its modules resolve their packages from
// that checkout's node_modules.
//
//   git worktree add ../old-checkout d6b97b1 && (cd ../old-checkout && npm ci)
//   npx tsx bench/counts.ts --source ../old-checkout --record bench/counts-d6b97b1.json
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import type { RedisTarget } from '../../src/adapters/redis/connect';
import type { Intake } from './counts';
import { KEY_PREFIX } from './redis';

/** Is `source` a checkout with the old API (src/server/runtime.ts and the separate rate check)? */
export const isLegacySource = (source: string) => existsSync(join(source, 'src', 'server', 'runtime.ts')) && existsSync(join(source, 'src', 'adapters', 'store', 'redisComplaintStore.ts'));

interface Parser {
  parse(value: unknown): unknown;
}

export async function legacyIntake(source: string, target: RedisTarget, secret: string, complaint: Record<string, unknown>): Promise<Intake> {
  const load = async (path: string) => (await import(pathToFileURL(join(source, path)).href)) as Record<string, unknown>;
  const [connect, store, keysModule, rate, filing, codes, settings, taxonomy, organisations, directory, clock, random] = await Promise.all(
    [
      'src/adapters/redis/connect.ts',
      'src/adapters/store/redisComplaintStore.ts',
      'src/adapters/webCryptoKeys.ts',
      'src/domain/rateLimit.ts',
      'src/domain/fileComplaint.ts',
      'src/domain/codes.ts',
      'src/schemas/settings.ts',
      'src/schemas/taxonomy.ts',
      'src/schemas/organisations.ts',
      'src/server/directory.ts',
      'src/ports/clock.ts',
      'src/ports/random.ts',
    ].map(load),
  );
  // The directory as that commit's bench/lib/domain.ts read it: content/ through its schemas.
  const read = (name: string) => yaml.load(readFileSync(join(source, 'content', name), 'utf8'), { schema: yaml.CORE_SCHEMA });
  const list = (name: string, schema: Parser) => (read(name) as unknown[]).map((item) => schema.parse(item));
  const content = {
    settings: (settings!.settingsSchema as Parser).parse(read('site.yaml')),
    categories: list('categories.yaml', taxonomy!.categorySchema as Parser),
    aspects: list('aspects.yaml', taxonomy!.aspectSchema as Parser),
    bureaus: list('bureaus.yaml', organisations!.bureauSchema as Parser),
    schools: list('schools.yaml', organisations!.schoolSchema as Parser),
    notices: [],
  };
  type Fn = (...args: unknown[]) => Promise<unknown>;
  const connection = (connect!.connectRedis as (t: RedisTarget) => { redis: unknown; close(): Promise<void> })(target);
  const deps = {
    directory: (directory!.directoryFrom as (c: unknown) => unknown)(content),
    store: (store!.redisComplaintStore as (redis: unknown, prefix: string) => { byReceiptHash: Fn })(connection.redis, KEY_PREFIX),
    keys: (await (keysModule!.webCryptoKeys as Fn)(secret)) as { receiptHash: Fn },
    clock: clock!.systemClock,
    random: random!.cryptoRandom,
  };
  const checkRate = rate!.checkRate as Fn;
  const fileComplaint = filing!.fileComplaint as Fn;
  const normalise = codes!.normaliseReceiptCode as (code: string) => string | undefined;
  const limit = { max: 100_000_000, windowSeconds: 3600 };
  return {
    async file(idempotencyKey) {
      const allowed = (await checkRate(deps, 'intake', '127.0.0.1', limit)) as { allowed: boolean };
      if (!allowed.allowed) throw new Error('rate limited');
      const outcome = (await fileComplaint(complaint, deps, idempotencyKey)) as { kind: string; answer?: { receiptCode: string } };
      if (outcome.kind !== 'filed' && outcome.kind !== 'replayed') throw new Error(`filing: ${outcome.kind}`);
      return { kind: outcome.kind, receiptCode: outcome.answer!.receiptCode };
    },
    async lookup(receiptCode) {
      const allowed = (await checkRate(deps, 'lookup', '127.0.0.1', limit)) as { allowed: boolean };
      if (!allowed.allowed) throw new Error('rate limited');
      const code = normalise(receiptCode);
      return Boolean(code && (await deps.store.byReceiptHash(await deps.keys.receiptHash(code))));
    },
    close: () => connection.close(),
  };
}
