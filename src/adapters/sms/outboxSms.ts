import type { SmsSender } from '../../ports/smsSender';
import { outboxFolder } from '../outboxFolder';

/**
 * The development SMS sender: each message becomes `<key>.json` in a folder,
 * with the text the parent would read (the template's wording from settings,
 * filled in), so nothing is sent by accident.
 */
export function outboxSms(dir: string, wording: (template: string) => string | undefined, now: () => number = Date.now): SmsSender {
  const folder = outboxFolder(dir, now);
  return {
    describe: `local SMS outbox (${dir})`,
    send: async (sms) => {
      const text = (wording(sms.template) ?? '').replace(/\$\{(\w+)\}/g, (_, name: string) => sms.params.find((p) => p.name === name)?.value ?? '');
      try {
        return { ok: true, id: await folder.write(sms.idempotencyKey, { ...sms, text }) };
      } catch (error) {
        return { ok: false, retryable: true, reason: `sms outbox ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
      }
    },
  };
}
