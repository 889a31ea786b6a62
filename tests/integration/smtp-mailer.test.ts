// The SMTP mailer against a real SMTP server on loopback (smtp-server): what
// arrives (headers, MIME parts, Chinese text, DKIM), how each failure comes
// back (refused, silent greeting, 4xx, 5xx, a hang after DATA), and, with a
// small loop that retries the way dispatchDue does, that every job is
// accepted exactly once and every attempt of a job carries one Message-ID.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { generate } from 'selfsigned';
import { smtpMailer, messageIdFor } from '../../src/adapters/mail/smtpMailer';
import type { SmtpOptions } from '../../src/config/smtpOptions';
import { bureauEmail } from '../../src/domain/emails/bureauEmail';
import type { ComplaintPrivate, ComplaintRecord } from '../../src/domain/complaint';
import { complaintRecord } from '../support/complaintRecord';
import type { Mailer, OutgoingMail, SendResult } from '../../src/ports/mailer';
import { startSmtpCapture, type ReceivedMail, type SmtpCapture } from '../support/smtpCapture';
import { smallDirectory } from '../support/directory';
import { freePort } from '../support/project';

const FROM = '校务监督 <noreply@schoolwatch.example>';
const BUREAU = 'jubao@qiaocheng.example';
const REF = 'JB-20260310-7K3M9Q2P';
const KEY = `complaint.filed/${REF}`;
const DESCRIPTION = '班主任周六在校外组织全年级补课，每人收费三百元，并要求家长保密。';
const CONTACT = { name: '王女士', phone: '13800001234', email: 'wang.parent@parents.example' };
/** Every value a parent typed: none may appear in any header. */
const PERSONAL = [DESCRIPTION, '补课', '三百元', CONTACT.name, CONTACT.phone, CONTACT.email, 'wang.parent'];

const record = complaintRecord({
  reference: REF,
  aspect: 'holiday-classes',
  occurredOn: '2026-03-07',
  anonymous: false,
  contactConsent: true,
  notifyParent: true,
  sealed: 'v1.sealed-private-part',
  filedAt: '2026-03-10T02:00:00.000Z',
  acceptBy: '2026-03-25',
});
const hidden: ComplaintPrivate = { description: DESCRIPTION, contact: CONTACT };
const ANSWER_URL = `https://schoolwatch.example/answer/?t=${REF}.qiaocheng.1788000000.c2lnbmF0dXJl`;

/** The real bureau email of one complaint, as dispatchDue composes it. */
const bureauMail = (): OutgoingMail => ({
  to: BUREAU,
  idempotencyKey: KEY,
  ...bureauEmail('filed', record, hidden, smallDirectory(), ANSWER_URL, '2026年9月6日'),
});

/** A small job: its key and subject name it, nothing else. */
const job = (n: number): OutgoingMail => ({
  to: BUREAU,
  idempotencyKey: `complaint.filed/JB-20260310-TEST${String(n).padStart(4, '0')}`,
  subject: `测试邮件 ${n}`,
  text: `第 ${n} 封`,
  html: `<p>第 ${n} 封</p>`,
});

const captures: SmtpCapture[] = [];
const rawServers: Server[] = [];
async function capture(options?: Parameters<typeof startSmtpCapture>[0]) {
  const c = await startSmtpCapture(options);
  captures.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(captures.splice(0).map((c) => c.close()));
  for (const s of rawServers.splice(0)) {
    s.close();
    s.unref();
  }
});

/** A TCP server that accepts connections and never says a word (no SMTP greeting). */
async function silentServer(): Promise<number> {
  const silent = createServer(() => undefined);
  rawServers.push(silent);
  const port = await freePort();
  silent.listen(port, '127.0.0.1');
  await once(silent, 'listening');
  return port;
}

const mailerFor = (c: { port: number }, extra: Partial<SmtpOptions> = {}) => smtpMailer({ host: '127.0.0.1', port: c.port, tls: 'none', from: FROM, ...extra });

const parse = (m: ReceivedMail) => simpleParser(m.raw);
/** The header block exactly as it went over the wire. */
const headerBlock = (m: ReceivedMail) => m.raw.toString('latin1').split('\r\n\r\n')[0]!;
const address = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)?.value[0];

describe('the bureau email as it arrives', () => {
  let server: SmtpCapture;
  let mail: OutgoingMail;
  let received: ReceivedMail;
  let parsed: ParsedMail;
  let result: SendResult;

  beforeAll(async () => {
    server = await startSmtpCapture();
    mail = bureauMail();
    result = await mailerFor(server).send(mail);
    received = server.accepted()[0]!;
    parsed = await parse(received);
  });
  afterAll(() => server.close());

  it('is accepted once, and the result names its Message-ID', () => {
    const id = messageIdFor(KEY, 'schoolwatch.example');
    expect(id).toMatch(/^<[0-9a-f]{32}\.schoolwatch@schoolwatch\.example>$/);
    expect(result).toEqual({ ok: true, id });
    expect(server.bodies).toHaveLength(1);
    expect(received.envelopeFrom).toBe('noreply@schoolwatch.example');
    expect(received.recipients).toEqual([BUREAU]);
  });

  it('carries From, To, Subject, Date and the job’s Message-ID', () => {
    expect(address(parsed.from)).toEqual({ name: '校务监督', address: 'noreply@schoolwatch.example' });
    expect(address(parsed.to)).toEqual({ name: '', address: BUREAU });
    expect(parsed.subject).toBe(`【举报待受理】${REF}：请于2026年3月25日前受理`);
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.messageId).toBe(messageIdFor(KEY, 'schoolwatch.example'));
    expect(Math.abs(parsed.date!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('encodes the Chinese subject and name for the wire: the header block is plain ASCII', () => {
    const headers = headerBlock(received);
    expect(headers).toMatch(/^[\x20-\x7e\r\n\t]+$/);
    expect(headers).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(headers).toMatch(/^From: =\?UTF-8\?[BQ]\?.+\?= <noreply@schoolwatch\.example>$/im);
  });

  it('has a text part and an HTML part, each intact', () => {
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.text).toBe(mail.text);
    expect(parsed.html).toBe(mail.html);
    expect(parsed.text).toContain(DESCRIPTION);
    expect(parsed.text).toContain(`电话：${CONTACT.phone}`);
  });

  it('puts none of the complaint’s text or the parent’s contact details in any header', async () => {
    const decoded = [...parsed.headerLines.map((h) => h.line), String(parsed.subject), JSON.stringify([...parsed.headers])].join('\n');
    for (const value of PERSONAL) {
      expect(decoded).not.toContain(value);
      expect(headerBlock(received)).not.toContain(value);
    }
  });
});

describe('DKIM', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
  /** DNS for the test: the one TXT record of the selector. */
  const resolver = async (name: string, type: string) => {
    if (type === 'TXT' && name === 'sw2026._domainkey.schoolwatch.example') return [[record]];
    throw Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' });
  };

  it('signs with the configured key, and the signature verifies against the published record', async () => {
    const server = await capture();
    const mailer = mailerFor(server, { dkim: { domainName: 'schoolwatch.example', keySelector: 'sw2026', privateKey: pem } });
    expect(await mailer.send(bureauMail())).toMatchObject({ ok: true });
    const raw = server.accepted()[0]!.raw;
    const unfolded = headerBlock(server.accepted()[0]!).replace(/\r\n[ \t]+/g, ' ');
    expect(unfolded).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=schoolwatch\.example; q=dns\/txt; s=sw2026;/m);
    const verdict = await dkimVerify(raw, { resolver: resolver as never });
    expect(verdict.results.map((r) => [r.status.result, r.signingDomain, r.selector])).toEqual([['pass', 'schoolwatch.example', 'sw2026']]);
    expect(verdict.results[0]!.signingHeaders!.keys).toBe('From: Subject: Date: Message-ID: To: MIME-Version: Content-Type');
  });

  it('the same message with its body changed does not verify', async () => {
    const server = await capture();
    const mailer = mailerFor(server, { dkim: { domainName: 'schoolwatch.example', keySelector: 'sw2026', privateKey: pem } });
    await mailer.send(bureauMail());
    // The answer link in the body pointed elsewhere: what a forwarder in the middle might do.
    const [head, ...body] = server.accepted()[0]!.raw.toString('latin1').split('\r\n\r\n');
    const changed = body.join('\r\n\r\n').replaceAll('schoolwatch.example/answer', 'schoolwatch.example/ANSWER');
    expect(changed).toContain('ANSWER');
    const tampered = Buffer.from(`${head}\r\n\r\n${changed}`, 'latin1');
    const verdict = await dkimVerify(tampered, { resolver: resolver as never });
    // RFC 6376 §6.1.3: a body hash mismatch makes the signature count as absent (neutral), never pass.
    expect(verdict.results.map((r) => [r.status.result, r.status.comment])).toEqual([['neutral', 'body hash did not verify']]);
  });

  it('without a key nothing is signed', async () => {
    const server = await capture();
    await mailerFor(server).send(bureauMail());
    expect(headerBlock(server.accepted()[0]!)).not.toMatch(/^DKIM-Signature:/im);
  });
});

describe('TLS and login', () => {
  let tls: { key: string; cert: string };
  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: 'mail.test' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    tls = { key: pems.private, cert: pems.cert };
  });
  const auth = { user: 'noreply@schoolwatch.example', pass: 'app-password-for-tests' };

  it('starttls: upgrades, then logs in', async () => {
    const server = await capture({ tls: 'starttls', ...tls, auth });
    const result = await mailerFor(server, { tls: 'starttls', ca: tls.cert, auth }).send(job(1));
    expect(result).toMatchObject({ ok: true });
    expect(server.accepted().map((m) => [m.secure, m.user])).toEqual([[true, auth.user]]);
  });

  it('implicit: TLS from the first byte, then logs in', async () => {
    const server = await capture({ tls: 'implicit', ...tls, auth });
    const result = await mailerFor(server, { tls: 'implicit', ca: tls.cert, auth }).send(job(1));
    expect(result).toMatchObject({ ok: true });
    expect(server.accepted().map((m) => [m.secure, m.user])).toEqual([[true, auth.user]]);
  });

  it('starttls against a server that does not offer it: refused before any password is sent', async () => {
    const server = await capture({ tls: 'none' });
    const result = await mailerFor(server, { tls: 'starttls', auth }).send(job(1));
    expect(result).toEqual({ ok: false, retryable: true, reason: 'smtp 500 STARTTLS' });
    expect(server.bodies).toEqual([]);
  });

  it('a certificate from no trusted CA is refused', async () => {
    const server = await capture({ tls: 'implicit', ...tls });
    const result = await mailerFor(server, { tls: 'implicit' }).send(job(1));
    expect(result).toEqual({ ok: false, retryable: true, reason: 'smtp DEPTH_ZERO_SELF_SIGNED_CERT CONN' });
    expect(server.bodies).toEqual([]);
  });

  it('a wrong password is retryable (the set-up is at fault, not the message)', async () => {
    const server = await capture({ tls: 'starttls', ...tls, auth });
    const result = await mailerFor(server, { tls: 'starttls', ca: tls.cert, auth: { ...auth, pass: 'wrong' } }).send(job(1));
    expect(result).toEqual({ ok: false, retryable: true, reason: 'smtp 535 AUTH' });
  });
});

describe('what a failure looks like to the dispatcher', () => {
  it.each([
    [550, '5.1.1 Mailbox unavailable', { ok: false, retryable: false, reason: 'smtp 550 5.1.1 DATA' }],
    [554, 'Message rejected as spam', { ok: false, retryable: false, reason: 'smtp 554 DATA' }],
    [451, '4.3.0 Try again later', { ok: false, retryable: true, reason: 'smtp 451 4.3.0 DATA' }],
    [452, 'Insufficient storage', { ok: false, retryable: true, reason: 'smtp 452 DATA' }],
  ])('a %i after the body: %s', async (code, message, expected) => {
    const server = await capture();
    server.answerWith({ kind: 'reject', code, message });
    expect(await mailerFor(server).send(job(1))).toEqual(expected);
    expect(server.bodies.map((m) => m.answer)).toEqual([code]);
  });

  it.each([
    [550, '5.1.1 Mailbox does not exist', { ok: false, retryable: false, reason: 'smtp 550 5.1.1 RCPT TO' }],
    [450, '4.2.0 Mailbox busy', { ok: false, retryable: true, reason: 'smtp 450 4.2.0 RCPT TO' }],
  ])('a %i to the recipient: %s, and no body is sent', async (code, message, expected) => {
    const server = await capture();
    server.refuseRecipient(BUREAU, code, message);
    expect(await mailerFor(server).send(job(1))).toEqual(expected);
    expect(server.bodies).toEqual([]);
  });

  it('the reason never repeats the server’s words (they may name the recipient)', async () => {
    const server = await capture();
    server.answerWith({ kind: 'reject', code: 550, message: `5.1.1 <${CONTACT.email}>: Recipient address rejected: User unknown` });
    const result = await mailerFor(server).send({ ...job(1), to: CONTACT.email });
    expect(result).toEqual({ ok: false, retryable: false, reason: 'smtp 550 5.1.1 DATA' });
  });

  it('a refused connection is retryable and says so', async () => {
    const port = await freePort();
    expect(await mailerFor({ port }).send(job(1))).toEqual({ ok: false, retryable: true, reason: 'smtp ECONNREFUSED CONN' });
  });

  it('a server that never greets is given up on after the greeting timeout', async () => {
    const port = await silentServer();
    const started = Date.now();
    const result = await mailerFor({ port }, { timeouts: { greetingMs: 300 } }).send(job(1));
    expect(result).toEqual({ ok: false, retryable: true, reason: 'smtp greeting timeout CONN' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('the whole send is bounded by its total timeout', async () => {
    const port = await silentServer();
    const result = await mailerFor({ port }, { timeouts: { greetingMs: 5000, totalMs: 300 } }).send(job(1));
    expect(result).toEqual({ ok: false, retryable: true, reason: 'smtp total timeout' });
  });
});

/**
 * What dispatchDue does with each result, without a store: a job is done on
 * `ok`, dropped when not retryable, else tried again in the next round.
 * Returns, per job key, the results of its attempts.
 */
async function retryUntilDone(mailer: Mailer, mails: OutgoingMail[], options: { rounds: number; betweenRounds?: (round: number) => Promise<void> }) {
  const attempts = new Map<string, SendResult[]>(mails.map((m) => [m.idempotencyKey, []]));
  let due = [...mails];
  for (let round = 1; round <= options.rounds && due.length > 0; round++) {
    const results = await Promise.all(due.map((m) => mailer.send(m)));
    results.forEach((r, i) => attempts.get(due[i]!.idempotencyKey)!.push(r));
    due = due.filter((_, i) => !results[i]!.ok && results[i]!.retryable);
    await options.betweenRounds?.(round);
  }
  return attempts;
}

describe('exactly once, with a server that comes and goes', () => {
  it('refusing connections for three rounds, then accepting: each of 20 jobs is accepted exactly once', async () => {
    const server = await capture();
    await server.stop();
    const mails = Array.from({ length: 20 }, (_, i) => job(i + 1));
    const attempts = await retryUntilDone(mailerFor(server), mails, {
      rounds: 6,
      betweenRounds: async (round) => {
        if (round === 3) await server.listen();
      },
    });

    for (const mail of mails) {
      expect(attempts.get(mail.idempotencyKey)!.map((r) => r.ok)).toEqual([false, false, false, true]);
      expect(attempts.get(mail.idempotencyKey)!.slice(0, 3)).toEqual(Array(3).fill({ ok: false, retryable: true, reason: 'smtp ECONNREFUSED CONN' }));
    }
    const ids = await Promise.all(server.accepted().map(async (m) => (await parse(m)).messageId));
    expect(ids).toHaveLength(20);
    expect(new Set(ids)).toEqual(new Set(mails.map((m) => messageIdFor(m.idempotencyKey, 'schoolwatch.example'))));
    expect(server.bodies).toHaveLength(20);
  });

  it('a server that goes away in the middle of a round: the jobs it took are not sent again', async () => {
    const server = await capture();
    const mails = Array.from({ length: 10 }, (_, i) => job(i + 1));
    const mailer = mailerFor(server);
    // Round 1 reaches a live server for the first five jobs only.
    const first = await Promise.all(mails.slice(0, 5).map((m) => mailer.send(m)));
    await server.stop();
    const attempts = await retryUntilDone(mailer, mails.slice(5), {
      rounds: 4,
      betweenRounds: async (round) => {
        if (round === 2) await server.listen();
      },
    });
    expect(first.map((r) => r.ok)).toEqual([true, true, true, true, true]);
    expect([...attempts.values()].map((rs) => rs.map((r) => r.ok))).toEqual(Array(5).fill([false, false, true]));
    const keys = (await Promise.all(server.accepted().map(parse))).map((p) => p.messageId).sort();
    expect(keys).toEqual(mails.map((m) => messageIdFor(m.idempotencyKey, 'schoolwatch.example')).sort());
  });
});

describe('a server that hangs after DATA', () => {
  it('the send returns "maybe delivered" within its socket timeout, and the retry carries the same Message-ID', async () => {
    const server = await capture();
    const mailer = mailerFor(server, { timeouts: { socketMs: 400 } });
    const mail = bureauMail();
    server.answerWith({ kind: 'hang' });

    const started = Date.now();
    const first = await mailer.send(mail);
    const waited = Date.now() - started;
    expect(first).toEqual({ ok: false, retryable: true, maybeDelivered: true, reason: 'smtp no reply after DATA (socket timeout)' });
    expect(waited).toBeGreaterThanOrEqual(380);
    expect(waited).toBeLessThan(2000);

    server.answerWith({ kind: 'accept' });
    expect(await mailer.send(mail)).toEqual({ ok: true, id: messageIdFor(KEY, 'schoolwatch.example') });

    // The server holds two copies of the body, one never answered: a
    // receiving server that keeps Message-IDs drops the second.
    expect(server.bodies.map((m) => m.answer)).toEqual([undefined, 250]);
    const [hung, retried] = await Promise.all(server.bodies.map(parse));
    expect(hung!.messageId).toBe(messageIdFor(KEY, 'schoolwatch.example'));
    expect(retried!.messageId).toBe(hung!.messageId);
    expect(retried!.subject).toBe(hung!.subject);
    expect(retried!.text).toBe(hung!.text);
  });

  it('the whole-send timeout after DATA is "maybe delivered" too', async () => {
    const server = await capture();
    server.answerWith({ kind: 'hang' });
    const result = await mailerFor(server, { timeouts: { socketMs: 10_000, totalMs: 500 } }).send(job(1));
    expect(result).toEqual({ ok: false, retryable: true, maybeDelivered: true, reason: 'smtp no reply after DATA (total timeout)' });
  });

  it('a failure before the body went out is not "maybe delivered"', async () => {
    const port = await freePort();
    const result = await mailerFor({ port }).send(job(1));
    expect(result).not.toHaveProperty('maybeDelivered');
  });
});
