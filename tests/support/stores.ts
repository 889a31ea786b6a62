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
import { redisStatsStore } from '../../src/adapters/stats/redisStatsStore';
import { sqliteStatsStore } from '../../src/adapters/stats/sqliteStatsStore';
import type { ComplaintStore } from '../../src/ports/complaintStore';
import type { StatsStore } from '../../src/ports/statsStore';
import { openClaimedDatabase } from './redis';

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
    ...(['tcp', 'upstash-rest'] as const).map((name) => ({
      name,
      async open(): Promise<OpenedStore> {
        const { connection, url, requests, cleanup } = await openClaimedDatabase(name);
        const prefix = `c${randomBytes(4).toString('hex')}`;
        return { store: redisComplaintStore(connection, prefix), address: `redis:${url}|${prefix}`, ...(requests ? { requests } : {}), cleanup };
      },
    })),
  ];
}

/** Opens, in another process, the store a test opened here (see `address`). */
export function storeAt(address: string): ComplaintStore {
  if (address.startsWith('sqlite:')) return openSqliteStore(address.slice('sqlite:'.length));
  const [url, prefix] = address.slice('redis:'.length).split('|') as [string, string];
  return redisComplaintStore(connectRedis({ kind: 'tcp', url }), prefix);
}

/** The statistics store on the engine and keyspace of a store a test opened (see `address`), on a connection of its own. */
export function statsStoreBeside(address: string): StatsStore {
  if (address.startsWith('sqlite:')) return sqliteStatsStore(address.slice('sqlite:'.length));
  const [url, prefix] = address.slice('redis:'.length).split('|') as [string, string];
  return redisStatsStore(connectRedis({ kind: 'tcp', url }), prefix);
}
