// The domain wired as src/server/runtime.ts wires it, without Astro: the
// project's content read through its own schemas, the Redis store over TCP,
// Web Crypto keys, the system clock and randomness.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { settingsSchema } from '../../src/schemas/settings';
import { aspectSchema, categorySchema } from '../../src/schemas/taxonomy';
import { bureauSchema, schoolSchema } from '../../src/schemas/organisations';
import { directoryFrom } from '../../src/catalog/registry';
import { connectRedis } from '../../src/adapters/redis/connect';
import { redisComplaintStore } from '../../src/adapters/store/redisComplaintStore';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { systemClock } from '../../src/ports/clock';
import { cryptoRandom } from '../../src/ports/random';
import type { ContentSet } from '../../src/catalog/integrity';
import { projectRoot } from './proc';
import { KEY_PREFIX } from './redis';

export function readDirectory() {
  const dir = join(projectRoot, 'content');
  const load = (name: string) => yaml.load(readFileSync(join(dir, name), 'utf8'), { schema: yaml.CORE_SCHEMA });
  const list = <T>(name: string, schema: { parse(v: unknown): T }) => (load(name) as unknown[]).map((item) => schema.parse(item));
  const content: ContentSet = {
    settings: settingsSchema.parse(load('site.yaml')),
    categories: list('categories.yaml', categorySchema),
    aspects: list('aspects.yaml', aspectSchema),
    bureaus: list('bureaus.yaml', bureauSchema),
    schools: list('schools.yaml', schoolSchema),
    notices: [],
  };
  return directoryFrom(content);
}

export async function wireDomain(redisUrl: string, secret: string) {
  const connection = connectRedis({ kind: 'tcp', url: redisUrl });
  return {
    connection,
    directory: readDirectory(),
    store: redisComplaintStore(connection.redis, KEY_PREFIX),
    keys: await webCryptoKeys(secret),
    clock: systemClock,
    random: cryptoRandom,
  };
}
