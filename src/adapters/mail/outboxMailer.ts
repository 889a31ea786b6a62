import { link, mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer } from '../../ports/mailer';

/** A file name for a key: `complaint.filed/JB-…/1` → `complaint.filed_JB-…_1`. */
const fileName = (key: string) => key.replace(/[^A-Za-z0-9.-]/g, '_');

/** How long an email stays in the outbox: it holds contact details in plain text. */
export const OUTBOX_KEEP_DAYS = 7;
const SWEEP_EVERY_MS = 3_600_000;

/**
 * The development mailer: each email becomes `<key>.json` and `<key>.html`
 * in a folder, so nothing is sent by accident and a developer can open them
 * (`npm run outbox`). Like Resend's idempotency, a key is written once.
 * The files are plain text, so they are deleted after OUTBOX_KEEP_DAYS.
 */
export function outboxMailer(dir: string, now: () => number = Date.now): Mailer {
  // Another send may link and remove its partial file between readdir and
  // stat: a name that is gone is skipped, not a failed send. At most one
  // sweep an hour: a sweep stats every file, and sweeping before every send
  // made a busy outbox cost a stat per email sent per file kept.
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
    describe: `local outbox (${dir})`,
    send: async (mail) => {
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await forget();
        const base = join(dir, fileName(mail.idempotencyKey));
        const record = { ...mail, writtenAt: new Date(now()).toISOString() };
        await writeFile(`${base}.html`, mail.html, { mode: 0o600 });
        // Written whole under another name, then linked into place: a reader
        // (`npm run outbox`, a test) never sees half a file, and a second send
        // of the same key finds the name taken and is a no-op.
        const partial = `${base}.${process.pid}-${Math.random().toString(36).slice(2)}.partial`;
        await writeFile(partial, JSON.stringify(record, null, 2), { flag: 'wx', mode: 0o600 });
        try {
          await link(partial, `${base}.json`).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'EEXIST') throw error;
          });
        } finally {
          await unlink(partial).catch(() => undefined);
        }
        return { ok: true, id: fileName(mail.idempotencyKey) };
      } catch (error) {
        return { ok: false, retryable: true, reason: `outbox ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
      }
    },
  };
}
