// The rectification store on each engine, opened empty: SQLite on a fresh
// database, Redis over TCP and over Upstash's REST protocol (the local
// stand-in backed by the same real Redis), each on a keyspace of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRedis } from '../../src/adapters/redis/connect';
import { redisRectificationStore } from '../../src/adapters/redis/redisRectificationStore';
import { openDatabase } from '../../src/adapters/sqlite/connection';
import { sqliteRectificationStore } from '../../src/adapters/sqlite/sqliteRectificationStore';
import type { RectificationStore } from '../../src/ports/rectificationStore';
import { openRedis, scanKeys, uniquePrefix } from './intakeRedis';
import { redisUrl, startUpstashRestServer } from './redis';

export interface RectificationEngine {
  name: 'sqlite' | 'tcp' | 'upstash-rest';
  open(): Promise<{ store: RectificationStore; cleanup(): Promise<void> }>;
}

const redisEngine = (name: 'tcp' | 'upstash-rest'): RectificationEngine => ({
  name,
  async open() {
    const url = await redisUrl();
    const prefix = uniquePrefix('rc');
    const server = name === 'upstash-rest' ? await startUpstashRestServer(url) : undefined;
    const connection = connectRedis(server ? { kind: 'upstash', url: server.url, token: server.token } : { kind: 'tcp', url });
    const admin = await openRedis(url);
    return {
      store: redisRectificationStore(connection, prefix),
      async cleanup() {
        const left = await scanKeys(admin, `${prefix}:*`);
        if (left.length) await admin.del(left);
        admin.destroy();
        await connection.close();
        await server?.close();
      },
    };
  },
});

export const rectificationEngines: RectificationEngine[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'schoolwatch-rect-'));
      const { db } = openDatabase(dir);
      return {
        store: sqliteRectificationStore(db),
        async cleanup() {
          db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  redisEngine('tcp'),
  redisEngine('upstash-rest'),
];
