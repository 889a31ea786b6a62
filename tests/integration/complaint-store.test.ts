import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type Backend } from '../support/redis';
import { redisComplaintStore } from '../../src/adapters/store/redisComplaintStore';
import type { ComplaintRecord, NotificationJob } from '../../src/domain/complaint';

/** A stored complaint with the fields a test cares about. */
function complaint(reference: string, over: Partial<ComplaintRecord> = {}): ComplaintRecord {
  return {
    reference,
    receiptHash: `hash-${reference}`,
    school: 'qc-xinghe-primary',
    aspect: 'homework',
    occurredOn: '2026-11-20',
    anonymous: false,
    contactConsent: true,
    notifyParent: true,
    sealed: 'v1.sealed.value',
    bureau: 'qiaocheng',
    status: 'submitted',
    filedAt: '2026-11-27T02:00:00.000Z',
    acceptBy: '2026-12-12',
    extended: false,
    history: [{ at: '2026-11-27T02:00:00.000Z', type: 'filed', bureau: 'qiaocheng' }],
    ...over,
  };
}
const job = (id: string, createdAt = '2026-11-27T02:00:00.000Z'): NotificationJob => ({ id, event: 'complaint.filed', reference: id.split('/')[1], createdAt, attempts: 0 });
const T0 = Date.parse('2026-11-27T02:00:00.000Z');

describe.each(backends())('the complaint store over $name', (backend: Backend) => {
  let connection: Awaited<ReturnType<Backend['open']>>;
  let store: ReturnType<typeof redisComplaintStore>;

  beforeAll(async () => {
    connection = await backend.open();
    store = redisComplaintStore(connection.redis, 'contract');
  });
  afterAll(() => connection?.cleanup());

  it('answers a ping', async () => {
    expect(await store.ping()).toBe(true);
  });

  it('files a complaint with its indexes and job in one go, and reads it back unchanged', async () => {
    const record = complaint('JB-20261127-AAAA0001', { occurredOn: '2026-11-20', school: 'x123' });
    await store.fileNew({ complaint: record, job: job('complaint.filed/JB-20261127-AAAA0001') });
    expect(await store.byReference(record.reference)).toEqual(record);
    expect(await store.byReceiptHash(record.receiptHash)).toEqual(record);
    expect(await store.referenceExists(record.reference)).toBe(true);
    expect(await store.job('complaint.filed/JB-20261127-AAAA0001')).toEqual(job('complaint.filed/JB-20261127-AAAA0001'));
    expect(await store.dueJobs(T0, 10)).toContain('complaint.filed/JB-20261127-AAAA0001');
    expect(await store.pastDeadline(Date.parse('2026-12-13T00:00:00+08:00'))).toContain(record.reference);
    expect(await store.pastDeadline(Date.parse('2026-12-12T12:00:00+08:00'))).not.toContain(record.reference);
  });

  it('returns null for what does not exist', async () => {
    expect(await store.byReference('JB-20000101-NOPE0000')).toBeNull();
    expect(await store.byReceiptHash('no-such-hash')).toBeNull();
    expect(await store.job('no/such/job')).toBeNull();
  });

  it('keeps strings that look like numbers as strings', async () => {
    const record = complaint('JB-20261127-AAAA0002', { receiptHash: '12345', sealed: '007', school: '1e3' });
    await store.fileNew({ complaint: record, job: job('complaint.filed/JB-20261127-AAAA0002') });
    const back = await store.byReceiptHash('12345');
    expect(back?.sealed).toBe('007');
    expect(back?.school).toBe('1e3');
  });

  it('reserves an idempotency key once and then replays the stored answer', async () => {
    expect(await store.claimIdempotency('idem-1', 60)).toEqual({ claimed: true });
    expect(await store.claimIdempotency('idem-1', 60)).toEqual({ claimed: false, value: 'pending' });
    await store.fileNew({ complaint: complaint('JB-20261127-AAAA0003'), job: job('complaint.filed/JB-20261127-AAAA0003'), idempotency: { hash: 'idem-1', sealedAnswer: 'v1.answer', ttlSeconds: 60 } });
    expect(await store.claimIdempotency('idem-1', 60)).toEqual({ claimed: false, value: 'v1.answer' });
    // Releasing never drops a stored answer, only a reservation.
    await store.releaseIdempotency('idem-1');
    expect(await store.claimIdempotency('idem-1', 60)).toEqual({ claimed: false, value: 'v1.answer' });
    expect(await store.claimIdempotency('idem-2', 60)).toEqual({ claimed: true });
    await store.releaseIdempotency('idem-2');
    expect(await store.claimIdempotency('idem-2', 60)).toEqual({ claimed: true });
  });

  it('counts hits in a window that expires', async () => {
    expect((await store.hit('client-a', 1)).count).toBe(1);
    const second = await store.hit('client-a', 1);
    expect(second.count).toBe(2);
    expect(second.resetMs).toBeGreaterThan(0);
    expect(second.resetMs).toBeLessThanOrEqual(1000);
    expect((await store.hit('client-b', 1)).count).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await store.hit('client-a', 1)).count).toBe(1);
  });

  it('holds a lock against a second holder and releases it', async () => {
    let inner: unknown;
    const outer = await store.withLock('complaint:x', 5000, async () => {
      inner = await store.withLock('complaint:x', 5000, async () => 'second');
      return 'first';
    });
    expect([outer, inner]).toEqual(['first', 'busy']);
    expect(await store.withLock('complaint:x', 5000, async () => 'again')).toBe('again');
  });

  it('saves a change with its index moves and jobs, and expires a closed complaint', async () => {
    const before = complaint('JB-20261127-AAAA0004');
    await store.fileNew({ complaint: before, job: job('complaint.filed/JB-20261127-AAAA0004') });
    const transferred = { ...before, bureau: 'guoyang', acceptBy: '2026-12-20' };
    const moved = job('complaint.transferred/JB-20261127-AAAA0004/2');
    await store.saveChange({ before, after: transferred, jobs: [moved], retentionSeconds: 60 });
    expect((await store.byReference(before.reference))?.bureau).toBe('guoyang');
    expect(await connection.redis.sismember('contract:bureau:guoyang:complaints', before.reference)).toBe(1);
    expect(await connection.redis.sismember('contract:bureau:qiaocheng:complaints', before.reference)).toBe(0);
    expect(await store.job(moved.id)).toEqual(moved);

    const closed = { ...transferred, status: 'rejected' as const, closedAt: '2026-11-28T00:00:00.000Z' };
    await store.saveChange({ before: transferred, after: closed, jobs: [], retentionSeconds: 1 });
    expect(await store.pastDeadline(Number.MAX_SAFE_INTEGER)).not.toContain(before.reference);
    await new Promise((r) => setTimeout(r, 1200));
    expect(await store.byReference(before.reference)).toBeNull();
    expect(await store.byReceiptHash(before.receiptHash)).toBeNull();
  });

  it('clears the expiry when a closed complaint is reopened', async () => {
    const open = complaint('JB-20261127-AAAA0005', { status: 'accepted', resolveBy: '2027-01-26' });
    await store.fileNew({ complaint: open, job: job('complaint.filed/JB-20261127-AAAA0005') });
    const resolved = { ...open, status: 'resolved' as const, closedAt: '2026-12-01T00:00:00.000Z' };
    await store.saveChange({ before: open, after: resolved, jobs: [], retentionSeconds: 1 });
    const { closedAt: _closed, ...disputed } = { ...resolved, status: 'disputed' as const, resolveBy: '2026-12-31' };
    await store.saveChange({ before: resolved, after: disputed, jobs: [], retentionSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1200));
    expect((await store.byReference(open.reference))?.status).toBe('disputed');
    expect(await store.byReceiptHash(open.receiptHash)).not.toBeNull();
  });

  it('queues, leases, completes, reschedules and dead-letters jobs', async () => {
    const a = job('test.job/a', '2026-11-27T01:00:00.000Z');
    const b = job('test.job/b', '2026-11-27T01:00:01.000Z');
    expect(await store.enqueue(a)).toBe(true);
    expect(await store.enqueue(a)).toBe(false);
    expect(await store.enqueue(b)).toBe(true);
    expect((await store.dueJobs(Date.parse(a.createdAt), 10)).filter((id) => id.startsWith('test.job'))).toEqual(['test.job/a']);

    expect(await store.leaseJob(a.id, 5000)).toBe(true);
    expect(await store.leaseJob(a.id, 5000)).toBe(false);
    await store.completeJob(a.id);
    expect(await store.job(a.id)).toBeNull();
    expect(await store.dueJobs(Date.parse('2027-01-01'), 100)).not.toContain(a.id);
    // A dispatcher that read the due list before completion cannot take it again.
    expect(await store.leaseJob(a.id, 5000)).toBe(false);

    expect(await store.leaseJob(b.id, 5000)).toBe(true);
    await store.rescheduleJob({ ...b, attempts: 1, lastError: 'resend 500' }, Date.parse('2026-11-27T03:00:00.000Z'));
    expect(await store.dueJobs(Date.parse('2026-11-27T02:59:59.000Z'), 100)).not.toContain(b.id);
    expect(await store.dueJobs(Date.parse('2026-11-27T03:00:00.000Z'), 100)).toContain(b.id);
    expect(await store.leaseJob(b.id, 5000)).toBe(true);
    await store.deadLetterJob({ ...b, attempts: 8 });
    expect(await store.deadJobIds()).toEqual([b.id]);
    expect((await store.job(b.id))?.attempts).toBe(8);
    expect(await store.dueJobs(Date.parse('2027-01-01'), 100)).not.toContain(b.id);
  });
});
