// Dates are in 2027: the SQLite engine dates queued jobs by the system clock, so the injected one must be later.
// 回访 against the real stores (SQLite; Redis over TCP) and the real Resend
// mailer pointed at a local capture server: the parent rates the answer, the
// question is emailed once when the injected clock reaches 30 days after
// closure, and "还存在" files a linked follow-up complaint with fresh clocks
// at the same bureau, found by its own receipt code.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { resendMailer } from '../../src/adapters/mail/resendMailer';
import { fileComplaint } from '../../src/domain/fileComplaint';
import { lookupComplaint } from '../../src/domain/lookupComplaint';
import { parseComplaintInput } from '../../src/domain/complaintInput';
import type { ComplaintAction } from '../../src/domain/status';
import { cryptoRandom } from '../../src/ports/random';
import type { Clock } from '../../src/ports/clock';
import type { Keys } from '../../src/ports/keys';
import { createDispatcher } from '../../src/server/dispatcher';
import { actionService } from '../../src/server/services/actions';
import { followUpService } from '../../src/server/services/followUps';
import { sampleDirectory } from '../support/directory';
import { storeBackends, type OpenedStore } from '../support/stores';
import { startResendCapture, type ResendCapture } from '../support/resendCapture';

const directory = sampleDirectory();
const PARENT = 'parent-follow-up@example.org';
const BUREAU = 'jubao@qiaocheng.bozhou.example';
const client = { address: '203.0.113.9' };
let capture: ResendCapture;
let keys: Keys;

beforeAll(async () => {
  capture = await startResendCapture();
  keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
});
afterAll(() => capture?.close());

describe.each(storeBackends().filter((b) => b.name !== 'upstash-rest'))('回访 on $name', (backend) => {
  let opened: OpenedStore;
  let now = new Date('2027-03-01T02:00:00Z');
  const clock: Clock = { now: () => now };
  const at = (iso: string) => (now = new Date(iso));
  let services: ReturnType<typeof build>;
  let reference = '';
  let receiptCode = '';

  function build() {
    const store = opened.store;
    const dispatcher = createDispatcher(
      {
        store,
        mailer: resendMailer({ apiKey: 're_test_follow_up', from: 'noreply@schoolwatch.example', baseUrl: capture.url }),
        keys,
        directory,
        clock,
        siteUrl: 'https://schoolwatch.example',
      },
      { retryBaseMs: 1000, intervalMs: 60_000, log: () => undefined },
    );
    const act = actionService({ store, keys, directory, clock, dispatcher });
    const followUps = followUpService({ store, keys, clock, random: cryptoRandom, directory, dispatcher, limits: { intakePerHour: 100 } });
    return { store, dispatcher, act, followUps };
  }
  const sentTo = (prefix: string) => capture.delivered().filter((e) => e.idempotencyKey?.startsWith(prefix));

  beforeAll(async () => {
    opened = await backend.open();
    services = build();
    capture.reset();
    const parsed = parseComplaintInput(
      {
        school: 'qc-xinghe-primary',
        aspect: 'holiday-classes',
        description: '国庆假期学校组织全年级补课，每人收费。',
        anonymous: false,
        name: '王女士',
        email: PARENT,
        contactConsent: true,
      },
      directory,
      '2027-03-01',
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const filed = await fileComplaint(
      parsed.value,
      { directory, store: opened.store, keys, clock, random: cryptoRandom },
      { ...client, limit: { max: 100, windowSeconds: 3600 } },
    );
    if (filed.kind !== 'filed') throw new Error(filed.kind);
    ({ reference, receiptCode } = filed.answer);
  });
  afterAll(() => opened?.cleanup());

  it('the bureau answers and the parent rates it 满意: confirmed, closed on 6 March', async () => {
    const bureau = { kind: 'bureau' as const, bureau: 'qiaocheng' };
    at('2027-03-02T02:00:00Z');
    expect((await services.act(reference, { type: 'accept' }, bureau, client)).kind).toBe('ok');
    at('2027-03-05T02:00:00Z');
    // The finding is carried for the branch that requires one; this one ignores it.
    const resolve = { type: 'resolve', answer: '经查属实，已责令学校停止补课。', finding: 'substantiated' } as ComplaintAction;
    expect((await services.act(reference, resolve, bureau, client)).kind).toBe('ok');
    at('2027-03-06T02:00:00Z');
    const rated = await services.act(reference, { type: 'rate', rating: 'satisfied' }, { kind: 'parent' }, client);
    expect(rated.kind === 'ok' && [rated.record.status, rated.record.rating, rated.record.closedAt]).toEqual([
      'confirmed',
      'satisfied',
      '2027-03-06T02:00:00.000Z',
    ]);
  });

  it('asks by email exactly once, on the 30th day after closure and not before', async () => {
    at('2027-04-04T15:59:00Z'); // 23:59 on 4 April in China: 29 days
    expect(await services.followUps.queueDue()).toEqual({ asked: 0 });
    at('2027-04-04T16:00:00Z'); // 5 April in China
    expect(await services.followUps.queueDue()).toEqual({ asked: 1 });
    expect(await services.followUps.queueDue()).toEqual({ asked: 0 });
    await services.dispatcher.run();
    at('2027-04-09T02:00:00Z');
    expect(await services.followUps.queueDue()).toEqual({ asked: 0 });
    // The dispatcher kicked by the actions may still be running: wait for the email, then run once more.
    await capture.waitForDelivered((emails) => emails.some((e) => e.idempotencyKey?.startsWith('followup.ask/')));
    await services.dispatcher.run();
    const asked = sentTo('followup.ask/');
    expect(asked.map((e) => [e.idempotencyKey, e.email.to, e.email.subject])).toEqual([
      [`followup.ask/${reference}`, [PARENT], `回访：您举报的问题还存在吗？（${reference}）`],
    ]);
    // Like every email to the parent: the reference and where to answer, never the complaint.
    expect(asked[0]!.email.text).not.toContain('补课');
    expect(asked[0]!.email.text).toContain('https://schoolwatch.example/report/status/');
  });

  it('"还存在" opens a follow-up complaint at the same bureau, with fresh clocks and links both ways', async () => {
    at('2027-04-10T02:00:00Z');
    const answered = await services.followUps.answer(reference, 'persists', client);
    if (answered.kind !== 'ok' || !answered.recurrence) throw new Error(JSON.stringify(answered));
    const { recurrence } = answered;
    expect(recurrence.reference).toMatch(/^JB-20270410-/);
    expect(recurrence.acceptBy).toBe('2027-04-25');
    expect(recurrence.receiptCode).not.toBe(receiptCode);

    const original = await opened.store.byReference(reference);
    expect(original).toMatchObject({ status: 'confirmed', followUpAnswer: 'persists', recurrence: recurrence.reference, closedAt: '2027-03-06T02:00:00.000Z' });
    expect(original!.history.map((e) => e.type)).toEqual(['filed', 'accepted', 'resolved', 'confirmed', 'followedUp']);
    const next = await opened.store.byReference(recurrence.reference);
    expect(next).toMatchObject({
      status: 'submitted',
      bureau: 'qiaocheng',
      school: 'qc-xinghe-primary',
      aspect: 'holiday-classes',
      filedAt: '2027-04-10T02:00:00.000Z',
      acceptBy: '2027-04-25',
      recurrenceOf: reference,
      notifyParent: true,
    });
    // The parent's words and contact travel sealed, and open for the bureau as written.
    expect(JSON.parse(await keys.open(next!.sealed))).toEqual({
      description: '国庆假期学校组织全年级补课，每人收费。',
      contact: { name: '王女士', email: PARENT },
    });

    // Each code opens its own complaint.
    const limit = { max: 100, windowSeconds: 3600 };
    const byNew = await lookupComplaint(recurrence.receiptCode, { store: opened.store, keys }, { ...client, limit });
    const byOld = await lookupComplaint(receiptCode, { store: opened.store, keys }, { ...client, limit });
    expect([byNew.kind === 'found' && byNew.record.reference, byOld.kind === 'found' && byOld.record.reference]).toEqual([recurrence.reference, reference]);
    // In the bureau's caseload, with its accept clock pending, and the bureau emailed.
    expect(await opened.store.bureauComplaints('qiaocheng')).toContain(recurrence.reference);
    expect(await opened.store.pastDeadline(Date.parse('2027-04-26T00:00:00Z'))).toContain(recurrence.reference);
    await capture.waitForDelivered((emails) => emails.some((e) => e.idempotencyKey === `complaint.filed/${recurrence.reference}`));
    expect(sentTo(`complaint.filed/${recurrence.reference}`).map((e) => e.email.to)).toEqual([[BUREAU]]);

    // Answered once: a second click opens nothing.
    const again = await services.followUps.answer(reference, 'persists', client);
    expect(again).toEqual({ kind: 'invalid', error: '您已经回答过“问题还存在吗？”' });
    expect((await opened.store.bureauComplaints('qiaocheng')).filter((r) => r.startsWith('JB-20270410-'))).toEqual([recurrence.reference]);
  });
});
