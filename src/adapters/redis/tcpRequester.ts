// Any Redis over TCP, behind the @upstash/redis client: a requester that takes
// the client's requests (one command, a pipeline, a multi-exec transaction)
// and sends them through node-redis.
//
// node-redis speaks RESP2 here: its RESP3 default answers HGETALL with a map,
// ZSCORE with a double and so on, where the Upstash client expects the RESP2
// shapes that Upstash's REST API returns.
//
// Availability: the connection is made once and re-made in the background
// whenever it drops (capped at about a second between attempts), so the same
// client works again as soon as Redis is back. Meanwhile nothing is queued:
// a request waits for the connection at most until its deadline and then
// fails, instead of hanging or running minutes later.
import { errors, type Requester, type UpstashRequest, type UpstashResponse } from '@upstash/redis';
import { createClient, ErrorReply, MultiErrorReply } from 'redis';

/** Redis could not be reached or did not answer in time. Whether a write was applied is unknown. */
export class RedisUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RedisUnavailableError';
  }
}

export interface TcpRequester extends Requester {
  /** Where it connects, without credentials. */
  readonly describe: string;
  close(): Promise<void>;
}

export interface TcpRequesterOptions {
  /** Longest time a request may take, waiting for the connection included. */
  timeoutMs?: number;
}

const EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';

type Response = UpstashResponse<unknown>;

export function createTcpRequester(url: string, options: TcpRequesterOptions = {}): TcpRequester {
  const timeoutMs = options.timeoutMs ?? 2500;
  const describe = describeRedisUrl(url);
  let problem: string | undefined;

  const client = createClient({
    url,
    RESP: 2,
    disableOfflineQueue: true,
    maintNotifications: 'disabled',
    commandOptions: { timeout: timeoutMs },
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
  client.connect().catch(() => {}); // ends only when closed; requests wait for 'ready' themselves

  let nextReady: Promise<void> | undefined;
  const whenReady = () =>
    (nextReady ??= new Promise<void>((resolve) =>
      client.once('ready', () => {
        nextReady = undefined;
        resolve();
      }),
    ));

  const unavailable = (cause?: unknown) =>
    new RedisUnavailableError(
      `${describe} is unavailable${problem ? ` (${problem})` : ''}${cause instanceof Error ? `: ${cause.message}` : ''}`,
      { cause },
    );

  async function withDeadline<T>(work: () => Promise<T>, deadline: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            client.isReady
              ? new RedisUnavailableError(`${describe} did not answer within ${timeoutMs} ms`)
              : unavailable(),
          ),
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      if (!client.isReady) {
        if (!client.isOpen) throw new RedisUnavailableError(`${describe}: the connection was closed`);
        await Promise.race([whenReady(), expired]);
      }
      return await Promise.race([work(), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  const args = (command: unknown): string[] => {
    if (!Array.isArray(command)) throw new TypeError('A Redis command must be an array');
    return command.map(String);
  };

  async function single(command: string[]): Promise<Response> {
    try {
      return { result: await client.sendCommand(command) };
    } catch (error) {
      if (error instanceof ErrorReply) return { error: error.message };
      throw unavailable(error);
    }
  }

  async function pipeline(commands: string[][]): Promise<Response[]> {
    const settled = await Promise.allSettled(commands.map((command) => client.sendCommand(command)));
    return settled.map((outcome) => {
      if (outcome.status === 'fulfilled') return { result: outcome.value };
      if (outcome.reason instanceof ErrorReply) return { error: outcome.reason.message };
      throw unavailable(outcome.reason);
    });
  }

  // MULTI ... EXEC. node-redis sends the block contiguously on its connection.
  async function transaction(commands: string[][]): Promise<Response[]> {
    const multi = client.multi();
    for (const command of commands) multi.addCommand(command);
    try {
      const replies = (await multi.exec()) as unknown[];
      return replies.map((result) => ({ result }));
    } catch (error) {
      // Some commands failed while running; the others were applied.
      if (error instanceof MultiErrorReply) {
        return (error.replies as unknown[]).map((reply) =>
          reply instanceof ErrorReply ? { error: reply.message } : { result: reply },
        );
      }
      // Redis refused to queue a command: it discarded the whole transaction.
      if (error instanceof ErrorReply) throw new errors.UpstashError(EXECABORT);
      throw unavailable(error);
    }
  }

  return {
    describe,
    async request<TResult = unknown>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      const deadline = Date.now() + timeoutMs;
      const endpoint = (req.path ?? []).join('/');
      const body = req.body;
      let reply: Response | Response[];
      if (endpoint === '') reply = await withDeadline(() => single(args(body)), deadline);
      else if (endpoint === 'pipeline') reply = await withDeadline(() => pipeline(commandList(body).map(args)), deadline);
      else if (endpoint === 'multi-exec') {
        reply = await withDeadline(() => transaction(commandList(body).map(args)), deadline);
      } else throw new Error(`Redis over TCP has no endpoint /${endpoint}`);
      return reply as UpstashResponse<TResult>;
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

function commandList(body: unknown): unknown[] {
  if (!Array.isArray(body)) throw new TypeError('A pipeline or transaction must be an array of commands');
  return body;
}

/** "Redis over TCP at host:port", plus the database number; never the user name or password. */
export function describeRedisUrl(url: string): string {
  const parsed = new URL(url);
  const transport = parsed.protocol === 'rediss:' ? 'TLS' : 'TCP';
  const database = parsed.pathname.replace(/^\//, '');
  const where = `${parsed.hostname}:${parsed.port || '6379'}`;
  return `Redis over ${transport} at ${where}${database && database !== '0' ? ` (database ${database})` : ''}`;
}
