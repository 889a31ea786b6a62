// Redis helpers for the intake tests: a unique key prefix per server, and a
// look at every key and value under it, read with the plain `redis` client.
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

const connect = (url: string) => createClient({ url, RESP: 2 });
type Client = ReturnType<typeof connect>;

/** A fresh REDIS_KEY_PREFIX (lowercase letters, digits, hyphens) for one test server. */
export const uniquePrefix = (label: string) => `t-${label}-${randomBytes(5).toString('hex')}`;

/** A secret for SITE_SECRET: 32+ characters. */
export const testSecret = () => randomBytes(32).toString('base64url');

export async function openRedis(url: string): Promise<Client> {
  const client = connect(url);
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Every key matching a pattern, through SCAN (never KEYS, which blocks a shared Redis). */
export async function scanKeys(client: Client, pattern: string): Promise<string[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const reply = await client.scan(cursor, { MATCH: pattern, COUNT: 1000 });
    cursor = String(reply.cursor);
    for (const key of reply.keys) keys.add(key);
  } while (cursor !== '0');
  return [...keys];
}

export const countKeys = async (client: Client, pattern: string) => (await scanKeys(client, pattern)).length;

/** Every key under a prefix with its value as text, whatever its type. */
export async function dumpPrefix(client: Client, prefix: string): Promise<Array<{ key: string; type: string; text: string }>> {
  const out: Array<{ key: string; type: string; text: string }> = [];
  for (const key of await scanKeys(client, `${prefix}:*`)) {
    const type = await client.type(key);
    let value: unknown;
    if (type === 'string') value = await client.get(key);
    else if (type === 'set') value = await client.sMembers(key);
    else if (type === 'zset') value = await client.zRangeWithScores(key, 0, -1);
    else if (type === 'hash') value = await client.hGetAll(key);
    else if (type === 'list') value = await client.lRange(key, 0, -1);
    else if (type === 'none')
      continue; // expired while we looked
    else throw new Error(`unexpected type ${type} at ${key}`);
    out.push({ key, type, text: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  return out;
}
