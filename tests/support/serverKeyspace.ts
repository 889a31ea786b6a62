// A keyspace of its own on the test Redis for a site test's server, with a
// connection beside the server to write into it as the server would (the
// same prefix and site secret): complaints filed and handled in the past
// before the server starts, or steps the pages under test do not take.
import { connectRedis, type RedisConnection } from '../../src/adapters/redis/connect';
import { redisComplaintStore } from '../../src/adapters/redis/redisComplaintStore';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import type { ComplaintStore } from '../../src/ports/complaintStore';
import type { Keys } from '../../src/ports/keys';
import { openRedis, scanKeys, testSecret, uniquePrefix } from './intakeRedis';
import { redisUrl } from './redis';

export interface ServerKeyspace {
  /** The key prefix, starting `t-<label>-`. */
  prefix: string;
  /** The environment that points a server at the keyspace: REDIS_URL, REDIS_KEY_PREFIX and SITE_SECRET. */
  env: { REDIS_URL: string; REDIS_KEY_PREFIX: string; SITE_SECRET: string };
  connection: RedisConnection;
  /** The complaint store in the keyspace. */
  store: ComplaintStore;
  /** Keys derived from the server's site secret, so that what is sealed here the server opens. */
  keys: Keys;
  /** Closes the connection and deletes every key under the prefix. */
  close(): Promise<void>;
}

export async function openServerKeyspace(label: string): Promise<ServerKeyspace> {
  const prefix = uniquePrefix(label);
  const secret = testSecret();
  const url = await redisUrl();
  const connection = connectRedis({ kind: 'tcp', url });
  return {
    prefix,
    env: { REDIS_URL: url, REDIS_KEY_PREFIX: prefix, SITE_SECRET: secret },
    connection,
    store: redisComplaintStore(connection, prefix),
    keys: await webCryptoKeys(secret),
    async close() {
      await connection.close();
      const redis = await openRedis(url);
      const left = await scanKeys(redis, `${prefix}:*`);
      if (left.length) await redis.del(left);
      redis.destroy();
    },
  };
}
