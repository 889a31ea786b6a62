import { Resend } from 'resend';
import type { Mailer } from '../../ports/mailer';

/** Longest a send may take before it is counted as failed and retried later. */
const SEND_TIMEOUT_MS = 15_000;

/**
 * Mail through Resend. The idempotency key makes a retry after a lost reply
 * harmless: Resend sends a key once within 24 hours. Failures come back as
 * values (resend-node returns `{ data, error }`); 429, 5xx and network
 * failures are retryable, other 4xx are not.
 */
export function resendMailer(options: { apiKey: string; from: string; baseUrl?: string; timeoutMs?: number }): Mailer {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  return {
    describe: 'Resend',
    send: async (mail) => {
      // A timer cleared once the reply is in: `AbortSignal.timeout` would fire for every
      // email 15 s later whether it was answered or not (as node-redis's did, tcpRequester.ts).
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(new DOMException('The send timed out', 'TimeoutError')), options.timeoutMs ?? SEND_TIMEOUT_MS);
      const { data, error } = await resend.emails
        .send({ from: options.from, to: [mail.to], subject: mail.subject, text: mail.text, html: mail.html }, {
          idempotencyKey: mail.idempotencyKey,
          signal: abort.signal,
        } as Parameters<typeof resend.emails.send>[1])
        .finally(() => clearTimeout(timer));
      if (data?.id) return { ok: true, id: data.id };
      const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
      // Resend has seen this key with another body: an earlier attempt went
      // through (its reply was lost), so the email is out. Sending again is wrong.
      if (error?.name === 'invalid_idempotent_request') return { ok: true, id: 'sent-earlier' };
      // 409 concurrent_idempotent_requests: the first attempt is still running; try later.
      const retryable = status === null || status === 429 || status >= 500 || status === 409;
      return { ok: false, retryable, reason: `resend ${status ?? 'network'} ${error?.name ?? ''}`.trim() };
    },
  };
}
