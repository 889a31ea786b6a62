// Any Redis over TCP, behind the @upstash/redis client: a requester that takes
// the client's requests and sends them through node-redis. The store sends
// single commands only (every write of several keys is one Lua script), so
// pipelines and MULTI are not carried.
//
// node-redis speaks RESP2 here: its RESP3 default answers HGETALL with a map,
// ZSCORE with a double and so on, where the Upstash client expects the RESP2
// shapes that Upstash's REST API returns.
//
// Availability: the connection is made once and re-made in the background
// whenever it drops (capped at about a second between attempts), so the same
// client works again as soon as Redis is back. Meanwhile nothing is queued
// inside node-redis (its offline queue is off, so a command whose caller has
// given up can never run later); a command waits for the connection here, at
// most until its deadline, and then fails instead of hanging. Once written,
// node-redis waits for the reply without a limit, so the deadline covers the
// reply too.
import type { Requester, UpstashRequest, UpstashResponse } from '@upstash/redis';
import { createClient, ErrorReply } from 'redis';

/** Redis could not be reached or did not answer in time. Whether a write was applied is unknown. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

export interface TcpRequester extends Requester {
  /** Where it connects, without credentials. */
  readonly describe: string;
  close(): Promise<void>;
}

export function createTcpRequester(url: string, options: { timeoutMs?: number } = {}): TcpRequester {
  const timeoutMs = options.timeoutMs ?? 2500;
  const describe = describeRedisUrl(url);
  let problem: string | undefined;

  const client = createClient({
    url,
    RESP: 2,
    disableOfflineQueue: true,
    maintNotifications: 'disabled',
    // No per-command timeout (0 turns it off; node-redis 6.3 defaults to 5 s): node-redis
    // makes it an `AbortSignal.timeout` per command, a timer nothing can clear, which
    // fires (a DOMException, an abort event) after every command, answered or not —
    // 2–3 % of a filing's CPU under load (docs/benchmarks.md). `request` below bounds
    // each wait itself.
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: timeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000) + Math.floor(Math.random() * 100),
    },
  });
  // node-redis reports every failed (re)connection as an 'error' event, which
  // would crash the process if nobody listened. Callers learn of it through
  // their rejected requests; the last cause makes those messages useful.
  client.on('error', (error: Error) => {
    problem = (error as NodeJS.ErrnoException).code ?? error.message;
  });
  client.on('ready', () => {
    problem = undefined;
  });
  client.connect().catch(() => {}); // ends only when closed; commands wait for the connection themselves

  let nextReady: Promise<void> | undefined;
  const whenReady = () => (nextReady ??= new Promise<void>((resolve) => client.once('ready', () => ((nextReady = undefined), resolve()))));

  return {
    describe,
    async request<TResult = unknown>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      if ((req.path ?? []).length > 0 || !Array.isArray(req.body)) throw new Error('Redis over TCP carries single commands only');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('deadline')), timeoutMs)));
      try {
        if (!client.isReady) {
          if (!client.isOpen) throw new Error('closed');
          await Promise.race([whenReady(), late]);
        }
        return { result: (await Promise.race([client.sendCommand(req.body.map(String)), late])) as TResult };
      } catch (error) {
        if (error instanceof ErrorReply) return { error: error.message } as UpstashResponse<TResult>;
        if (client.isReady) throw new RedisUnavailableError(`${describe} did not answer within ${timeoutMs} ms`, { cause: error });
        throw new RedisUnavailableError(`${describe} is unavailable${problem ? ` (${problem})` : ''}`, { cause: error });
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      // Waits briefly for replies still due, then cuts the connection.
      let timer: NodeJS.Timeout | undefined;
      const closed = await Promise.race([
        client.close().then(
          () => true,
          () => true,
        ),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 1000))),
      ]);
      clearTimeout(timer);
      if (!closed) client.destroy();
    },
  };
}

/** "Redis over TCP at host:port", plus the database number; never the user name or password. */
function describeRedisUrl(url: string): string {
  const parsed = new URL(url);
  const transport = parsed.protocol === 'rediss:' ? 'TLS' : 'TCP';
  const database = parsed.pathname.replace(/^\//, '');
  const where = `${parsed.hostname}:${parsed.port || '6379'}`;
  return `Redis over ${transport} at ${where}${database && database !== '0' ? ` (database ${database})` : ''}`;
}
