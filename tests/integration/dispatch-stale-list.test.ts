// Two dispatch runs at once (two servers, or a process's kick beside the cron's run) each
// read the due list, then lease a handful at a time. By a later handful the list is old: a
// job the other run has just rescheduled (a send that may have been delivered waits before
// it is tried again) or dead-lettered must not be taken and sent at once. On every engine.
import { afterAll, describe, expect, it } from 'vitest';
import { storeBackends, type OpenedStore } from '../support/stores';
import { sampleDirectory } from '../support/directory';
import { dispatchDue, type DispatchDeps } from '../../src/domain/dispatch';
import type { NotificationJob } from '../../src/domain/complaint';
import type { Mailer, SendResult } from '../../src/ports/mailer';

const opened: OpenedStore[] = [];
afterAll(async () => {
  for (const o of opened) await o.cleanup();
});

const NOW = new Date('2026-11-27T02:00:00.000Z');
/** A notice's email: composed when queued, so no complaint is needed. */
const mailJob = (id: string, createdAt: string): NotificationJob => ({
  id,
  event: 'notice.mail',
  createdAt,
  attempts: 0,
  payload: { to: 'office@example.org', subject: '通知', text: '通知', html: '<p>通知</p>' },
});

/** `slow` takes a while and goes through; `risky` fails as `failure` says. Every send is counted by its key. */
function mailer(slow: string, failure: SendResult): Mailer & { sends: string[] } {
  const sends: string[] = [];
  return {
    describe: 'test',
    sends,
    async send(mail) {
      sends.push(mail.idempotencyKey);
      if (mail.idempotencyKey !== slow) return failure;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { ok: true, id: 'accepted' };
    },
  };
}

describe.each(storeBackends())('a due list read before another run settled a job, over $name', (backend) => {
  async function race(failure: SendResult) {
    const o = await backend.open();
    opened.push(o);
    const slow = mailJob('notice.mail/slow', '2026-11-27T01:00:00.000Z');
    const risky = mailJob('notice.mail/risky', '2026-11-27T01:00:01.000Z');
    await o.store.enqueue(slow);
    await o.store.enqueue(risky);
    const sender = mailer(slow.id, failure);
    const deps = { store: o.store, mailer: sender, keys: {} as never, directory: sampleDirectory(), clock: { now: () => NOW }, siteUrl: 'https://x.example' };
    // One job a handful: while one run waits on `slow`, the other settles `risky`; then the first reaches `risky`.
    const reports = await Promise.all([dispatchDue(deps as DispatchDeps, { concurrency: 1 }), dispatchDue(deps as DispatchDeps, { concurrency: 1 })]);
    return { o, risky, sends: sender.sends, reports };
  }

  it('does not send again at once a job the other run rescheduled as maybe delivered', async () => {
    const { o, risky, sends, reports } = await race({ ok: false, retryable: true, maybeDelivered: true, reason: 'smtp no reply after data' });
    expect(sends.filter((id) => id === risky.id)).toEqual([risky.id]);
    expect(sends.filter((id) => id === 'notice.mail/slow')).toEqual(['notice.mail/slow']);
    expect(reports.map((r) => r.sent).sort()).toEqual([0, 1]);
    expect(reports.reduce((n, r) => n + r.retried, 0)).toBe(1);
    expect(await o.store.job(risky.id)).toMatchObject({ attempts: 1, uncertain: true, lastError: 'smtp no reply after data' });
  });

  it('does not send a job the other run dead-lettered', async () => {
    const { o, risky, sends } = await race({ ok: false, retryable: false, reason: 'resend 422 validation_error' });
    expect(sends.filter((id) => id === risky.id)).toEqual([risky.id]);
    expect(await o.store.deadJobIds()).toEqual([risky.id]);
  });
});
