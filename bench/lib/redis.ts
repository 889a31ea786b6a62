// The Redis database the benchmarks use. The test suite claims logical
// databases 1–15 with files in the temp folder (tests/support/redis.ts); the
// benchmarks take part in the same scheme, so that a test file running at the
// same time never flushes the benchmark's data or the other way round. Only
// keys under the benchmark's prefix are ever deleted.
import { createClient } from 'redis';
import { claimDatabase as claimTestDatabase, withDatabase } from '../../tests/support/redis';

export const REDIS_BASE = 'redis://127.0.0.1:6379';
export const KEY_PREFIX = 'bench';

/** Claims a database (14 if free) through the tests' claim files; returns its URL and a release function. */
export function claimDatabase(preferred = [14, 13, 15, 12, 11, 10]): { db: number; url: string; release(): void } {
  const claim = claimTestDatabase(REDIS_BASE, preferred);
  return { ...claim, url: withDatabase(REDIS_BASE, claim.db) };
}

/** Deletes every key under `prefix:` in the database at `url` (SCAN + UNLINK, never KEYS or FLUSHDB). */
export async function deletePrefix(url: string, prefix = KEY_PREFIX): Promise<number> {
  const client = createClient({ url, RESP: 2 });
  client.on('error', () => {});
  await client.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const reply = await client.scan(cursor, { MATCH: `${prefix}:*`, COUNT: 5000 });
      cursor = String(reply.cursor);
      if (reply.keys.length > 0) deleted += await client.unlink(reply.keys);
    } while (cursor !== '0');
  } finally {
    await client.close();
  }
  return deleted;
}

/** Counts keys matching a pattern. */
export async function countKeys(url: string, pattern: string): Promise<number> {
  const client = createClient({ url, RESP: 2 });
  client.on('error', () => {});
  await client.connect();
  let count = 0;
  try {
    let cursor = '0';
    do {
      const reply = await client.scan(cursor, { MATCH: pattern, COUNT: 5000 });
      cursor = String(reply.cursor);
      count += reply.keys.length;
    } while (cursor !== '0');
  } finally {
    await client.close();
  }
  return count;
}
