// The embedded store's append-only log: one JSON line per write command or per
// whole transaction, `{"t": <ms since epoch>, "c": [[command, ...args], ...]}`.
// Replaying the lines in order, each at its time `t`, rebuilds the keyspace.
//
// A write is acknowledged only after its line is on disk (fdatasync), so every
// acknowledged write survives a crash or SIGKILL. Lines written in the same
// tick share one write and one sync ("group commit"): twenty concurrent writes
// cost one disk flush, not twenty.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export const LOG_FILE = 'appendonly.jsonl';

export interface LogRecord {
  /** When the commands ran, in ms since the epoch; replay runs them at that time. */
  t: number;
  /** The commands, applied together (one for a plain write, several for a transaction). */
  c: string[][];
}

export class LogCorruptError extends Error {
  constructor(file: string, line: number) {
    super(
      `${file} is damaged at line ${line}, before its end: it cannot be the trace of a ` +
        `crash, so nothing is discarded. Restore the folder from a backup, or repair that line.`,
    );
    this.name = 'LogCorruptError';
  }
}

/**
 * Calls `apply` for every record of the log, in order, and returns the log's
 * size. A last line without its newline or unreadable is what a crash in the
 * middle of a write leaves: it was never acknowledged, so it is cut off (and
 * the file truncated, so that the next line does not start glued to it). An
 * unreadable line anywhere else is damage, and opening stops there.
 */
export function replayLog(file: string, apply: (record: LogRecord) => void): number {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let start = 0;
  let line = 0;
  let goodEnd = 0;
  let torn: number | undefined;
  while (start < data.length) {
    line++;
    const newline = data.indexOf(0x0a, start);
    const end = newline === -1 ? data.length : newline;
    const text = data.toString('utf8', start, end);
    const record = newline === -1 ? undefined : parseRecord(text);
    if (record) {
      if (torn !== undefined) throw new LogCorruptError(file, torn);
      apply(record);
      goodEnd = end + 1;
    } else if (!isBlank(text) && torn === undefined) {
      torn = line;
    }
    start = end + 1;
  }
  if (goodEnd < data.length) {
    const fd = fs.openSync(file, 'r+');
    try {
      fs.ftruncateSync(fd, goodEnd);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
  return goodEnd;
}

function parseRecord(text: string): LogRecord | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as LogRecord).t === 'number' &&
      Array.isArray((value as LogRecord).c) &&
      (value as LogRecord).c.every((cmd) => Array.isArray(cmd) && cmd.every((arg) => typeof arg === 'string'))
    ) {
      return value as LogRecord;
    }
  } catch {
    // not JSON: reported by the caller
  }
  return undefined;
}

const isBlank = (text: string) => /^[\s\0]*$/.test(text);

const serialize = (record: LogRecord) => `${JSON.stringify(record)}\n`;

/**
 * Replaces the log with the given records, atomically: written beside it,
 * synced, renamed over it, and the folder synced so the rename itself lasts.
 * A crash at any point leaves either the old log or the new one.
 */
export function writeSnapshot(file: string, records: Iterable<LogRecord>): number {
  const draft = `${file}.compacting`;
  const fd = fs.openSync(draft, 'w');
  let bytes = 0;
  try {
    let chunk: string[] = [];
    let chunkLength = 0;
    const flush = () => {
      const buffer = Buffer.from(chunk.join(''));
      fs.writeSync(fd, buffer);
      bytes += buffer.length;
      chunk = [];
      chunkLength = 0;
    };
    for (const record of records) {
      const line = serialize(record);
      chunk.push(line);
      chunkLength += line.length;
      if (chunkLength > 1 << 20) flush();
    }
    flush();
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(draft, file);
  syncFolder(path.dirname(file));
  return bytes;
}

/** Removes the draft of a compaction that a crash interrupted. */
export function removeDraft(file: string): void {
  fs.rmSync(`${file}.compacting`, { force: true });
}

/** Makes a file's creation or renaming durable (the folder entry is data too). */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms cannot open or sync a folder; there is nothing more to do there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const write = promisify(fs.write);
const fdatasync = promisify(fs.fdatasync);
const close = promisify(fs.close);

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // rejections reach the callers who await it; none is "unhandled"
  return { promise, resolve, reject };
}

export class LogAppender {
  #fd: number | undefined;
  #batch: { lines: string[]; done: Deferred } | undefined;
  #writing: Promise<void> | undefined;
  #latest: Promise<void> = Promise.resolve();
  #failure: Error | undefined;

  constructor(readonly file: string) {
    const existed = fs.existsSync(file);
    this.#fd = fs.openSync(file, 'a');
    if (!existed) syncFolder(path.dirname(file));
  }

  /** Resolves once the record is on disk; rejects if it could not be written. */
  append(record: LogRecord): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#fd === undefined) return Promise.reject(new Error('The embedded store is closed'));
    if (!this.#batch) {
      this.#batch = { lines: [], done: deferred() };
      this.#latest = this.#batch.done.promise;
      if (!this.#writing) setImmediate(() => this.#drain());
    }
    this.#batch.lines.push(serialize(record));
    return this.#batch.done.promise;
  }

  /** Resolves once everything appended so far is on disk. */
  durable(): Promise<void> {
    return this.#latest;
  }

  /** The first write error, after which the log accepts nothing more. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  async close(): Promise<void> {
    await this.#latest.catch(() => {});
    await this.#writing;
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined) await close(fd);
  }

  #drain(): void {
    if (this.#writing || !this.#batch) return;
    this.#writing = this.#writeBatches().finally(() => {
      this.#writing = undefined;
      this.#drain(); // a batch begun while the loop was finishing would wait forever
    });
  }

  async #writeBatches(): Promise<void> {
    while (this.#batch) {
      const batch = this.#batch;
      this.#batch = undefined;
      try {
        if (this.#failure) throw this.#failure;
        const buffer = Buffer.from(batch.lines.join(''));
        let offset = 0;
        while (offset < buffer.length) {
          const { bytesWritten } = await write(this.#fd as number, buffer, offset, buffer.length - offset);
          offset += bytesWritten;
        }
        await fdatasync(this.#fd as number);
        batch.done.resolve();
      } catch (error) {
        // Memory now holds changes the disk may not: refuse everything from
        // here on rather than acknowledge writes that a restart would lose.
        this.#failure ??= new Error(`The embedded store could not write ${this.file}: ${(error as Error).message}`, {
          cause: error,
        });
        batch.done.reject(this.#failure);
      }
    }
  }
}
