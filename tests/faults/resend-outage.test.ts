import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { startResendCapture, type ResendCapture } from '../support/resendCapture';
import { postJson, validComplaint } from '../support/intakeForms';
import { redisUrl } from '../support/redis';
import { testSecret, uniquePrefix } from '../support/intakeRedis';

let capture: ResendCapture;
let server: RunningServer;
const CRON_SECRET = 'resend-outage-cron-secret';

/** Waits until `holds()` (each step of the outage is entered on what the capture saw, not after a fixed time). */
async function until(what: string, holds: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The operator's health detail: notifications due now and given up on. */
async function queue() {
  const res = await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
  return (await res.json()) as { deadLetters: number; queue: { due: number } };
}

beforeAll(async () => {
  capture = await startResendCapture();
  server = await startServer({
    REDIS_URL: await redisUrl(),
    SITE_SECRET: testSecret(),
    REDIS_KEY_PREFIX: uniquePrefix('resend-outage'),
    RESEND_API_KEY: 're_test_key',
    MAIL_FROM: '校务监督 <noreply@schoolwatch.example>',
    RESEND_BASE_URL: capture.url,
    RESEND_TIMEOUT_MS: '500',
    DISPATCH_RETRY_BASE_MS: '200',
    DISPATCH_INTERVAL_MS: '250',
    INTAKE_RATE_LIMIT: '100000',
    CRON_SECRET,
  });
});
afterAll(async () => {
  await server?.stop();
  await capture?.close();
});

describe('Resend failing for a while, then recovering', () => {
  it('delivers every notification, each accepted exactly once', async () => {
    capture.setMode('fail');
    const references: string[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await postJson(`${server.url}/api/complaints`, validComplaint());
      expect(res.status).toBe(201);
      references.push(((await res.json()) as { reference: string }).reference);
    }
    const keys = references.map((r) => `complaint.filed/${r}`);
    const refused = (key: string) => capture.requests.some((r) => r.idempotencyKey === key && r.status !== undefined && r.status !== 200);

    // Failing with 500s until every notification has been refused, then hanging past the send timeout.
    await until('every notification was refused once', () => keys.every(refused));
    capture.setMode('hang');
    await until('a send was given up on', () => capture.requests.some((r) => r.abandoned));
    // Only once the server has seen every held send given up on: a send the client gave up on but
    // whose closing the server has not yet seen (a loaded machine) would otherwise be answered 200 by
    // the capture, which, unlike Resend, does not drop the retry that follows with the same key.
    await until('every held send was given up on', () => capture.requests.every((r) => r.status !== undefined || r.abandoned));
    capture.setMode('ok');

    // Eventually delivered: every notification accepted, and nothing left to send or given up on.
    await capture.waitForDelivered((emails) => keys.every((k) => emails.some((e) => e.idempotencyKey === k && !e.abandoned)), 30_000);
    await until('the queue is empty', async () => (await queue()).queue.due === 0);
    expect((await queue()).deadLetters).toBe(0);

    // Exactly once: accepted once per notification, and never asked again after that.
    for (const key of keys) {
      const forKey = capture.requests.filter((r) => r.idempotencyKey === key);
      const accepted = forKey.filter((r) => r.status === 200 && !r.abandoned);
      expect(accepted.length, key).toBe(1);
      expect(forKey.at(-1), key).toBe(accepted[0]);
    }
  });
});
