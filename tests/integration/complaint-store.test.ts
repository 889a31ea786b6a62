import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBackends, type OpenedStore, type StoreBackend } from '../support/stores';
import { root } from '../support/content';
import type { ComplaintRecord, NotificationJob } from '../../src/domain/complaint';
import { complaintRecord } from '../support/complaintRecord';
import type { RateLimit } from '../../src/ports/complaintStore';

/** A stored complaint with the fields a test cares about. */
const complaint = (reference: string, over: Partial<ComplaintRecord> = {}): ComplaintRecord =>
  complaintRecord({ reference, occurredOn: '2026-11-20', anonymous: false, contactConsent: true, notifyParent: true, ...over });
/** A time by which every test job is due. */
const LATER = Date.parse('2027-01-01');
const job = (id: string, createdAt = '2026-11-27T02:00:00.000Z'): NotificationJob => ({
  id,
  event: 'complaint.filed',
  reference: id.split('/')[1],
  createdAt,
  attempts: 0,
});
const T0 = Date.parse('2026-11-27T02:00:00.000Z');
const roomy = (bucket = 'intake:client'): RateLimit => ({ bucket, max: 1000, windowSeconds: 3600 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(storeBackends())('the complaint store over $name', (backend: StoreBackend) => {
  let opened: OpenedStore;
  let store: OpenedStore['store'];
  /** Files a complaint with its first job, with room in the rate limit. */
  const file = (record: ComplaintRecord, idempotency?: { hash: string; answer: string; ttlSeconds: number }) =>
    store.file({ complaint: record, job: job(`complaint.filed/${record.reference}`), rate: roomy(), ...(idempotency ? { idempotency } : {}) });

  beforeAll(async () => {
    opened = await backend.open();
    store = opened.store;
  });
  afterAll(() => opened?.cleanup());

  it('answers a ping', async () => {
    expect(await store.ping()).toBe(true);
  });

  it('files a complaint with its indexes and job in one go, and reads it back unchanged', async () => {
    const record = complaint('JB-20261127-AAAA0001', { occurredOn: '2026-11-20', school: 'x123' });
    expect(await file(record)).toEqual({ kind: 'filed', othersWaiting: false });
    expect(await store.byReference(record.reference)).toEqual(record);
    expect(await store.lookup({ receiptHash: record.receiptHash, rate: roomy('lookup:client') })).toEqual({ kind: 'found', record });
    expect(await store.bureauComplaints('qiaocheng')).toContain(record.reference);
    expect(await store.job('complaint.filed/JB-20261127-AAAA0001')).toEqual(job('complaint.filed/JB-20261127-AAAA0001'));
    expect(await store.dueJobs(T0, 10)).toContain('complaint.filed/JB-20261127-AAAA0001');
    expect(await store.pastDeadline(Date.parse('2026-12-13T00:00:00+08:00'))).toContain(record.reference);
    expect(await store.pastDeadline(Date.parse('2026-12-12T12:00:00+08:00'))).not.toContain(record.reference);
  });

  it('refuses a reference that is taken, and writes nothing', async () => {
    const first = complaint('JB-20261127-AAAA0010');
    await file(first);
    const clash = complaint('JB-20261127-AAAA0010', { receiptHash: 'another-hash', bureau: 'guoyang' });
    expect(await file(clash)).toEqual({ kind: 'reference-taken' });
    expect(await store.byReference(first.reference)).toEqual(first);
    expect(await store.lookup({ receiptHash: 'another-hash', rate: roomy('lookup:client') })).toEqual({ kind: 'missing' });
    expect(await store.bureauComplaints('guoyang')).not.toContain(first.reference);
  });

  it('returns null for what does not exist', async () => {
    expect(await store.byReference('JB-20000101-NOPE0000')).toBeNull();
    expect(await store.lookup({ receiptHash: 'no-such-hash', rate: roomy('lookup:client') })).toEqual({ kind: 'missing' });
    expect(await store.job('no/such/job')).toBeNull();
    expect(await store.bureauComplaints('no-such-bureau')).toEqual([]);
  });

  it('keeps strings that look like numbers as strings', async () => {
    const record = complaint('JB-20261127-AAAA0002', { receiptHash: '12345', sealed: '007', school: '1e3' });
    await file(record);
    const back = await store.lookup({ receiptHash: '12345', rate: roomy('lookup:client') });
    expect(back.kind === 'found' && back.record.sealed).toBe('007');
    expect(back.kind === 'found' && back.record.school).toBe('1e3');
  });

  it('stores the answer for an idempotency key once and then replays it, writing nothing more', async () => {
    const idem = { hash: 'idem-1', answer: 'v1.answer', ttlSeconds: 60 };
    expect(await file(complaint('JB-20261127-AAAA0003'), idem)).toEqual({ kind: 'filed', othersWaiting: false });
    // The same key again, with another complaint: the first answer, nothing stored.
    expect(await file(complaint('JB-20261127-AAAA0033'), { ...idem, answer: 'v1.other' })).toEqual({ kind: 'replayed', answer: 'v1.answer' });
    expect(await store.byReference('JB-20261127-AAAA0033')).toBeNull();
    expect(await store.job('complaint.filed/JB-20261127-AAAA0033')).toBeNull();
    expect(await file(complaint('JB-20261127-AAAA0034'), { hash: 'idem-2', answer: 'v1.second', ttlSeconds: 60 })).toEqual({
      kind: 'filed',
      othersWaiting: false,
    });
  });

  it('forgets an idempotency key after its time', async () => {
    await file(complaint('JB-20261127-AAAA0035'), { hash: 'idem-short', answer: 'v1.a', ttlSeconds: 1 });
    await sleep(1100);
    expect(await file(complaint('JB-20261127-AAAA0036'), { hash: 'idem-short', answer: 'v1.b', ttlSeconds: 1 })).toEqual({
      kind: 'filed',
      othersWaiting: false,
    });
  });

  it('files once for the same idempotency key sent by 50 requests at once', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        file(complaint(`JB-20261127-IDEM${String(i).padStart(4, '0')}`, { bureau: 'lixin', receiptHash: `idem-race-${i}` }), {
          hash: 'idem-race',
          answer: `v1.answer-${i}`,
          ttlSeconds: 60,
        }),
      ),
    );
    const filed = outcomes.filter((o) => o.kind === 'filed');
    expect(filed).toHaveLength(1);
    const winner = outcomes.findIndex((o) => o.kind === 'filed');
    expect(outcomes.filter((o) => o.kind === 'replayed' && o.answer === `v1.answer-${winner}`)).toHaveLength(49);
    expect(await store.bureauComplaints('lixin')).toEqual([`JB-20261127-IDEM${String(winner).padStart(4, '0')}`]);
  });

  it("counts the site's filings in the filing step and says when they go over its limit, refusing none", async () => {
    const site = { bucket: 'site-filings-contract', max: 1, windowSeconds: 60 };
    const at = (n: number) => complaint(`JB-20261127-SITE000${n}`, { receiptHash: `site-${n}`, bureau: 'woyang' });
    expect(await store.file({ complaint: at(1), job: job('complaint.filed/JB-20261127-SITE0001'), rate: roomy('intake:site-a'), site })).toEqual({
      kind: 'filed',
      othersWaiting: false,
    });
    const second = await store.file({ complaint: at(2), job: job('complaint.filed/JB-20261127-SITE0002'), rate: roomy('intake:site-b'), site });
    expect(second.kind === 'filed' && second.siteOver?.kind).toBe('limited');
    expect(second.kind === 'filed' && second.siteOver!.retryAfterMs).toBeGreaterThan(58_000);
    expect(second.kind === 'filed' && second.siteOver!.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await store.bureauComplaints('woyang')).toEqual(['JB-20261127-SITE0002', 'JB-20261127-SITE0001']);
  });

  it('says, with a filing, whether other complaints wait in its group (school and aspect)', async () => {
    const waiting = complaint('JB-20261127-WAIT0001', {
      receiptHash: 'wait-1',
      school: 'group-school',
      aspect: 'holiday-classes',
      waiting: { need: 3, until: '2026-12-27T02:00:00.000Z', untilDay: '2026-12-27', then: 'alone' },
    });
    expect(await store.fileWaiting({ complaint: waiting, job: job('complaint.filed/JB-20261127-WAIT0001'), rate: roomy() })).toEqual({
      kind: 'filed',
      othersWaiting: true,
    });
    const sameGroup = complaint('JB-20261127-WAIT0002', { receiptHash: 'wait-2', school: 'group-school', aspect: 'holiday-classes' });
    expect(await file(sameGroup)).toEqual({ kind: 'filed', othersWaiting: true });
    const otherAspect = complaint('JB-20261127-WAIT0003', { receiptHash: 'wait-3', school: 'group-school', aspect: 'paid-tutoring' });
    expect(await file(otherAspect)).toEqual({ kind: 'filed', othersWaiting: false });
  });

  it('counts filings against the rate limit and refuses the one over it, writing nothing', async () => {
    const rate = { bucket: 'intake:limited-client', max: 2, windowSeconds: 60 };
    const at = (n: number) => complaint(`JB-20261127-RATE000${n}`, { receiptHash: `rate-${n}`, bureau: 'mengcheng' });
    expect(await store.file({ complaint: at(1), job: job('complaint.filed/JB-20261127-RATE0001'), rate })).toEqual({ kind: 'filed', othersWaiting: false });
    expect(await store.file({ complaint: at(2), job: job('complaint.filed/JB-20261127-RATE0002'), rate })).toEqual({ kind: 'filed', othersWaiting: false });
    const third = await store.file({ complaint: at(3), job: job('complaint.filed/JB-20261127-RATE0003'), rate });
    expect(third.kind).toBe('limited');
    expect(third.kind === 'limited' && third.retryAfterMs).toBeGreaterThan(58_000);
    expect(third.kind === 'limited' && third.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await store.bureauComplaints('mengcheng')).toHaveLength(2);
    expect(await store.job('complaint.filed/JB-20261127-RATE0003')).toBeNull();
  });

  it('counts lookups against their own limit', async () => {
    const rate = { bucket: 'lookup:guesser', max: 2, windowSeconds: 60 };
    expect(await store.lookup({ receiptHash: 'guess-1', rate })).toEqual({ kind: 'missing' });
    expect(await store.lookup({ receiptHash: 'guess-2', rate })).toEqual({ kind: 'missing' });
    const third = await store.lookup({ receiptHash: 'guess-3', rate });
    expect(third.kind).toBe('limited');
  });

  it('counts hits in a window that expires', async () => {
    const a = { bucket: 'answer:client-a', max: 2, windowSeconds: 1 };
    expect(await store.hit(a)).toEqual({ kind: 'allowed' });
    expect(await store.hit(a)).toEqual({ kind: 'allowed' });
    const third = await store.hit(a);
    expect(third.kind).toBe('limited');
    expect(third.kind === 'limited' && third.retryAfterMs).toBeGreaterThan(0);
    expect(third.kind === 'limited' && third.retryAfterMs).toBeLessThanOrEqual(1000);
    expect(await store.hit({ ...a, bucket: 'answer:client-b' })).toEqual({ kind: 'allowed' });
    await sleep(1100);
    expect(await store.hit(a)).toEqual({ kind: 'allowed' });
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

  it('releases a lock even when the work inside it fails', async () => {
    await expect(store.withLock('complaint:fails', 5000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await store.withLock('complaint:fails', 5000, async () => 'free')).toBe('free');
  });

  it('lets an old owner whose lock expired release nothing', async () => {
    let second: Promise<unknown> | undefined;
    let third: unknown;
    let firstHolds!: () => void;
    const held = new Promise<void>((r) => (firstHolds = r));
    const first = store.withLock('complaint:slow', 300, async () => {
      firstHolds();
      await sleep(500); // the lock expires meanwhile and is taken by another
      return 'first';
    });
    await held; // counted from when the lock was taken, however slow the store answered
    await sleep(350);
    let releaseSecond!: () => void;
    const secondHolds = new Promise<void>((r) => (releaseSecond = r));
    second = store.withLock('complaint:slow', 10_000, async () => {
      await secondHolds;
      return 'second';
    });
    expect(await first).toBe('first'); // its release must not free the second holder's lock
    third = await store.withLock('complaint:slow', 10_000, async () => 'third');
    releaseSecond();
    expect([await second, third]).toEqual(['second', 'busy']);
  });

  it('saves a change with its index moves and jobs, and expires a closed complaint', async () => {
    const before = complaint('JB-20261127-AAAA0004');
    await file(before);
    const transferred = { ...before, bureau: 'guoyang', acceptBy: '2026-12-20' };
    const moved = job('complaint.transferred/JB-20261127-AAAA0004/2');
    await store.saveChange({ before, after: transferred, jobs: [moved], retentionSeconds: 60 });
    expect((await store.byReference(before.reference))?.bureau).toBe('guoyang');
    expect(await store.bureauComplaints('guoyang')).toContain(before.reference);
    expect(await store.bureauComplaints('qiaocheng')).not.toContain(before.reference);
    expect(await store.job(moved.id)).toEqual(moved);

    const closed = { ...transferred, status: 'rejected' as const, closedAt: '2026-11-28T00:00:00.000Z' };
    await store.saveChange({ before: transferred, after: closed, jobs: [], retentionSeconds: 1 });
    expect(await store.pastDeadline(Number.MAX_SAFE_INTEGER)).not.toContain(before.reference);
    await sleep(1200);
    expect(await store.byReference(before.reference)).toBeNull();
    expect(await store.lookup({ receiptHash: before.receiptHash, rate: roomy('lookup:client') })).toEqual({ kind: 'missing' });
    expect(await store.bureauComplaints('guoyang')).not.toContain(before.reference);
  });

  it('clears the expiry when a closed complaint is reopened', async () => {
    const open = complaint('JB-20261127-AAAA0005', { status: 'accepted', resolveBy: '2027-01-26' });
    await file(open);
    const resolved = { ...open, status: 'resolved' as const, closedAt: '2026-12-01T00:00:00.000Z' };
    await store.saveChange({ before: open, after: resolved, jobs: [], retentionSeconds: 1 });
    const { closedAt: _closed, ...disputed } = { ...resolved, status: 'disputed' as const, resolveBy: '2026-12-31' };
    await store.saveChange({ before: resolved, after: disputed, jobs: [], retentionSeconds: 1 });
    await sleep(1200);
    expect((await store.byReference(open.reference))?.status).toBe('disputed');
    expect((await store.lookup({ receiptHash: open.receiptHash, rate: roomy('lookup:client') })).kind).toBe('found');
  });

  it('queues, leases, completes, reschedules and dead-letters jobs', async () => {
    const a = job('test.job/a', '2026-11-27T01:00:00.000Z');
    const b = job('test.job/b', '2026-11-27T01:00:01.000Z');
    expect(await store.enqueue(a)).toBe(true);
    expect(await store.enqueue(a)).toBe(false);
    expect(await store.enqueue(b)).toBe(true);
    expect((await store.dueJobs(Date.parse(a.createdAt), 10)).filter((id) => id.startsWith('test.job'))).toEqual(['test.job/a']);

    expect(await store.leaseJobs([a.id], LATER, 5000)).toEqual([a]);
    expect(await store.leaseJobs([a.id], LATER, 5000)).toEqual([]);
    await store.completeJobs([a.id]);
    expect(await store.job(a.id)).toBeNull();
    expect(await store.dueJobs(Date.parse('2027-01-01'), 100)).not.toContain(a.id);
    // A dispatcher that read the due list before completion cannot take it again,
    expect(await store.leaseJobs([a.id], LATER, 5000)).toEqual([]);
    // and the same id is not queued again (the daily digest).
    expect(await store.enqueue(a)).toBe(false);

    expect(await store.leaseJobs([b.id], LATER, 5000)).toEqual([b]);
    await store.rescheduleJob({ ...b, attempts: 1, lastError: 'resend 500' }, Date.parse('2026-11-27T03:00:00.000Z'));
    expect(await store.dueJobs(Date.parse('2026-11-27T02:59:59.000Z'), 100)).not.toContain(b.id);
    expect(await store.dueJobs(Date.parse('2026-11-27T03:00:00.000Z'), 100)).toContain(b.id);
    // A dispatcher that read the due list before the reschedule cannot take it before its time,
    expect(await store.leaseJobs([b.id], Date.parse('2026-11-27T02:59:59.000Z'), 5000)).toEqual([]);
    expect(await store.leaseJobs([b.id], Date.parse('2026-11-27T03:00:00.000Z'), 5000)).toEqual([{ ...b, attempts: 1, lastError: 'resend 500' }]);
    await store.deadLetterJob({ ...b, attempts: 8 });
    expect(await store.deadJobIds()).toEqual([b.id]);
    expect((await store.job(b.id))?.attempts).toBe(8);
    expect(await store.dueJobs(Date.parse('2027-01-01'), 100)).not.toContain(b.id);
    // nor take it once it is dead.
    expect(await store.leaseJobs([b.id], LATER, 5000)).toEqual([]);
  });

  it('leases and completes several jobs in one step, leaving out those held by another or gone', async () => {
    const [d, e, f] = ['test.job/d', 'test.job/e', 'test.job/f'].map((id) => job(id, '2026-11-27T01:00:02.000Z')) as [
      NotificationJob,
      NotificationJob,
      NotificationJob,
    ];
    for (const j of [d, e, f]) await store.enqueue(j);
    expect(await store.leaseJobs([e.id], LATER, 5000)).toEqual([e]);
    expect(await store.leaseJobs([d.id, e.id, 'test.job/never-queued', f.id], LATER, 5000)).toEqual([d, f]);
    expect(await store.leaseJobs([], LATER, 5000)).toEqual([]);
    await store.completeJobs([d.id, f.id]);
    await store.completeJobs([]);
    expect(await store.job(d.id)).toBeNull();
    expect(await store.job(f.id)).toBeNull();
    expect(await store.job(e.id)).toEqual(e);
    expect(await store.dueJobs(Date.parse('2027-01-01'), 100)).not.toContain(d.id);
    expect(await store.leaseJobs([d.id, f.id], LATER, 5000)).toEqual([]);
    expect(await store.enqueue(f)).toBe(false);
  });

  it('lets a lease lapse so that another dispatcher can take the job', async () => {
    const c = job('test.job/c');
    await store.enqueue(c);
    expect(await store.leaseJobs([c.id], LATER, 200)).toEqual([c]);
    expect(await store.leaseJobs([c.id], LATER, 200)).toEqual([]);
    await sleep(300);
    expect(await store.leaseJobs([c.id], LATER, 200)).toEqual([c]);
  });

  it('walks every live complaint page by page, each as stored', async () => {
    const filed = Array.from({ length: 7 }, (_, i) =>
      complaint(`JB-20261127-PAGE000${i}`, { receiptHash: `page-hash-${i}`, bureau: i % 2 ? 'guoyang' : 'qiaocheng' }),
    );
    for (const record of filed) expect(await file(record)).toEqual({ kind: 'filed', othersWaiting: false });
    const seen = new Map<string, ComplaintRecord>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { records: ComplaintRecord[]; next: string | null } = await store.complaintsPage(cursor, 3);
      // SQLite pages by key and keeps to the limit; Redis's SCAN takes it as a hint.
      if (backend.name === 'sqlite') expect(page.records.length).toBeLessThanOrEqual(3);
      for (const record of page.records) seen.set(record.reference, record);
      cursor = page.next;
      pages++;
    } while (cursor !== null && pages < 1000);
    expect(cursor).toBeNull();
    for (const record of filed) expect(seen.get(record.reference)).toEqual(record);
    // Nothing that is not a complaint, and every one as byReference reads it.
    for (const [reference, record] of seen) expect(await store.byReference(reference)).toEqual(record);
    if (backend.name === 'sqlite') expect(pages).toBeGreaterThan(2);
  });

  it('gives one lock to one holder at a time across two processes', async () => {
    // Each process takes the lock 25 times and, while holding it, adds one to
    // a number in a file with a read, a pause and a write: two holders at once
    // would lose an addition.
    const dir = mkdtempSync(join(tmpdir(), 'schoolwatch-lock-race-'));
    const counter = join(dir, 'counter');
    // Both race from the same moment, however long each took to start (tsx
    // on a busy machine): each says "ready" once its store is open and waits
    // for "go" on its input.
    const children: ChildProcessWithoutNullStreams[] = [];
    const ready = new Set<ChildProcessWithoutNullStreams>();
    const racer = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/lockRacer.ts', opened.address, counter, '25'], {
          cwd: root,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        children.push(child);
        let output = '';
        child.stdout.on('data', (d) => {
          output += d;
          if (!output.includes('ready') || ready.has(child)) return;
          ready.add(child);
          if (ready.size === 2) for (const c of children) c.stdin.end('go\n');
        });
        child.stderr.on('data', (d) => (output += d));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`lock racer exited ${code}:\n${output}`))));
      });
    const outputs = await Promise.all([racer(), racer()]);
    const busy = outputs.map((o) => Number(/busy=(\d+)/.exec(o)?.[1]));
    expect(readFileSync(counter, 'utf8')).toBe('50');
    // They did meet: at least one attempt found the lock held by the other.
    expect(busy[0]! + busy[1]!).toBeGreaterThan(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a bureau’s complaints themselves in one step, newest filed first, without expired or moved ones', async () => {
    const older = complaint('JB-20261126-RECS0001', { bureau: 'records-a', filedAt: '2026-11-26T02:00:00.000Z' });
    const newer = complaint('JB-20261127-RECS0002', { bureau: 'records-a', filedAt: '2026-11-27T03:00:00.000Z' });
    const leaving = complaint('JB-20261127-RECS0003', { bureau: 'records-a', filedAt: '2026-11-27T04:00:00.000Z' });
    const closing = complaint('JB-20261127-RECS0004', { bureau: 'records-a', filedAt: '2026-11-27T05:00:00.000Z' });
    for (const r of [older, newer, leaving, closing]) await file(r);
    await store.saveChange({ before: leaving, after: { ...leaving, bureau: 'records-b' }, jobs: [], retentionSeconds: 60 });
    await store.saveChange({ before: closing, after: { ...closing, status: 'rejected', closedAt: '2026-11-28T00:00:00.000Z' }, jobs: [], retentionSeconds: 1 });
    await sleep(1200);
    expect(await store.bureauRecords('records-a')).toEqual([newer, older]);
    expect(await store.bureauRecords('records-b')).toEqual([{ ...leaving, bureau: 'records-b' }]);
    expect(await store.bureauRecords('no-such-bureau')).toEqual([]);
  });
});
