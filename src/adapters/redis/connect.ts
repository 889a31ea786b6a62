// One Redis code path for every Redis: the application always holds an
// @upstash/redis client; only the transport under it differs.
//
// - upstash:  Upstash's REST API (production), the client's own HTTP transport.
// - tcp:      any Redis at a redis:// or rediss:// URL, through node-redis.
//
// Every client is built with automatic deserialization off. With it on, the
// client JSON-parses every reply: a receipt code "123" comes back as the number
// 123 and "007" as 7. Off, values are the strings that were stored, and the
// raw RESP2 shapes come through unchanged: HGETALL gives a flat
// [field, value, ...] array (not an object), ZSCORE a string, SCAN
// [cursor string, keys].
import { Redis, errors, type Requester } from '@upstash/redis';
import { createTcpRequester } from './tcpRequester';

export type RedisTarget = { kind: 'upstash'; url: string; token: string } | { kind: 'tcp'; url: string };

export interface RedisConnection {
  redis: Redis;
  /** Where the data lives, for logs and health pages: never a password or token. */
  describe: string;
  close(): Promise<void>;
}

/** The same client for a store that shares it (adapters/engine.ts): closing it is left to its owner, once. */
export const borrowed = (connection: RedisConnection): RedisConnection => ({ ...connection, close: async () => {} });

/** Longest an Upstash request may take, the client's own retries of network errors included. */
const UPSTASH_TIMEOUT_MS = 10_000;

export function connectRedis(target: RedisTarget): RedisConnection {
  switch (target.kind) {
    case 'upstash':
      return connectUpstash(target.url, target.token);
    case 'tcp': {
      const requester = createTcpRequester(target.url);
      return { redis: new RequesterRedis(requester), describe: requester.describe, close: () => requester.close() };
    }
  }
}

/**
 * The Upstash client over one of our requesters. Its Node constructor, given
 * a requester, passes no options on to the base class (nodejs.mjs:
 * `super(configOrRequester)`), so `new Redis(requester)` alone would keep
 * automatic deserialization on; the options are set here instead.
 */
class RequesterRedis extends Redis {
  constructor(requester: Requester) {
    super(requester);
    this.opts = { automaticDeserialization: false };
  }
}

function connectUpstash(url: string, token: string): RedisConnection {
  const redis = new Redis({
    url,
    token,
    automaticDeserialization: false,
    // Auto-pipelining batches separate calls into one HTTP request, where one
    // failing command can fail its neighbours: off, so each call stands alone
    // as it does on the other transports.
    enableAutoPipelining: false,
    enableTelemetry: false,
    // Without a deadline a stalled connection hangs the request. It must be a
    // function: a plain signal, once aborted, makes the client return the
    // string "Aborted" as if it were the command's result (http.ts).
    signal: () => AbortSignal.timeout(UPSTASH_TIMEOUT_MS),
  });
  redis.use(async (req, next) => {
    try {
      return await next(req);
    } catch (error) {
      throw withoutCommand(error);
    }
  });
  return { redis, describe: `Upstash Redis over REST at ${new URL(url).host}`, close: async () => {} };
}

/**
 * When Upstash answers with an HTTP error, the client appends the whole
 * command, arguments included, to the error message (", command was: [...]").
 * Those arguments can be complaint text or contact details, and error
 * messages get logged; the other transports report Redis's message alone.
 */
function withoutCommand(error: unknown): unknown {
  if (!(error instanceof errors.UpstashError)) return error;
  const at = error.message.indexOf(', command was: ');
  return at === -1 ? error : new errors.UpstashError(error.message.slice(0, at));
}
