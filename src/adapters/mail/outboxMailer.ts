import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingMail } from '../../ports/mailer';

/** A file name for a key: `complaint.filed/JB-…/1` → `complaint.filed_JB-…_1`. */
const fileName = (key: string) => key.replace(/[^A-Za-z0-9.-]/g, '_');

/**
 * The development mailer: each email becomes `<key>.json` and `<key>.html`
 * in a folder, so nothing is sent by accident and a developer can open them
 * (`npm run outbox`). Like Resend's idempotency, a key is written once.
 */
export function outboxMailer(dir: string): Mailer {
  return {
    describe: `local outbox (${dir})`,
    send: async (mail) => {
      try {
        await mkdir(dir, { recursive: true });
        const base = join(dir, fileName(mail.idempotencyKey));
        const record = { ...mail, writtenAt: new Date().toISOString() };
        // `wx`: a second send of the same key finds the file and is a no-op.
        await writeFile(`${base}.json`, JSON.stringify(record, null, 2), { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        });
        await writeFile(`${base}.html`, mail.html);
        return { ok: true, id: fileName(mail.idempotencyKey) };
      } catch (error) {
        return { ok: false, retryable: true, reason: `outbox ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
      }
    },
  };
}
