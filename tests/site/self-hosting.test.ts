// Running it inside China, against the built Node server: mail through an SMTP
// server (a local one, started here), a reverse proxy in front (X-Forwarded-*),
// and the logs of a whole run read for personal values.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { startSmtpCapture, type SmtpCapture } from '../support/smtpCapture';
import { redisUrl } from '../support/redis';
import { testSecret, uniquePrefix } from '../support/intakeRedis';
import { postForm, postJson, validComplaint } from '../support/intakeForms';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { signAnswerToken } from '../../src/domain/answerLink';

const CRON = 'cron-secret-for-self-hosting';
const secret = testSecret();
let smtp: SmtpCapture;
let server: RunningServer;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startServer({
    REDIS_URL: await redisUrl(),
    REDIS_KEY_PREFIX: uniquePrefix('selfhost'),
    SITE_SECRET: secret,
    CRON_SECRET: CRON,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SMTP_TLS: 'none',
    MAIL_FROM: '校务监督 <noreply@schoolwatch.example>',
    MAIL_OUTBOX: '',
    TRUSTED_PROXY_HOPS: '1',
    SMTP_SOCKET_TIMEOUT_MS: '1000',
    SMTP_SEND_TIMEOUT_MS: '2000',
    DISPATCH_RETRY_BASE_MS: '200',
    DISPATCH_INTERVAL_MS: '200',
    LOOKUP_RATE_LIMIT: '1000',
  });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const waitFor = async (test: () => boolean, ms = 15_000) => {
  for (const until = Date.now() + ms; !test();) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const messageIds = async () => Promise.all(smtp.bodies.map(async (m) => (await simpleParser(m.raw)).messageId));
/** A request as the one trusted proxy passes it on: the client it saw on the right. */
const viaProxy = (client: string, forged = '') => ({ 'X-Forwarded-For': `${forged ? `${forged}, ` : ''}${client}` });

describe('mail through SMTP', () => {
  it('reaches the bureau exactly once, though the mail server refused connections for a while', async () => {
    await smtp.stop();
    const filed = [];
    for (let i = 0; i < 3; i++) {
      const res = await postJson(`${server.url}/api/complaints`, validComplaint(), viaProxy(`198.51.100.${i + 1}`));
      expect(res.status).toBe(201);
      filed.push(((await res.json()) as { reference: string }).reference);
    }
    await new Promise((r) => setTimeout(r, 1000)); // retries meet a closed port meanwhile
    expect(smtp.bodies).toHaveLength(0);
    await smtp.listen();
    await waitFor(() => smtp.accepted().length === 3);
    await new Promise((r) => setTimeout(r, 1500)); // and nothing more follows
    expect(smtp.bodies).toHaveLength(3);
    const subjects = await Promise.all(smtp.bodies.map(async (m) => (await simpleParser(m.raw)).subject));
    expect(filed.every((reference) => subjects.some((s) => s?.includes(reference)))).toBe(true);
    expect(new Set(await messageIds()).size).toBe(3);
  });

  it('does not resend at once a message the server took whole and never answered', async () => {
    const before = smtp.bodies.length;
    smtp.answerWith({ kind: 'hang' });
    const res = await postJson(`${server.url}/api/complaints`, validComplaint(), viaProxy('198.51.100.10'));
    expect(res.status).toBe(201);
    await waitFor(() => smtp.bodies.length > before);
    smtp.answerWith({ kind: 'accept' });
    await new Promise((r) => setTimeout(r, 3000)); // the send times out, the job waits ("maybe delivered")
    const health = await (await fetch(`${server.url}/api/health`, { headers: { Authorization: `Bearer ${CRON}` } })).json();
    // Still queued for a later attempt (with the same Message-ID: tests/integration/smtp-mailer.test.ts), not due now, not given up.
    expect(health).toMatchObject({ store: 'up', mail: 'smtp', deadLetters: 0, queue: { due: 0 } });
    expect(smtp.bodies.slice(before)).toHaveLength(1);
  });
});

describe('behind one trusted proxy', () => {
  it('keys the rate limit on the client the proxy saw: 60 posts with forged X-Forwarded-For values meet 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const forged = `${(i * 7) % 250}.${i}.${(i * 13) % 250}.${i % 9}`;
      statuses.push((await postJson(`${server.url}/api/complaints`, validComplaint(), viaProxy('203.0.113.77', forged))).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(statuses.slice(10)).toEqual(Array(50).fill(429));
    // Another client behind the same proxy is not limited.
    expect((await postJson(`${server.url}/api/complaints`, validComplaint(), viaProxy('203.0.113.78'))).status).toBe(201);
  });

  it('accepts a form posted from the https origin the proxy serves', async () => {
    const url = new URL(server.url);
    const res = await postForm(
      `${server.url}/report/status/`,
      { receiptCode: '00000-00000-00000-00000' },
      { Origin: `https://${url.host}`, 'X-Forwarded-Proto': 'https', ...viaProxy('203.0.113.90') },
    );
    expect(res.status).toBe(404); // looked up (unknown code), not refused by the origin check (403)
    const plain = await postForm(
      `${server.url}/report/status/`,
      { receiptCode: '00000-00000-00000-00000' },
      { Origin: `https://${url.host}`, ...viaProxy('203.0.113.91') },
    );
    expect(plain.status).toBe(403);
  });
});

describe('the logs of a whole run', () => {
  it('hold none of the personal values, receipt codes or secrets used', async () => {
    const values = {
      name: '欧阳明远',
      phone: '13912345678',
      email: 'ouyang.parent@example.com',
      description: '日志测试：初二年级每周六上午到校上数学课，每人每月收费八百元。',
    };
    const res = await postJson(
      `${server.url}/api/complaints`,
      validComplaint({ anonymous: false, contactConsent: true, ...values }),
      viaProxy('198.51.100.200'),
    );
    expect(res.status).toBe(201);
    const { reference, receiptCode, bureau } = (await res.json()) as { reference: string; receiptCode: string; bureau: { id: string } };
    expect((await postJson(`${server.url}/api/complaints/status`, { receiptCode }, viaProxy('198.51.100.200'))).status).toBe(200);
    const token = await signAnswerToken(await webCryptoKeys(secret), { reference, bureau: bureau.id, history: [] }, new Date());
    const answer = '日志测试的答复：已责令停止周六上课。';
    await postForm(`${server.url}/answer/`, { t: token, action: 'accept' }, viaProxy('198.51.100.201'));
    await postForm(`${server.url}/answer/`, { t: token, action: 'resolve', answer, finding: 'substantiated' }, viaProxy('198.51.100.201'));
    await fetch(`${server.url}/api/cron/dispatch`, { headers: { Authorization: `Bearer ${CRON}` } });
    await waitFor(() => smtp.bodies.some((m) => m.raw.includes(reference)));
    const log = server.output();
    expect(log).toContain('"event":"started"');
    for (const value of [...Object.values(values), '13912345678', receiptCode, receiptCode.replaceAll('-', ''), token, secret, CRON, '198.51.100.200']) {
      expect(log).not.toContain(value);
    }
  });
});

describe('rotating SITE_SECRET', () => {
  it('keeps every complaint readable while the previous secret is kept, and only then', async () => {
    const [oldSecret, newSecret] = [testSecret(), testSecret()];
    const first = await startServer({ SITE_SECRET: oldSecret });
    const description = '轮换测试：学校要求每位学生购买指定的练习册。';
    const res = await postJson(`${first.url}/api/complaints`, validComplaint({ description }));
    const { reference, receiptCode, bureau } = (await res.json()) as { reference: string; receiptCode: string; bureau: { id: string } };
    const link = await signAnswerToken(await webCryptoKeys(oldSecret), { reference, bureau: bureau.id, history: [] }, new Date());
    await first.stop();

    const rotated = await startServer({ SCHOOLWATCH_DATA_DIR: first.dataDir, SITE_SECRET: newSecret, SITE_SECRET_PREVIOUS: oldSecret });
    expect((await postJson(`${rotated.url}/api/complaints/status`, { receiptCode })).status).toBe(200);
    const page = await fetch(`${rotated.url}/answer/?t=${encodeURIComponent(link)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(description);
    // What is filed now uses the new secret alone.
    const fresh = (await (await postJson(`${rotated.url}/api/complaints`, validComplaint())).json()) as { receiptCode: string };
    await rotated.stop();

    const dropped = await startServer({ SCHOOLWATCH_DATA_DIR: first.dataDir, SITE_SECRET: newSecret });
    expect((await postJson(`${dropped.url}/api/complaints/status`, { receiptCode })).status).toBe(404);
    expect((await postJson(`${dropped.url}/api/complaints/status`, { receiptCode: fresh.receiptCode })).status).toBe(200);
    expect((await fetch(`${dropped.url}/answer/?t=${encodeURIComponent(link)}`)).status).toBe(403);
    await dropped.stop();
  });
});
