// Save first, send later, against the real pieces: a real Redis over TCP
// (connectRedis), the real resendMailer (the `resend` SDK) pointed at a local
// capture server, and the domain functions with an injected clock. The
// capture server never deduplicates by Idempotency-Key, so every count below
// is what our side sent.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectRedis, type RedisConnection } from '../../src/adapters/redis/connect';
import { redisComplaintStore } from '../../src/adapters/redis/redisComplaintStore';
import { resendMailer } from '../../src/adapters/mail/resendMailer';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { createDispatcher } from '../../src/server/dispatcher';
import { dispatchDue, type DispatchDeps, type DispatchOptions, type DispatchReport } from '../../src/domain/dispatch';
import { fileComplaint } from '../../src/domain/fileComplaint';
import { parseComplaintInput } from '../../src/domain/complaintInput';
import { chinaDate } from '../../src/domain/deadlines';
import { collectOverdue, queueOverdueDigest } from '../../src/domain/overdue';
import { applyAction } from '../../src/domain/status';
import { verifyAnswerToken } from '../../src/domain/answerLink';
import { cryptoRandom } from '../../src/ports/random';
import type { Keys } from '../../src/ports/keys';
import { root } from '../support/content';
import { sampleDirectory } from '../support/directory';
import { redisUrl } from '../support/redis';
import { openRedis, scanKeys } from '../support/intakeRedis';
import { startResendCapture, type CapturedEmail, type CapturedRequest, type ResendCapture } from '../support/resendCapture';

// The routing oracle is read straight from the YAML, not through the code under test.
const yamlOf = <T>(name: string) => yaml.load(readFileSync(join(root, 'content', name), 'utf8')) as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const schools = yamlOf<Array<{ id: string; name: string; bureau: string }>>('schools.yaml');
const bureaus = yamlOf<Array<{ id: string; name: string; email: string }>>('bureaus.yaml');
const site = yamlOf<{ supervisor: { name: string; email: string } }>('site.yaml');
const bureauOf = (schoolId: string) => bureaus.find((b) => b.id === schools.find((s) => s.id === schoolId)!.bureau)!;

const API_KEY = 're_test_dispatch_0123456789';
const FROM = '校务监督 <noreply@schoolwatch.example>';
const SITE_URL = 'https://schoolwatch.example';
const NOTHING: DispatchReport = { sent: 0, retried: 0, dead: 0, skipped: 0, deadLettered: [], retrying: [] };
/** One job dead-lettered in a run: what the operator's log line carries. */
const deadFiled = (attempts: number, reason: string) => ({ ...NOTHING, dead: 1, deadLettered: [{ event: 'complaint.filed' as const, attempts, reason }] });
/** One filing email failed for now: the report names it, its attempt, the reason and the wait (what the operator's log shows). */
const retrying = (attempts: number, reason: string, retryInSeconds: number) => ({
  ...NOTHING,
  retried: 1,
  retrying: [{ event: 'complaint.filed' as const, attempts, reason, retryInSeconds }],
});
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const directory = sampleDirectory();
let capture: ResendCapture;
let url: string;
let connection: RedisConnection;
const extraConnections: RedisConnection[] = [];
let keys: Keys;
const prefixes: string[] = [];

beforeAll(async () => {
  url = await redisUrl();
  connection = connectRedis({ kind: 'tcp', url });
  [capture, keys] = await Promise.all([startResendCapture(), webCryptoKeys(randomBytes(32).toString('base64url'))]);
});

afterAll(async () => {
  await capture?.close();
  const cleaner = await openRedis(url);
  for (const prefix of prefixes) {
    const found = await scanKeys(cleaner, `${prefix}:*`);
    if (found.length) await cleaner.del(found);
  }
  cleaner.destroy();
  await Promise.all([connection, ...extraConnections].map((c) => c?.close()));
});

beforeEach(() => capture.reset());

/** A clock the test moves by hand. */
function manualClock(start: string) {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}

/**
 * A fresh keyspace with its own due list, a clock at 10:00 on 10 March 2026
 * in China, and the real mailer pointed at the capture server.
 */
function world(options: { timeoutMs?: number; start?: string } = {}) {
  const prefix = `t-dispatch-${randomBytes(5).toString('hex')}`;
  prefixes.push(prefix);
  const store = redisComplaintStore(connection, prefix);
  const clock = manualClock(options.start ?? '2026-03-10T02:00:00Z');
  const mailer = resendMailer({ apiKey: API_KEY, from: FROM, baseUrl: capture.url, timeoutMs: options.timeoutMs ?? 5000 });
  const deps: DispatchDeps = { store, mailer, keys, directory, clock, siteUrl: SITE_URL };
  async function file(school: string, extra: Record<string, unknown> = {}) {
    const parsed = parseComplaintInput(
      { school, aspect: 'unsure', description: '学校周六组织全年级集体补课，每人收费两百元。', anonymous: true, ...extra },
      directory,
      chinaDate(clock.now()),
    );
    if (!parsed.ok) throw new Error(`invalid: ${JSON.stringify(parsed.errors)}`);
    const outcome = await fileComplaint(
      parsed.value,
      { directory, store, keys, clock, random: cryptoRandom },
      { address: '127.0.0.1', limit: { max: 100_000, windowSeconds: 3600 } },
    );
    if (outcome.kind !== 'filed') throw new Error(`not filed: ${JSON.stringify(outcome)}`);
    return outcome.answer;
  }
  return { prefix, store, clock, deps, file };
}
type World = ReturnType<typeof world>;

/** Requests for one job, in the order they reached the capture server. */
const attemptsOf = (id: string) => capture.requests.filter((r) => r.idempotencyKey === id);

/** Moves the clock to 1 ms before `delay` (nothing is due) and then to it (the job is due): a retry waits exactly `delay`. */
async function dispatchAfter(w: World, delay: number, options: Partial<DispatchOptions>): Promise<DispatchReport> {
  const before = capture.requests.length;
  w.clock.advance(delay - 1);
  expect(await dispatchDue(w.deps, options)).toEqual(NOTHING);
  expect(capture.requests).toHaveLength(before);
  w.clock.advance(1);
  return dispatchDue(w.deps, options);
}

describe('routing: every sample school', () => {
  it('sends each filed complaint exactly once, to the bureau that supervises the school, and nowhere else', async () => {
    const w = world();
    const filed = new Map<string, { id: string; name: string; bureau: string }>();
    for (const school of schools) filed.set((await w.file(school.id)).reference, school);
    expect(filed.size).toBe(schools.length);

    expect(await dispatchDue(w.deps)).toEqual({ ...NOTHING, sent: schools.length });
    expect(capture.requests).toHaveLength(schools.length);
    const delivered = capture.delivered();
    expect(delivered).toHaveLength(schools.length);

    for (const request of delivered) {
      const reference = request.idempotencyKey!.replace(/^complaint\.filed\//, '');
      const school = filed.get(reference);
      expect(school, `an email for a reference that was not filed: ${request.idempotencyKey}`).toBeDefined();
      const bureau = bureauOf(school!.id);
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/emails');
      expect(request.authorization).toBe(`Bearer ${API_KEY}`);
      expect(request.idempotencyKey).toBe(`complaint.filed/${reference}`);
      expect(request.headers['content-type']).toBe('application/json');
      // Exactly these fields: no cc, bcc, reply_to or anything else that could carry a copy elsewhere.
      expect(Object.keys(request.email).sort()).toEqual(['from', 'html', 'subject', 'text', 'to']);
      expect(request.email.to).toEqual([bureau.email]);
      expect(request.email.from).toBe(FROM);
      expect(request.email.subject).toContain(reference);
      expect(request.email.text).toContain(school!.name);
      expect(request.email.html).toContain(`${bureau.name}：`);

      // The link in the email opens this complaint for this bureau.
      const href = /href="([^"]*\/answer\/\?t=[^"]+)"/.exec(request.email.html)?.[1];
      expect(href?.startsWith(`${SITE_URL}/answer/?t=`)).toBe(true);
      const token = new URL(href!.replaceAll('&amp;', '&')).searchParams.get('t');
      expect(await verifyAnswerToken(keys, token, w.clock.now())).toEqual({ ok: true, reference, bureau: bureau.id, transfers: 0 });
    }
    // One email per complaint, and only bureau addresses from content/.
    expect(new Set(delivered.map((r) => r.idempotencyKey))).toEqual(new Set([...filed.keys()].map((ref) => `complaint.filed/${ref}`)));
    const bureauEmails = new Set(bureaus.map((b) => b.email));
    expect(delivered.every((r) => r.email.to.length === 1 && bureauEmails.has(r.email.to[0]!))).toBe(true);
    // Every bureau that supervises a sample school got its share.
    const perBureau = new Map<string, number>();
    for (const r of delivered) perBureau.set(r.email.to[0]!, (perBureau.get(r.email.to[0]!) ?? 0) + 1);
    for (const bureau of bureaus) expect(perBureau.get(bureau.email) ?? 0).toBe(schools.filter((s) => s.bureau === bureau.id).length);

    // Sent jobs leave the queue: later runs send nothing, even a day later.
    expect(await dispatchDue(w.deps)).toEqual(NOTHING);
    w.clock.advance(DAY);
    expect(await dispatchDue(w.deps)).toEqual(NOTHING);
    expect(capture.requests).toHaveLength(schools.length);
  });
});

describe('retries', () => {
  it('retries a job that fails with 500, waiting 1×, 2×, 4× the base delay, and sends it once when Resend recovers', async () => {
    const w = world();
    const { reference } = await w.file(schools[0]!.id);
    const id = `complaint.filed/${reference}`;
    const options = { baseDelayMs: 10_000 };
    capture.failNext(3);

    expect(await dispatchDue(w.deps, options)).toEqual(retrying(1, 'resend 500 internal_server_error', 10));
    expect(await w.store.job(id)).toMatchObject({ attempts: 1, lastError: 'resend 500 internal_server_error' });
    expect(await dispatchAfter(w, 10_000, options)).toEqual(retrying(2, 'resend 500 internal_server_error', 20));
    expect(await w.store.job(id)).toMatchObject({ attempts: 2 });
    expect(await dispatchAfter(w, 20_000, options)).toEqual(retrying(3, 'resend 500 internal_server_error', 40));
    expect(await w.store.job(id)).toMatchObject({ attempts: 3 });
    expect(await dispatchAfter(w, 40_000, options)).toEqual({ ...NOTHING, sent: 1 });

    expect(attemptsOf(id).map((r) => r.status)).toEqual([500, 500, 500, 200]);
    expect(capture.delivered().map((r) => r.idempotencyKey)).toEqual([id]);
    expect(await w.store.job(id)).toBeNull();
    expect(await w.store.deadJobIds()).toEqual([]);
    w.clock.advance(DAY);
    expect(await dispatchDue(w.deps, options)).toEqual(NOTHING);
    expect(capture.requests).toHaveLength(4);
  });

  it('caps the delay at an hour', async () => {
    const w = world();
    const { reference } = await w.file(schools[0]!.id);
    const options = { baseDelayMs: 40 * MINUTE };
    capture.failNext(3);
    expect(await dispatchDue(w.deps, options)).toEqual(retrying(1, 'resend 500 internal_server_error', 2400));
    expect(await dispatchAfter(w, 40 * MINUTE, options)).toEqual(retrying(2, 'resend 500 internal_server_error', 3600));
    expect(await dispatchAfter(w, HOUR, options)).toEqual(retrying(3, 'resend 500 internal_server_error', 3600)); // 80 minutes, capped
    expect(await dispatchAfter(w, HOUR, options)).toEqual({ ...NOTHING, sent: 1 });
    expect(attemptsOf(`complaint.filed/${reference}`)).toHaveLength(4);
  });

  it('when Resend hangs, the attempt times out and is retried with the same key, and the email is accepted once', async () => {
    const w = world({ timeoutMs: 300 });
    const { reference } = await w.file(schools[0]!.id);
    const id = `complaint.filed/${reference}`;
    const options = { baseDelayMs: 5000 };
    capture.setMode('hang');

    const started = Date.now();
    expect(await dispatchDue(w.deps, options)).toEqual(retrying(1, 'resend network application_error', 5));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await w.store.job(id)).toMatchObject({ attempts: 1, lastError: 'resend network application_error' });
    expect(await dispatchAfter(w, 5000, options)).toEqual(retrying(2, 'resend network application_error', 10));

    // Resend comes back: the requests it held were abandoned by our side and are not answered now.
    capture.setMode('ok');
    expect(await dispatchAfter(w, 10_000, options)).toEqual({ ...NOTHING, sent: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const attempts = attemptsOf(id);
    expect(attempts).toHaveLength(3);
    expect(attempts.map((r) => r.idempotencyKey)).toEqual([id, id, id]);
    expect(attempts.map((r) => r.abandoned)).toEqual([true, true, false]);
    expect(attempts.map((r) => r.status)).toEqual([undefined, undefined, 200]);
    expect(capture.delivered()).toHaveLength(1);
    expect(await w.store.job(id)).toBeNull();
    w.clock.advance(DAY);
    expect(await dispatchDue(w.deps, options)).toEqual(NOTHING);
    expect(attemptsOf(id)).toHaveLength(3);
  });

  it('a retry after a lost reply repeats the identical request, which is what Resend deduplicates', async () => {
    // Resend keeps a key for 24 hours and answers a reuse of the key with a
    // *different* payload with 409 invalid_idempotent_request ("retrying this
    // request is useless"). When the first attempt did reach Resend and only
    // its reply was lost, a retry is harmless only if it is byte-identical.
    const w = world({ timeoutMs: 300 });
    const { reference } = await w.file(schools[0]!.id);
    const id = `complaint.filed/${reference}`;
    capture.setMode('hang');
    expect(await dispatchDue(w.deps, { baseDelayMs: 30_000 })).toEqual(retrying(1, 'resend network application_error', 30));
    capture.setMode('ok');
    expect(await dispatchAfter(w, 30_000, { baseDelayMs: 30_000 })).toEqual({ ...NOTHING, sent: 1 });
    const [first, retry] = attemptsOf(id);
    expect(retry!.idempotencyKey).toBe(first!.idempotencyKey);
    const answerLink = (r: CapturedRequest) => /\/answer\/\?t=(\S+)/.exec((r.body as CapturedEmail).text)?.[1];
    expect(answerLink(retry!), 'the answer link is signed afresh at each attempt').toBe(answerLink(first!));
    expect(JSON.stringify(retry!.body) === JSON.stringify(first!.body), 'the retry posts a different body').toBe(true);
  });
});

describe("the process's dispatcher after a burst", () => {
  it('sends every one of 450 queued emails after one kick, run after run, without waiting for its timer', async () => {
    const w = world();
    const count = 450; // more than two runs' limit (200 each)
    for (let i = 0; i < count; i += 50)
      await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => w.file(schools[(i + j) % schools.length]!.id)));
    const dispatcher = createDispatcher(w.deps, { retryBaseMs: 30_000, intervalMs: 3_600_000, log: () => {} });
    void dispatcher.kick();
    for (const deadline = Date.now() + 20_000; capture.requests.length < count && Date.now() < deadline;) await sleep(100);
    await dispatcher.stop();
    expect(capture.requests).toHaveLength(count);
    expect(new Set(capture.requests.map((r) => r.idempotencyKey)).size).toBe(count);
    expect(await dispatchDue(w.deps)).toEqual(NOTHING);
  });
});

describe('two dispatchers racing', () => {
  it('send each of 200 jobs exactly once', async () => {
    const w = world();
    const count = 200;
    const references: string[] = [];
    for (let i = 0; i < count; i += 20) {
      const batch = await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => w.file(schools[(i + j) % schools.length]!.id)));
      references.push(...batch.map((a) => a.reference));
    }
    // Each dispatcher has its own Redis connection and its own mailer, as two servers would.
    const racers = [0, 1].map(() => {
      const own = connectRedis({ kind: 'tcp', url });
      extraConnections.push(own);
      return { ...w.deps, store: redisComplaintStore(own, w.prefix), mailer: resendMailer({ apiKey: API_KEY, from: FROM, baseUrl: capture.url }) };
    });
    // A little latency at "Resend" keeps both dispatchers busy at the same time.
    capture.setLatency(3);

    const [a, b] = await Promise.all(racers.map((deps) => dispatchDue(deps, { limit: 500 })));

    const sentKeys = capture.requests.map((r) => r.idempotencyKey);
    expect(sentKeys).toHaveLength(count);
    expect(new Set(sentKeys).size).toBe(count);
    expect(new Set(sentKeys)).toEqual(new Set(references.map((r) => `complaint.filed/${r}`)));
    expect(capture.delivered()).toHaveLength(count);
    expect(a!.sent + b!.sent).toBe(count);
    expect(a!.retried + b!.retried + a!.dead + b!.dead).toBe(0);
    // Both took part: it really was a race, and the losers of each lease skipped.
    expect(a!.sent).toBeGreaterThan(0);
    expect(b!.sent).toBeGreaterThan(0);
    expect(a!.skipped + b!.skipped).toBeGreaterThan(0);

    // A third run, or the two again, find nothing left.
    const again = await Promise.all(racers.map((deps) => dispatchDue(deps, { limit: 500 })));
    expect(again).toEqual([NOTHING, NOTHING]);
    expect(capture.requests).toHaveLength(count);
  });
});

describe('dead letters', () => {
  it('a job that fails maxAttempts times is dead-lettered and never tried again', async () => {
    const w = world();
    const { reference } = await w.file(schools[0]!.id);
    const id = `complaint.filed/${reference}`;
    const options = { maxAttempts: 3, baseDelayMs: 1000 };
    capture.setMode('fail');

    expect(await dispatchDue(w.deps, options)).toEqual(retrying(1, 'resend 500 internal_server_error', 1));
    expect(await dispatchAfter(w, 1000, options)).toEqual(retrying(2, 'resend 500 internal_server_error', 2));
    expect(await w.store.deadJobIds()).toEqual([]);
    expect(await dispatchAfter(w, 2000, options)).toEqual(deadFiled(3, 'resend 500 internal_server_error'));

    expect(await w.store.deadJobIds()).toEqual([id]);
    expect(await w.store.job(id)).toMatchObject({ id, attempts: 3, lastError: 'resend 500 internal_server_error' });
    expect(attemptsOf(id).map((r) => r.status)).toEqual([500, 500, 500]);
    capture.setMode('ok');
    w.clock.advance(DAY);
    expect(await dispatchDue(w.deps, options)).toEqual(NOTHING);
    expect(capture.requests).toHaveLength(3);
    expect(capture.delivered()).toEqual([]);
  });

  it.each([
    [400, 'dead-lettered at once', deadFiled(1, 'resend 400 validation_error')],
    [401, 'dead-lettered at once', deadFiled(1, 'resend 401 missing_api_key')],
    [403, 'dead-lettered at once', deadFiled(1, 'resend 403 invalid_api_key')],
    [422, 'dead-lettered at once', deadFiled(1, 'resend 422 validation_error')],
    [429, 'retried', retrying(1, 'resend 429 rate_limit_exceeded', 30)],
    [500, 'retried', retrying(1, 'resend 500 internal_server_error', 30)],
    [502, 'retried', retrying(1, 'resend 502 internal_server_error', 30)],
    [503, 'retried', retrying(1, 'resend 503 internal_server_error', 30)],
  ])('a %i from Resend is %s', async (status, _, expected) => {
    const w = world();
    const { reference } = await w.file(schools[0]!.id);
    const id = `complaint.filed/${reference}`;
    capture.setMode('fail', { status });
    expect(await dispatchDue(w.deps, { maxAttempts: 8 })).toEqual(expected);
    expect(attemptsOf(id)).toHaveLength(1);
    expect(await w.store.deadJobIds()).toEqual(expected.dead ? [id] : []);
    expect(await w.store.job(id)).toMatchObject({ attempts: 1, lastError: expect.stringContaining(`resend ${status}`) });
  });
});

describe('the overdue digest', () => {
  // Filed at 10:00 on 1 March in China: 15 days to accept, so the last day is 16 March.
  const FILED_AT = '2026-03-01T02:00:00Z';
  const qiaocheng = schools.filter((s) => s.bureau === 'qiaocheng');
  const picks = [qiaocheng[0]!, qiaocheng[1]!, schools.find((s) => s.bureau === 'lixin')!];

  /** Three complaints never accepted and one accepted the next day; the filing emails already sent. */
  async function overdueWorld() {
    const w = world({ start: FILED_AT });
    const waiting = await Promise.all(picks.map((s) => w.file(s.id)));
    const handled = await w.file(schools.find((s) => s.bureau === 'guoyang')!.id);
    expect(waiting.map((a) => a.acceptBy)).toEqual(['2026-03-16', '2026-03-16', '2026-03-16']);
    expect(await dispatchDue(w.deps)).toEqual({ ...NOTHING, sent: 4 });
    capture.reset();
    // Accepted the next day, as the answer page does it: the status machine, then one store transaction.
    w.clock.advance(DAY);
    const record = (await w.store.byReference(handled.reference))!;
    const accepted = applyAction(record, { type: 'accept' }, { kind: 'bureau', bureau: 'guoyang' }, w.clock.now(), directory);
    if (!accepted.ok) throw new Error(accepted.error);
    await w.store.saveChange({ before: record, after: accepted.record, jobs: accepted.jobs, retentionSeconds: 3600 });
    const moveTo = (iso: string) => w.clock.advance(Date.parse(iso) - w.clock.now().getTime());
    return { ...w, waiting, handled, moveTo };
  }

  it('lists the complaints never accepted 20 days after filing, with their bureau and days overdue', async () => {
    const w = await overdueWorld();
    // The last second of the deadline day in China: nothing is overdue yet.
    w.moveTo('2026-03-16T15:59:59Z');
    expect(await collectOverdue(w.deps)).toEqual([]);
    expect(await queueOverdueDigest(w.deps)).toEqual({ queued: false, overdue: 0 });
    // Midnight: one day overdue.
    w.moveTo('2026-03-16T16:00:00Z');
    expect((await collectOverdue(w.deps)).map((l) => l.daysOverdue)).toEqual([1, 1, 1]);

    // 20 days after filing: 21 March in China, 5 days past the deadline.
    w.moveTo('2026-03-21T02:00:00Z');
    const byRef = (a: { reference: string }, b: { reference: string }) => a.reference.localeCompare(b.reference);
    const expected = w.waiting.map((answer, i) => ({
      reference: answer.reference,
      bureau: bureaus.find((b) => b.id === picks[i]!.bureau)!.name,
      school: picks[i]!.name,
      stage: '受理',
      deadline: '2026-03-16',
      daysOverdue: 5,
    }));
    expect([...(await collectOverdue(w.deps))].sort(byRef)).toEqual(expected.sort(byRef));
  });

  it('queues one digest a day and sends it to the supervisor named in content/site.yaml', async () => {
    const w = await overdueWorld();
    w.moveTo('2026-03-21T02:00:00Z');
    expect(await queueOverdueDigest(w.deps)).toEqual({ queued: true, overdue: 3 });
    expect(await queueOverdueDigest(w.deps)).toEqual({ queued: false, overdue: 3 });

    expect(await dispatchDue(w.deps)).toEqual({ ...NOTHING, sent: 1 });
    const [digest, ...others] = capture.delivered();
    expect(others).toEqual([]);
    expect(capture.requests).toHaveLength(1);
    expect(digest!.idempotencyKey).toBe('overdue.digest/2026-03-21');
    expect(digest!.authorization).toBe(`Bearer ${API_KEY}`);
    expect(digest!.email.to).toEqual([site.supervisor.email]);
    expect(digest!.email.from).toBe(FROM);
    expect(digest!.email.subject).toBe('逾期未办举报汇总（2026年3月21日）：3 件');
    expect(digest!.email.html).toContain('<h3>谯城区教育局（2 件）</h3>');
    expect(digest!.email.html).toContain('<h3>利辛县教育局（1 件）</h3>');
    expect(digest!.email.html).not.toContain('涡阳县教育局');
    for (const [i, answer] of w.waiting.entries())
      expect(digest!.email.text).toContain(`${answer.reference}  ${picks[i]!.name}  受理期限 2026年3月16日  逾期 5 天`);
    // About deadlines only: no complaint text.
    expect(`${digest!.email.html}${digest!.email.text}`).not.toContain('补课');

    // The next day brings the next digest.
    w.clock.advance(DAY);
    expect(await queueOverdueDigest(w.deps)).toEqual({ queued: true, overdue: 3 });
    expect(await dispatchDue(w.deps)).toEqual({ ...NOTHING, sent: 1 });
    expect(capture.delivered().map((r) => r.idempotencyKey)).toEqual(['overdue.digest/2026-03-21', 'overdue.digest/2026-03-22']);
    expect(capture.delivered()[1]!.email.text).toContain('逾期 6 天');
    expect(capture.delivered()[1]!.email.to).toEqual([site.supervisor.email]);
  });

  it('a second call the same day, after the digest went out, queues nothing', async () => {
    const w = await overdueWorld();
    w.moveTo('2026-03-21T02:00:00Z');
    expect(await queueOverdueDigest(w.deps)).toEqual({ queued: true, overdue: 3 });
    expect(await dispatchDue(w.deps)).toEqual({ ...NOTHING, sent: 1 });
    // A second cron call, a retry by the scheduler or a manual run, six hours later.
    w.clock.advance(6 * HOUR);
    expect(await queueOverdueDigest(w.deps)).toEqual({ queued: false, overdue: 3 });
    expect(await dispatchDue(w.deps)).toEqual(NOTHING);
    expect(capture.requests).toHaveLength(1);
  });
});
