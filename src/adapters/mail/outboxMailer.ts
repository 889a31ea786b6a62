import type { Mailer } from '../../ports/mailer';
import { outboxFolder } from '../outboxFolder';

export { OUTBOX_KEEP_DAYS } from '../outboxFolder';

/** The development mailer: each email becomes `<key>.json` and `<key>.html` in a folder (`npm run outbox`). */
export function outboxMailer(dir: string, now: () => number = Date.now): Mailer {
  const folder = outboxFolder(dir, now);
  return {
    describe: `local outbox (${dir})`,
    send: async (mail) => {
      try {
        return { ok: true, id: await folder.write(mail.idempotencyKey, mail, { html: mail.html }) };
      } catch (error) {
        return { ok: false, retryable: true, reason: `outbox ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
      }
    },
  };
}
