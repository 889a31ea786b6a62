import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import MailComposer from 'nodemailer/lib/mail-composer';
import DKIM from 'nodemailer/lib/dkim';
import type { Mailer, OutgoingMail, SendResult } from '../../ports/mailer';
import type { SmtpOptions, SmtpTimeouts } from '../../config/smtpOptions';

/** Each phase's limit when SMTP_*_TIMEOUT_MS does not set it. */
const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = { connectMs: 10_000, greetingMs: 10_000, socketMs: 20_000, totalMs: 45_000 };

/** The address inside a From value: `校务监督 <noreply@x.example>` → `noreply@x.example`. */
export function fromAddress(from: string): string {
  return (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim();
}

/**
 * The Message-ID of every attempt of one job: a hash of its idempotency key,
 * so a receiving server that keeps Message-IDs drops a repeat, and nothing of
 * the key (a reference) or of the complaint shows in the header.
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<${digest}.schoolwatch@${domain}>`;
}

/** Commands whose 5xx answer refuses this message or recipient for good; a 5xx elsewhere (greeting, AUTH, MAIL FROM) is the set-up's fault and clears once it is fixed. */
const PERMANENT_COMMANDS = new Set(['RCPT TO', 'DATA']);
const KNOWN_COMMANDS = ['CONN', 'EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL FROM', 'RCPT TO', 'DATA'];

interface NodemailerError extends Error {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  timeoutType?: string;
}

/**
 * A send's failure as a SendResult. The reason keeps the reply code, the
 * enhanced status (5.1.1) and the command, never the server's text, which
 * may repeat the recipient's address.
 */
function failure(error: NodemailerError, bodySent: boolean): SendResult & { ok: false } {
  const command = KNOWN_COMMANDS.find((c) => error.command?.toUpperCase().startsWith(c));
  if (error.responseCode) {
    const enhanced = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(error.response ?? '')?.[1];
    const reason = ['smtp', error.responseCode, enhanced, command].filter(Boolean).join(' ');
    return { ok: false, retryable: !(error.responseCode >= 500 && command && PERMANENT_COMMANDS.has(command)), reason };
  }
  const what =
    error.code === 'ETIMEDOUT'
      ? `${(error.timeoutType ?? 'socket').replace(/_TIMEOUT$/, '').toLowerCase()} timeout`
      : (error.originalCode ?? error.code ?? 'error');
  if (bodySent) return { ok: false, retryable: true, maybeDelivered: true, reason: `smtp no reply after DATA (${what})` };
  return { ok: false, retryable: true, reason: ['smtp', what, command].filter(Boolean).join(' ') };
}

/** The error of the whole-send deadline, shaped like nodemailer's own timeouts. */
const timeoutError = (type: string): NodemailerError => Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT', timeoutType: type });

/**
 * Mail through an SMTP server (a domestic provider or a bureau's own), with
 * nodemailer's SMTP client. SMTP has no idempotency keys, so every attempt
 * of a job carries the same Message-ID, and a send that failed after the
 * whole message went out says so (`maybeDelivered`). A job counts as sent
 * only on the server's 2xx after DATA. Nothing is logged: the client's
 * logger is off, and reasons carry codes, never the server's words.
 */
export function smtpMailer(options: SmtpOptions): Mailer {
  const timeouts = { ...DEFAULT_SMTP_TIMEOUTS, ...options.timeouts };
  const sender = fromAddress(options.from);
  const domain = options.messageIdDomain ?? sender.split('@').pop()!;
  const dkim = options.dkim ? new DKIM({ ...options.dkim }) : undefined;

  async function compose(mail: OutgoingMail, messageId: string): Promise<Buffer> {
    const node = new MailComposer({
      from: options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId,
      date: new Date(),
      // RFC 3834: an out-of-office reply to a notification goes nowhere.
      headers: { 'Auto-Submitted': 'auto-generated' },
    }).compile();
    if (dkim) node.processFunc((input) => dkim.sign(input));
    return node.build();
  }

  function deliver(mail: OutgoingMail, message: Buffer, messageId: string): Promise<SendResult> {
    return new Promise((resolve) => {
      let bodySent = false;
      let settled = false;
      const connection = new SMTPConnection({
        host: options.host,
        port: options.port,
        secure: options.tls === 'implicit',
        requireTLS: options.tls === 'starttls',
        ignoreTLS: options.tls === 'none',
        tls: { minVersion: 'TLSv1.2', ...(options.ca ? { ca: options.ca } : {}) },
        connectionTimeout: timeouts.connectMs,
        dnsTimeout: timeouts.connectMs,
        greetingTimeout: timeouts.greetingMs,
        socketTimeout: timeouts.socketMs,
        logger: false,
        debug: false,
      });
      const settle = (result: SendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (result.ok) connection.quit();
        else connection.close();
        resolve(result);
      };
      const fail = (error: unknown) => settle(failure(error as NodemailerError, bodySent));
      const deadline = setTimeout(() => fail(timeoutError('TOTAL_TIMEOUT')), timeouts.totalMs);
      // Errors after the outcome (a late socket error) are dropped: the job's fate is decided.
      connection.on('error', fail);
      const send = () => {
        const body = new PassThrough();
        // Piped only after the server's 354; its end means the last byte and the final "." are on their way.
        body.on('end', () => (bodySent = true));
        body.end(message);
        connection.send({ from: sender, to: [mail.to] }, body, (error) => (error ? fail(error) : settle({ ok: true, id: messageId })));
      };
      connection.connect((error?: Error | null) => {
        if (error) return fail(error);
        if (!options.auth) return send();
        // A copy: login() writes the credentials it used onto the object it is given.
        const { user, pass } = options.auth;
        connection.login({ user, pass }, (loginError?: Error | null) => (loginError ? fail(loginError) : send()));
      });
    });
  }

  return {
    describe: `SMTP (${options.host}:${options.port}, TLS ${options.tls})`,
    send: async (mail) => {
      const messageId = messageIdFor(mail.idempotencyKey, domain);
      let message: Buffer;
      try {
        message = await compose(mail, messageId);
      } catch {
        // A message that cannot be built (an address nodemailer refuses) fails the same way every time.
        return { ok: false, retryable: false, reason: 'smtp message could not be composed' };
      }
      try {
        return await deliver(mail, message, messageId);
      } catch (error) {
        return failure(error as NodemailerError, false);
      }
    },
  };
}
