// The notice store on each engine, opened empty: SQLite on a fresh database,
// Redis over TCP and over Upstash's REST protocol (the local stand-in backed
// by the same real Redis), each on a keyspace of its own. `again()` opens a
// second store over a connection of its own on the same data, as a second
// server process would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRedis, type RedisConnection } from '../../src/adapters/redis/connect';
import { redisNoticeStore } from '../../src/adapters/redis/redisNoticeStore';
import { openDatabase } from '../../src/adapters/sqlite/connection';
import { sqliteNoticeStore } from '../../src/adapters/sqlite/sqliteNoticeStore';
import type { NoticeStore } from '../../src/ports/noticeStore';
import { openRedis, scanKeys, uniquePrefix } from './intakeRedis';
import { redisUrl, startUpstashRestServer } from './redis';

export interface OpenedNoticeStore {
  store: NoticeStore;
  again(): NoticeStore;
  cleanup(): Promise<void>;
}

export interface NoticeEngine {
  name: 'sqlite' | 'tcp' | 'upstash-rest';
  open(): Promise<OpenedNoticeStore>;
}

const redisEngine = (name: 'tcp' | 'upstash-rest'): NoticeEngine => ({
  name,
  async open() {
    const url = await redisUrl();
    const prefix = uniquePrefix('nt');
    const server = name === 'upstash-rest' ? await startUpstashRestServer(url) : undefined;
    const connect = () => connectRedis(server ? { kind: 'upstash', url: server.url, token: server.token } : { kind: 'tcp', url });
    const connections: RedisConnection[] = [connect()];
    const admin = await openRedis(url);
    return {
      store: redisNoticeStore(connections[0]!, prefix),
      again() {
        connections.push(connect());
        return redisNoticeStore(connections.at(-1)!, prefix);
      },
      async cleanup() {
        const left = await scanKeys(admin, `${prefix}:*`);
        if (left.length) await admin.del(left);
        admin.destroy();
        for (const connection of connections) await connection.close();
        await server?.close();
      },
    };
  },
});

export const noticeEngines: NoticeEngine[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'schoolwatch-notices-'));
      const handles = [openDatabase(dir).db];
      return {
        store: sqliteNoticeStore(handles[0]!),
        again() {
          handles.push(openDatabase(dir).db);
          return sqliteNoticeStore(handles.at(-1)!);
        },
        async cleanup() {
          for (const db of handles) db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  redisEngine('tcp'),
  redisEngine('upstash-rest'),
];
