import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { startResendCapture, type ResendCapture } from '../support/resendCapture';
import { postJson, validComplaint } from '../support/intakeForms';
import { redisUrl } from '../support/redis';
import { testSecret, uniquePrefix } from '../support/intakeRedis';

let capture: ResendCapture;
let server: RunningServer;

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
  });
});
afterAll(async () => {
  await server?.stop();
  await capture?.close();
});

describe('Resend failing for a while, then recovering', () => {
  it('delivers every notification exactly once', async () => {
    capture.setMode('fail');
    const references: string[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await postJson(`${server.url}/api/complaints`, validComplaint());
      expect(res.status).toBe(201);
      references.push(((await res.json()) as { reference: string }).reference);
    }
    // Failing with 500s, then hanging past the send timeout.
    await new Promise((r) => setTimeout(r, 1500));
    capture.setMode('hang');
    await new Promise((r) => setTimeout(r, 1500));
    capture.setMode('ok');

    const keys = references.map((r) => `complaint.filed/${r}`);
    await capture.waitForDelivered((emails) => keys.every((k) => emails.some((e) => e.idempotencyKey === k && !e.abandoned)), 30_000);
    // Give a wrongly repeated send the time to show up.
    await new Promise((r) => setTimeout(r, 1500));

    const failedAttempts = capture.requests.filter((r) => r.status !== 200).length;
    expect(failedAttempts).toBeGreaterThan(30);
    for (const key of keys) {
      const forKey = capture.requests.filter((r) => r.idempotencyKey === key);
      const accepted = forKey.filter((r) => r.status === 200 && !r.abandoned);
      // Accepted once, and never asked again after that.
      expect(accepted.length, key).toBe(1);
      expect(forKey.at(-1), key).toBe(accepted[0]);
    }
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { deadLetters: number };
    expect(health.deadLetters).toBe(0);
  });
});
