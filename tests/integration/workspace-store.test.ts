// The workspace store's contract on each engine: SQLite in a fresh folder,
// Redis over TCP and over Upstash's REST protocol (the local stand-in, backed
// by the same real Redis). Times are the caller's clock, so expiry is tested
// by passing times, on both engines alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/adapters/redis/connect';
import { redisWorkspaceStore } from '../../src/adapters/redis/redisWorkspaceStore';
import { openSqliteWorkspaceStore } from '../../src/adapters/sqlite/sqliteWorkspaceStore';
import type { WorkspaceStore } from '../../src/ports/workspaceStore';
import { openRedis, scanKeys, uniquePrefix } from '../support/intakeRedis';
import { redisUrl, startUpstashRestServer } from '../support/redis';

const T0 = Date.parse('2026-12-01T02:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

interface Engine {
  name: string;
  open(): Promise<{ store: WorkspaceStore; cleanup(): Promise<void> }>;
}

const redisEngine = (name: string, rest: boolean): Engine => ({
  name,
  async open() {
    const url = await redisUrl();
    const prefix = uniquePrefix('ws');
    const server = rest ? await startUpstashRestServer(url) : undefined;
    const store = redisWorkspaceStore(connectRedis(server ? { kind: 'upstash', url: server.url, token: server.token } : { kind: 'tcp', url }), prefix);
    const admin = await openRedis(url);
    return {
      store,
      async cleanup() {
        const left = await scanKeys(admin, `${prefix}:*`);
        if (left.length) await admin.del(left);
        admin.destroy();
        await store.close();
        await server?.close();
      },
    };
  },
});

const engines: Engine[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'schoolwatch-ws-'));
      const store = openSqliteWorkspaceStore(dir);
      return {
        store,
        async cleanup() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  redisEngine('tcp', false),
  redisEngine('upstash-rest', true),
];

describe.each(engines)('the workspace store over $name', (engine) => {
  let opened: Awaited<ReturnType<Engine['open']>>;
  let store: WorkspaceStore;
  beforeAll(async () => {
    opened = await engine.open();
    store = opened.store;
  });
  afterAll(() => opened?.cleanup());

  it('keeps a link until it is used once, and no longer than its expiry', async () => {
    await store.saveLink('link-a', { body: 'qiaocheng', expiresAt: T0 + 15 * MIN }, T0);
    expect(await store.findLink('link-a', T0 + MIN)).toEqual({ body: 'qiaocheng', expiresAt: T0 + 15 * MIN });
    expect(await store.findLink('link-a', T0 + 15 * MIN)).toBeNull();
    expect(await store.takeLink('link-a', T0 + 2 * MIN)).toEqual({ body: 'qiaocheng', expiresAt: T0 + 15 * MIN });
    expect(await store.takeLink('link-a', T0 + 2 * MIN)).toBeNull();
    expect(await store.findLink('link-a', T0 + 2 * MIN)).toBeNull();
  });

  it('refuses an expired link and an unknown one', async () => {
    await store.saveLink('link-b', { body: 'lixin', expiresAt: T0 + 15 * MIN }, T0);
    expect(await store.takeLink('link-b', T0 + 15 * MIN + 1)).toBeNull();
    expect(await store.takeLink('no-such-link', T0)).toBeNull();
  });

  it('gives a link to only one of two takers at once', async () => {
    await store.saveLink('link-c', { body: 'guoyang', expiresAt: T0 + 15 * MIN }, T0);
    const taken = await Promise.all([store.takeLink('link-c', T0 + MIN), store.takeLink('link-c', T0 + MIN), store.takeLink('link-c', T0 + MIN)]);
    expect(taken.filter(Boolean)).toEqual([{ body: 'guoyang', expiresAt: T0 + 15 * MIN }]);
  });

  it('keeps a session alive while it is used, and ends it after 8 idle hours', async () => {
    await store.openSession('session-a', { body: 'qiaocheng', createdAt: T0, expiresAt: T0 + 8 * HOUR }, T0);
    expect(await store.touchSession('session-a', T0 + 7 * HOUR, 8 * HOUR)).toEqual({ body: 'qiaocheng', createdAt: T0, expiresAt: T0 + 15 * HOUR });
    // Used at 7 h, so it lives to 15 h: at 14 h it is still there.
    expect(await store.touchSession('session-a', T0 + 14 * HOUR, 8 * HOUR)).toEqual({ body: 'qiaocheng', createdAt: T0, expiresAt: T0 + 22 * HOUR });
    expect(await store.touchSession('session-a', T0 + 22 * HOUR, 8 * HOUR)).toBeNull();
    expect(await store.touchSession('no-such-session', T0, 8 * HOUR)).toBeNull();
  });

  it('ends one session on sign-out and leaves the others', async () => {
    await store.openSession('session-b', { body: 'mengcheng', createdAt: T0, expiresAt: T0 + 8 * HOUR }, T0);
    await store.openSession('session-c', { body: 'mengcheng', createdAt: T0, expiresAt: T0 + 8 * HOUR }, T0);
    await store.endSession('session-b');
    expect(await store.touchSession('session-b', T0 + MIN, 8 * HOUR)).toBeNull();
    expect(await store.touchSession('session-c', T0 + MIN, 8 * HOUR)).toEqual({ body: 'mengcheng', createdAt: T0, expiresAt: T0 + MIN + 8 * HOUR });
  });

  it('revokes every session of one body, and only of that body', async () => {
    await store.openSession('session-d', { body: 'bozhou-city', createdAt: T0, expiresAt: T0 + 8 * HOUR }, T0);
    await store.openSession('session-e', { body: 'bozhou-city', createdAt: T0, expiresAt: T0 + 8 * HOUR }, T0);
    await store.openSession('session-f', { body: '@office', createdAt: T0, expiresAt: T0 + 8 * HOUR }, T0);
    expect(await store.endSessionsOf('bozhou-city', T0 + MIN)).toBe(2);
    expect(await store.touchSession('session-d', T0 + MIN, 8 * HOUR)).toBeNull();
    expect(await store.touchSession('session-e', T0 + MIN, 8 * HOUR)).toBeNull();
    expect(await store.touchSession('session-f', T0 + MIN, 8 * HOUR)).toEqual({ body: '@office', createdAt: T0, expiresAt: T0 + MIN + 8 * HOUR });
    expect(await store.endSessionsOf('bozhou-city', T0 + MIN)).toBe(0);
  });

  it('logs exports per body, newest first, until they expire', async () => {
    const entry = (n: number) => ({ at: new Date(T0 + n * MIN).toISOString(), body: 'qiaocheng', session: 'abc123', references: [`JB-20261201-EXPORT0${n}`] });
    await store.recordExport(entry(1), T0 + MIN, HOUR);
    await store.recordExport(entry(2), T0 + 2 * MIN, HOUR);
    await store.recordExport({ ...entry(3), body: 'lixin' }, T0 + 3 * MIN, HOUR);
    expect(await store.exportsOf('qiaocheng', T0 + 5 * MIN)).toEqual([entry(2), entry(1)]);
    expect(await store.exportsOf('qiaocheng', T0 + MIN + HOUR)).toEqual([entry(2)]);
    expect(await store.exportsOf('guoyang', T0)).toEqual([]);
  });

  it('logs reads per access log, newest first, until they expire, keeping the latest 500', async () => {
    const read = (n: number) => ({
      at: new Date(T0 + n * MIN).toISOString(),
      body: 'qiaocheng',
      what: 'view' as const,
      via: 'workspace' as const,
      session: 'abc123',
      who: '12月1日 08:00 登录的工作台',
    });
    await store.recordAccess('complaint:JB-20261201-READ0001', read(1), T0 + MIN, HOUR);
    await store.recordAccess('complaint:JB-20261201-READ0001', { ...read(2), what: 'download', image: 2 }, T0 + 2 * MIN, HOUR);
    await store.recordAccess('complaint:JB-20261201-READ0002', read(3), T0 + 3 * MIN, HOUR);
    expect(await store.accessOf('complaint:JB-20261201-READ0001', T0 + 5 * MIN)).toEqual([{ ...read(2), what: 'download', image: 2 }, read(1)]);
    expect(await store.accessOf('complaint:JB-20261201-READ0001', T0 + MIN + HOUR)).toEqual([{ ...read(2), what: 'download', image: 2 }]);
    expect(await store.accessOf('signins:guoyang', T0)).toEqual([]);
    for (let n = 0; n < 505; n++) await store.recordAccess('signins:lixin', { ...read(n), what: 'signin' }, T0 + 4 * MIN, HOUR);
    const kept = await store.accessOf('signins:lixin', T0 + 5 * MIN);
    expect(kept).toHaveLength(500);
    expect(kept[0]!.at).toBe(new Date(T0 + 504 * MIN).toISOString());
  });
});
