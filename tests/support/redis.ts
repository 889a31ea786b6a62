// Redis for tests: a real server (found or started), a local stand-in for
// Upstash's REST API in front of it, and the two transports of
// src/adapters/redis/connect.ts, each opened on a keyspace of its own.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient, ErrorReply, MultiErrorReply } from 'redis';
import { connectRedis, type RedisConnection } from '../../src/adapters/redis/connect';

const LOCAL_REDIS = 'redis://127.0.0.1:6379';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function answersPing(url: string): Promise<boolean> {
  const client = createClient({ url, RESP: 2, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

let found: Promise<string> | undefined;

/**
 * The URL of a Redis for tests: REDIS_URL if set, else 127.0.0.1:6379 if it
 * answers, else a redis-server from PATH started on a free port without
 * persistence (stopped when this process exits).
 */
export function redisUrl(): Promise<string> {
  found ??= locateRedis();
  return found;
}

async function locateRedis(): Promise<string> {
  const configured = process.env.REDIS_URL;
  if (configured) {
    if (await answersPing(configured)) return configured;
    throw new Error('REDIS_URL is set but that Redis does not answer PING');
  }
  if (await answersPing(LOCAL_REDIS)) return LOCAL_REDIS;
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  try {
    await once(server, 'spawn');
  } catch {
    throw new Error('No Redis: install redis-server or set REDIS_URL');
  }
  process.once('exit', () => server.kill());
  const url = `redis://127.0.0.1:${port}`;
  for (const started = Date.now(); Date.now() - started < 10_000;) {
    if (await answersPing(url)) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.kill();
  throw new Error(`redis-server was started on port ${port} but did not answer PING`);
}

export function withDatabase(url: string, db: number): string {
  const parsed = new URL(url);
  parsed.pathname = `/${db}`;
  return parsed.toString();
}

/**
 * Claims one of the logical databases 1–15 (in `order`) of a Redis for this process, so
 * that test files running in parallel never share (or flush) a keyspace.
 * Database 0 is left to whoever else uses that Redis. Claims are files in the
 * temp folder naming the claiming pid; a dead claimer's files are reclaimed.
 */
export function claimDatabase(url: string, order: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]): { db: number; release(): void } {
  const tag = createHash('sha256').update(url).digest('hex').slice(0, 12);
  for (const db of order) {
    const file = path.join(os.tmpdir(), `schoolwatch-test-redis-${tag}-db${db}.claim`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
        const release = () => fs.rmSync(file, { force: true });
        process.once('exit', release);
        return {
          db,
          release() {
            process.removeListener('exit', release);
            release();
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(fs.readFileSync(file, 'utf8'));
        if (owner === process.pid || isRunning(owner)) break;
        fs.rmSync(file, { force: true }); // stale, try this database again
      }
    }
  }
  throw new Error(`Redis databases ${order.join(', ')} of the test Redis are all claimed by running processes`);
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Upstash's base64 response encoding: every string except a plain "OK", at any depth. */
function base64(value: unknown): unknown {
  if (typeof value === 'string') return value === 'OK' ? value : Buffer.from(value, 'utf8').toString('base64');
  if (Array.isArray(value)) return value.map(base64);
  return value;
}

function isCommand(value: unknown): value is (string | number | boolean)[] {
  return Array.isArray(value) && value.length > 0 && value.every((arg) => ['string', 'number', 'boolean'].includes(typeof arg));
}

/**
 * A local HTTP server that answers as Upstash's REST API does, for the
 * commands it forwards to a real Redis (RESP2, through node-redis):
 * `Authorization: Bearer <token>`; POST / with one command as a JSON array,
 * answered `{"result": ...}` or HTTP 400 `{"error": ...}`; POST /pipeline and
 * POST /multi-exec with an array of commands, answered with one
 * `{"result"}`/`{"error"}` per command (a transaction Redis refuses to queue
 * is HTTP 400); and the `Upstash-Encoding: base64` response encoding that
 * @upstash/redis asks for by default.
 */
export async function startUpstashRestServer(redisUrl: string): Promise<{ url: string; token: string; requests(): number; close(): Promise<void> }> {
  const token = randomBytes(24).toString('base64url');
  const redis = createClient({
    url: redisUrl,
    RESP: 2,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 500) },
  });
  redis.on('error', () => {});
  await redis.connect();

  const entry = (outcome: PromiseSettledResult<unknown>) => {
    if (outcome.status === 'fulfilled') return { result: outcome.value };
    if (outcome.reason instanceof ErrorReply) return { error: outcome.reason.message };
    throw outcome.reason;
  };

  let requests = 0;
  const server = http.createServer(async (req, res) => {
    requests++;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method !== 'POST') return send(405, { error: 'Method not allowed' });
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'Unauthorized' });
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, { error: 'ERR failed to parse command' });
      }
      const encode = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64' ? base64 : (v: unknown) => v;
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;

      if (pathname === '/') {
        if (!isCommand(body)) return send(400, { error: 'ERR a command must be a non-empty array' });
        const [outcome] = await Promise.allSettled([redis.sendCommand(body.map(String))]);
        const result = entry(outcome as PromiseSettledResult<unknown>);
        return 'error' in result ? send(400, result) : send(200, { result: encode(result.result) });
      }
      if (pathname === '/pipeline' || pathname === '/multi-exec') {
        if (!Array.isArray(body) || !body.every(isCommand)) {
          return send(400, { error: 'ERR the body must be an array of commands' });
        }
        const commands = body.map((command) => command.map(String));
        let entries: { result?: unknown; error?: string }[];
        if (pathname === '/pipeline') {
          entries = (await Promise.allSettled(commands.map((command) => redis.sendCommand(command)))).map(entry);
        } else {
          const multi = redis.multi();
          for (const command of commands) multi.addCommand(command);
          try {
            entries = ((await multi.exec()) as unknown[]).map((result) => ({ result }));
          } catch (error) {
            if (error instanceof MultiErrorReply) {
              entries = (error.replies as unknown[]).map((reply) => (reply instanceof ErrorReply ? { error: reply.message } : { result: reply }));
            } else if (error instanceof ErrorReply) {
              return send(400, { error: 'EXECABORT Transaction discarded because of previous errors.' });
            } else throw error;
          }
        }
        return send(
          200,
          entries.map((e) => ('error' in e ? { error: e.error } : { result: encode(e.result) })),
        );
      }
      return send(404, { error: 'Not found' });
    } catch (error) {
      send(500, { error: `ERR ${(error as Error).message}` });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests: () => requests,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
      await redis.close().catch(() => {});
    },
  };
}

export type Backend = {
  name: 'tcp' | 'upstash-rest';
  open(): Promise<RedisConnection & { cleanup(): Promise<void> }>;
};

export interface ClaimedDatabase {
  connection: RedisConnection;
  /** The claimed database's own URL (behind the REST stand-in, for `upstash-rest`). */
  url: string;
  /** Requests the REST stand-in has answered so far (`upstash-rest` only). */
  requests?: () => number;
  /** Empties the database again, closes the connection (and the stand-in) and releases the claim. */
  cleanup(): Promise<void>;
}

/** A database of the test Redis claimed for this process, emptied, and a connection to it over `transport`. */
export async function openClaimedDatabase(transport: Backend['name']): Promise<ClaimedDatabase> {
  const base = await redisUrl();
  const claim = claimDatabase(base);
  const url = withDatabase(base, claim.db);
  const rest = transport === 'upstash-rest' ? await startUpstashRestServer(url) : undefined;
  const connection = rest ? connectRedis({ kind: 'upstash', url: rest.url, token: rest.token }) : connectRedis({ kind: 'tcp', url });
  await connection.redis.flushdb();
  return {
    connection,
    url,
    ...(rest ? { requests: rest.requests } : {}),
    async cleanup() {
      try {
        await connection.redis.flushdb();
      } finally {
        await connection.close();
        await rest?.close();
        claim.release();
      }
    },
  };
}

/** The two transports, each `open()` on an empty keyspace of its own. */
export function backends(): Backend[] {
  return (['tcp', 'upstash-rest'] as const).map((name) => ({
    name,
    async open() {
      const { connection, cleanup } = await openClaimedDatabase(name);
      return { ...connection, cleanup };
    },
  }));
}

export interface TcpProxy {
  /** The target's URL with the proxy's address in place of the server's. */
  url: string;
  /** Closes the port and cuts every connection: Redis "goes away". */
  stop(): Promise<void>;
  /** Listens again on the same port: Redis "comes back". */
  start(): Promise<void>;
  /** Holds all traffic (connections stay open): Redis "hangs". */
  pause(): void;
  /** Delivers what was held, in order, and forwards again. */
  resume(): void;
  close(): Promise<void>;
}

/** A TCP proxy in front of a Redis, to take it away and bring it back under a client. */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<net.Socket>();
  let paused = false;
  let held: (() => void)[] = [];

  const onConnection = (client: net.Socket) => {
    const upstream = net.connect(Number(targetPort || 6379), hostname);
    sockets.add(client).add(upstream);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        if (paused) held.push(() => to.write(chunk));
        else to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) socket.on('close', end).on('error', end);
  };

  let server = net.createServer(onConnection);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  const stop = async () => {
    if (!server.listening) return;
    server.close();
    for (const socket of sockets) socket.destroy();
    await once(server, 'close');
  };
  return {
    url: url.toString(),
    stop,
    async start() {
      server = net.createServer(onConnection);
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      const pending = held;
      held = [];
      for (const deliver of pending) deliver();
    },
    close: stop,
  };
}
