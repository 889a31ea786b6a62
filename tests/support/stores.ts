// The complaint store on each engine the application runs on, opened empty:
// SQLite in a fresh folder, Redis over TCP and Upstash's REST protocol (a local
// stand-in backed by the same real Redis), each on a keyspace of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { connectRedis } from '../../src/adapters/redis/connect';
import { redisComplaintStore } from '../../src/adapters/redis/redisComplaintStore';
import { openSqliteStore } from '../../src/adapters/sqlite/sqliteComplaintStore';
import type { ComplaintStore } from '../../src/ports/complaintStore';
import { claimDatabase, redisUrl, startUpstashRestServer, withDatabase } from './redis';

export interface OpenedStore {
  store: ComplaintStore;
  /** What a second process needs to open the same store: `sqlite:<dir>` or `redis:<url>|<prefix>`. */
  address: string;
  /** Requests the Upstash REST stand-in has answered so far (the REST backend only). */
  requests?: () => number;
  cleanup(): Promise<void>;
}

export interface StoreBackend {
  name: 'sqlite' | 'tcp' | 'upstash-rest';
  open(): Promise<OpenedStore>;
}

export function storeBackends(): StoreBackend[] {
  return [
    {
      name: 'sqlite',
      async open() {
        const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'schoolwatch-sqlite-'));
        const store = openSqliteStore(dir);
        return {
          store,
          address: `sqlite:${dir}`,
          async cleanup() {
            await store.close();
            await fs.promises.rm(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      name: 'tcp',
      async open() {
        const base = await redisUrl();
        const claim = claimDatabase(base);
        const url = withDatabase(base, claim.db);
        const connection = connectRedis({ kind: 'tcp', url });
        await connection.redis.flushdb();
        const prefix = `c${randomBytes(4).toString('hex')}`;
        return {
          store: redisComplaintStore(connection, prefix),
          address: `redis:${url}|${prefix}`,
          async cleanup() {
            try {
              await connection.redis.flushdb();
            } finally {
              await connection.close();
              claim.release();
            }
          },
        };
      },
    },
    {
      name: 'upstash-rest',
      async open() {
        const base = await redisUrl();
        const claim = claimDatabase(base);
        const url = withDatabase(base, claim.db);
        const rest = await startUpstashRestServer(url);
        const connection = connectRedis({ kind: 'upstash', url: rest.url, token: rest.token });
        await connection.redis.flushdb();
        const prefix = `c${randomBytes(4).toString('hex')}`;
        return {
          store: redisComplaintStore(connection, prefix),
          address: `redis:${url}|${prefix}`,
          requests: rest.requests,
          async cleanup() {
            try {
              await connection.redis.flushdb();
            } finally {
              await connection.close();
              await rest.close();
              claim.release();
            }
          },
        };
      },
    },
  ];
}

/** Opens, in another process, the store a test opened here (see `address`). */
export function storeAt(address: string): ComplaintStore {
  if (address.startsWith('sqlite:')) return openSqliteStore(address.slice('sqlite:'.length));
  const [url, prefix] = address.slice('redis:'.length).split('|') as [string, string];
  return redisComplaintStore(connectRedis({ kind: 'tcp', url }), prefix);
}
