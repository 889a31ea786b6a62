// A local SMTP server (smtp-server, from nodemailer's authors) that records
// every message body it receives and answers the way the test says: accept
// (250), reject with a code, or hang after DATA (read the body, never answer).
// It can stop listening (connections refused) and listen again on the same
// port, as a mail server restarting would. It never deduplicates by
// Message-ID, so every count below is what our side sent.
import { once } from 'node:events';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { freePort } from './project';

/** What the server answers after the body of the next messages. */
export type DataAnswer = { kind: 'accept' } | { kind: 'hang' } | { kind: 'reject'; code: number; message: string };

export interface ReceivedMail {
  /** Arrival order, from 1. */
  seq: number;
  envelopeFrom: string;
  recipients: string[];
  /** The message exactly as it arrived (headers and body). */
  raw: Buffer;
  /** The user who authenticated, if any. */
  user?: string;
  /** The session ran over TLS (implicit or after STARTTLS). */
  secure: boolean;
  /** What the server answered: undefined while it hangs. */
  answer?: number;
}

export interface SmtpCapture {
  port: number;
  /** Every message body received, whatever the answer. */
  readonly bodies: readonly ReceivedMail[];
  /** The messages answered 250: delivered, once per entry. */
  accepted(): ReceivedMail[];
  /** Connections opened so far (refused ones never count). */
  readonly connections: number;
  answerWith(answer: DataAnswer): void;
  /** RCPT TO for this address is answered with `code` (e.g. 550 for an unknown mailbox). */
  refuseRecipient(address: string, code: number, message: string): void;
  /** Stops listening and drops open sessions: new connections are refused until `listen()`. */
  stop(): Promise<void>;
  listen(): Promise<void>;
  close(): Promise<void>;
}

export interface SmtpCaptureOptions {
  /** `implicit`: TLS from the start; `starttls`: offered and required before AUTH; `none`: plain, no STARTTLS offered. */
  tls?: 'implicit' | 'starttls' | 'none';
  key?: string;
  cert?: string;
  /** The only credentials AUTH accepts; without them AUTH is not offered. */
  auth?: { user: string; pass: string };
}

export async function startSmtpCapture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const port = await freePort();
  const bodies: ReceivedMail[] = [];
  let answer: DataAnswer = { kind: 'accept' };
  let connections = 0;
  const refused = new Map<string, { code: number; message: string }>();
  let server: SMTPServer | undefined;
  const tls = options.tls ?? 'none';

  const serverOptions = (): SMTPServerOptions => ({
    secure: tls === 'implicit',
    ...(options.key && options.cert ? { key: options.key, cert: options.cert } : {}),
    disabledCommands: [...(tls === 'none' ? ['STARTTLS'] : []), ...(options.auth ? [] : ['AUTH'])],
    authOptional: !options.auth,
    logger: false,
    closeTimeout: 50,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const refusal = refused.get(address.address);
      if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail: ReceivedMail = {
          seq: bodies.length + 1,
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
          secure: session.secure,
        };
        bodies.push(mail);
        const now = answer;
        if (now.kind === 'hang') return;
        if (now.kind === 'reject') {
          mail.answer = now.code;
          return callback(Object.assign(new Error(now.message), { responseCode: now.code }));
        }
        mail.answer = 250;
        callback(null, 'Queued');
      });
    },
  });

  async function listen() {
    server = new SMTPServer(serverOptions());
    server.on('error', () => undefined); // a client that vanishes mid-session is part of the tests
    server.listen(port, '127.0.0.1');
    await once(server.server, 'listening');
  }

  async function stop() {
    const closing = server;
    server = undefined;
    if (!closing) return;
    await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  await listen();
  return {
    port,
    bodies,
    accepted: () => bodies.filter((m) => m.answer === 250),
    get connections() {
      return connections;
    },
    answerWith(next) {
      answer = next;
    },
    refuseRecipient(address, code, message) {
      refused.set(address, { code, message });
    },
    stop,
    listen,
    close: stop,
  };
}
