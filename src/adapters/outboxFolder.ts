import { link, mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A file name for a key: `complaint.filed/JB-…/1` → `complaint.filed_JB-…_1`. */
export const outboxFileName = (key: string) => key.replace(/[^A-Za-z0-9.-]/g, '_');

/** How long a message stays in an outbox: it holds contact details in plain text. */
export const OUTBOX_KEEP_DAYS = 7;
const SWEEP_EVERY_MS = 3_600_000;

/**
 * A development outbox: each message becomes `<key>.json` in a folder (plus
 * any extra files the caller names), so nothing is sent by accident and a
 * developer can open them. Like an idempotency key, a key is written once.
 * The files are plain text, so they are deleted after OUTBOX_KEEP_DAYS.
 */
export function outboxFolder(dir: string, now: () => number = Date.now) {
  // Another write may link and remove its partial file between readdir and
  // stat: a name that is gone is skipped, not a failed write. At most one
  // sweep an hour: a sweep stats every file, and sweeping before every write
  // made a busy outbox cost a stat per message per file kept.
  let swept = -Infinity;
  const forget = async () => {
    if (now() - swept < SWEEP_EVERY_MS) return;
    swept = now();
    for (const name of await readdir(dir)) {
      const file = join(dir, name);
      const info = await stat(file).catch(() => null);
      if (info && now() - info.mtimeMs > OUTBOX_KEEP_DAYS * 86_400_000) await unlink(file).catch(() => undefined);
    }
  };
  return {
    /** Writes the record once under its key; throws what the file system threw. Returns the file name's stem. */
    async write(key: string, record: object, extras: Record<string, string> = {}): Promise<string> {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await forget();
      const base = join(dir, outboxFileName(key));
      for (const [suffix, text] of Object.entries(extras)) await writeFile(`${base}.${suffix}`, text, { mode: 0o600 });
      // Written whole under another name, then linked into place: a reader
      // (`npm run outbox`, a test) never sees half a file, and a second write
      // of the same key finds the name taken and is a no-op.
      const partial = `${base}.${process.pid}-${Math.random().toString(36).slice(2)}.partial`;
      await writeFile(partial, JSON.stringify({ ...record, writtenAt: new Date(now()).toISOString() }, null, 2), { flag: 'wx', mode: 0o600 });
      try {
        await link(partial, `${base}.json`).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        });
      } finally {
        await unlink(partial).catch(() => undefined);
      }
      return outboxFileName(key);
    },
  };
}
