// The embedded store as an @upstash/redis requester: the Upstash client hands
// it the same requests it would send over HTTP (one command, a pipeline, or a
// multi-exec transaction) and it answers them from an in-memory keyspace kept
// on disk by an append-only log in a data folder.
//
// Commands run synchronously, one request at a time, so a transaction is
// atomic simply because nothing else runs while it does. A reply is sent only
// once every write it may have seen is on disk: no caller ever learns of data
// that a crash could still take back.
import fs from 'node:fs';
import path from 'node:path';
import { errors, type Requester, type UpstashRequest, type UpstashResponse } from '@upstash/redis';
import { resolve, type CommandSpec } from './commands';
import { CommandError, EXECABORT } from './errors';
import { Keyspace, type Value } from './keyspace';
import { FolderLock } from './lock';
import { LOG_FILE, LogAppender, removeDraft, replayLog, writeSnapshot, type LogRecord } from './log';
import { exactDouble } from './numbers';

export interface EmbeddedStoreOptions {
  /** A log smaller than this is never compacted on open. */
  compactMinBytes?: number;
}

type Response = UpstashResponse<unknown>;

export class EmbeddedStore implements Requester {
  readonly #ks: Keyspace;
  readonly #log: LogAppender;
  readonly #lock: FolderLock;
  readonly #sweeper: NodeJS.Timeout;
  #closed = false;

  private constructor(
    readonly dir: string,
    ks: Keyspace,
    log: LogAppender,
    lock: FolderLock,
  ) {
    this.#ks = ks;
    this.#log = log;
    this.#lock = lock;
    // Expired keys are already invisible; this only gives their memory back.
    this.#sweeper = setInterval(() => ks.sweep(Date.now()), 60_000);
    this.#sweeper.unref();
  }

  /**
   * Opens (creating if needed) a data folder: takes its lock, replays its log,
   * and compacts the log when it has grown much larger than the data it holds.
   * Synchronous, so a folder in use fails the caller at once.
   */
  static open(dir: string, options: EmbeddedStoreOptions = {}): EmbeddedStore {
    fs.mkdirSync(dir, { recursive: true });
    const lock = FolderLock.acquire(dir);
    try {
      const file = path.join(dir, LOG_FILE);
      removeDraft(file);
      const ks = new Keyspace();
      const logBytes = replayLog(file, (record) => replay(ks, record));
      const now = Date.now();
      ks.sweep(now);
      if (logBytes > (options.compactMinBytes ?? 1 << 20)) {
        const records = Array.from(snapshot(ks, now));
        const liveBytes = records.reduce((sum, record) => sum + Buffer.byteLength(JSON.stringify(record)) + 1, 0);
        if (logBytes > 2 * liveBytes) writeSnapshot(file, records);
      }
      return new EmbeddedStore(dir, ks, new LogAppender(file), lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  async request<TResult = unknown>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
    return (await this.#handle(req)) as UpstashResponse<TResult>;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#sweeper);
    await this.#log.close();
    this.#lock.release();
  }

  // Returns one response, or an array of them for a pipeline or transaction,
  // as the Upstash client expects from the corresponding HTTP endpoints.
  async #handle(req: UpstashRequest): Promise<Response | Response[]> {
    if (this.#closed) throw new Error(`The embedded store in ${this.dir} is closed`);
    if (this.#log.failure) throw this.#log.failure;
    const now = Date.now();
    const endpoint = (req.path ?? []).join('/');
    let reply: Response | Response[];
    if (endpoint === '') {
      reply = this.#single(toCommand(req.body), now);
    } else if (endpoint === 'pipeline') {
      reply = toCommands(req.body).map((command) => this.#single(command, now));
    } else if (endpoint === 'multi-exec') {
      reply = this.#transaction(toCommands(req.body), now);
    } else {
      throw new Error(`The embedded store has no endpoint /${endpoint}`);
    }
    await this.#log.durable();
    return reply;
  }

  #single(command: string[] | undefined, now: number): Response {
    if (!command) return { error: 'ERR the command must be a non-empty array of strings and numbers' };
    let spec: CommandSpec;
    try {
      spec = resolve(command);
    } catch (error) {
      return { error: (error as Error).message };
    }
    const writes: string[][] = [];
    const response = this.#run(spec, command, now, writes);
    if (writes.length > 0) this.#log.append({ t: now, c: writes }).catch(() => {}); // awaited via durable()
    return response;
  }

  // Like Redis: a command that cannot be queued (unknown, wrong number of
  // arguments) discards the whole transaction; a command that fails while
  // running fails alone, and the others still apply.
  #transaction(commands: (string[] | undefined)[], now: number): Response[] {
    const specs: CommandSpec[] = [];
    for (const command of commands) {
      try {
        if (!command) throw new CommandError('ERR invalid command');
        specs.push(resolve(command));
      } catch {
        throw new errors.UpstashError(EXECABORT);
      }
    }
    const writes: string[][] = [];
    const responses = commands.map((command, i) => this.#run(specs[i] as CommandSpec, command as string[], now, writes));
    if (writes.length > 0) this.#log.append({ t: now, c: writes }).catch(() => {}); // awaited via durable()
    return responses;
  }

  #run(spec: CommandSpec, command: string[], now: number, writes: string[][]): Response {
    const absolute = spec.absolute?.(command.slice(1), now);
    const [runSpec, runCommand] = absolute ? [resolve(absolute), absolute] : [spec, command];
    try {
      const result = runSpec.run({ ks: this.#ks, now }, runCommand.slice(1));
      if (runSpec.write) writes.push(runCommand);
      return { result };
    } catch (error) {
      // A failed command changed nothing (handlers check before they change), so it is not logged.
      if (error instanceof CommandError) return { error: error.message };
      throw error;
    }
  }
}

function toCommand(body: unknown): string[] | undefined {
  if (!Array.isArray(body) || body.length === 0) return undefined;
  if (!body.every((arg) => ['string', 'number', 'boolean'].includes(typeof arg))) return undefined;
  return body.map(String);
}

function toCommands(body: unknown): (string[] | undefined)[] {
  if (!Array.isArray(body)) throw new Error('A pipeline or transaction must be an array of commands');
  return body.map(toCommand);
}

/** Runs a logged record at the time it first ran, so expiries decide exactly as they did then. */
function replay(ks: Keyspace, record: LogRecord): void {
  for (const command of record.c) {
    let spec: CommandSpec;
    try {
      spec = resolve(command);
    } catch (error) {
      throw new Error(`The log holds a command this version cannot replay (${(error as Error).message})`);
    }
    try {
      spec.run({ ks, now: record.t }, command.slice(1));
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
    }
  }
}

/** The live keyspace as records that rebuild it: the content of a compacted log. */
function* snapshot(ks: Keyspace, now: number): Generator<LogRecord> {
  for (const { key, value, expiresAt } of ks.entries(now)) {
    const commands = [create(key, value)];
    if (expiresAt !== undefined) commands.push(['PEXPIREAT', key, String(expiresAt)]);
    yield { t: now, c: commands };
  }
}

function create(key: string, value: Value): string[] {
  switch (value.type) {
    case 'string':
      return ['SET', key, value.value];
    case 'hash':
      return ['HSET', key, ...Array.from(value.value).flat()];
    case 'set':
      return ['SADD', key, ...value.value];
    case 'zset':
      return ['ZADD', key, ...Array.from(value.value.scores).flatMap(([member, score]) => [exactDouble(score), member])];
    case 'list':
      return ['RPUSH', key, ...value.value];
  }
}
