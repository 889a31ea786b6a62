// Complaints that wait for other parents (issue 26, point 3), on SQLite and
// on Redis: nothing reaches the bureau, a list or a statistic until enough
// parents complained about the same school and aspect; then every waiting one
// goes, each with its deadline from the day it went; at the end of the wait
// it goes alone or is deleted, as its parent chose; two filings completing
// the group at once release each complaint once.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { parseComplaintInput } from '../../src/domain/complaintInput';
import { dispatchDue } from '../../src/domain/dispatch';
import { fileComplaint } from '../../src/domain/fileComplaint';
import { lookupComplaint } from '../../src/domain/lookupComplaint';
import { waitingRelease } from '../../src/server/services/waitingRelease';
import { intakeService } from '../../src/server/services/intake';
import type { Dispatcher } from '../../src/server/dispatcher';
import type { ComplaintStore } from '../../src/ports/complaintStore';
import type { OutgoingSms } from '../../src/ports/smsSender';
import { releaseJobs } from '../../src/domain/waiting';
import { SMS_SETTINGS } from '../support/smsSettings';
import type { Keys } from '../../src/ports/keys';
import { cryptoRandom } from '../../src/ports/random';
import { sampleDirectory } from '../support/directory';
import { dispatchToMemory } from '../support/memoryDispatch';
import { storeBackends } from '../support/stores';
import { createDispatcher } from '../../src/server/dispatcher';
import { staffIntakeService } from '../../src/server/services/staffIntake';
import type { SignedIn } from '../../src/server/services/workspaceAccess';

const directory = { ...sampleDirectory(), waitForOthers: { parents: 3, days: 30 } };
const DESCRIPTION = '学校寒假期间组织全年级学生到校补课，每人收费五百元。';
const BUREAU_EMAIL = directory.bureaus.get('qiaocheng')!.email;
let keys: Keys;
beforeAll(async () => {
  keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
});

/** One parent's filing through the form's fields; `wait` is the end they chose, or none for an ordinary filing; `more` adds or replaces fields. */
async function file(store: ComplaintStore, clock: { now: () => Date }, address: string, wait?: 'alone' | 'withdraw', more: Record<string, unknown> = {}) {
  const input = parseComplaintInput(
    {
      school: 'qc-xinghe-primary',
      aspect: 'holiday-classes',
      description: DESCRIPTION,
      anonymous: true,
      ...(wait ? { waitForOthers: 'on', waitEnd: wait } : {}),
      ...more,
    },
    directory,
    '2026-12-01',
  );
  if (!input.ok) throw new Error(JSON.stringify(input.errors));
  const filed = await fileComplaint(
    input.value,
    { directory, store, keys, clock, random: cryptoRandom },
    { address, limit: { max: 100, windowSeconds: 3600 } },
  );
  if (filed.kind !== 'filed') throw new Error(filed.kind);
  return filed.answer;
}

/** Everything the bureau and the statistics can see: its list, its caseload, every live complaint, due jobs. */
async function seenOutside(store: ComplaintStore, nowMs: number) {
  const all: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.complaintsPage(cursor, 100);
    all.push(...page.records.map((r) => r.reference));
    cursor = page.next;
  } while (cursor);
  return {
    list: await store.bureauComplaints('qiaocheng'),
    caseload: (await store.bureauRecords('qiaocheng')).map((r) => r.reference),
    statistics: [...new Set(all)],
    jobs: await store.dueJobs(nowMs + 86_400_000, 100),
  };
}

describe.each(storeBackends().filter((b) => b.name !== 'upstash-rest'))('waiting for other parents on $name', (backend) => {
  const setUp = async () => {
    const opened = await backend.open();
    let now = new Date('2026-12-01T02:00:00Z');
    const clock = { now: () => now, set: (iso: string) => (now = new Date(iso)) };
    const { deps: dispatch, sent } = dispatchToMemory({ store: opened.store, keys, directory, clock });
    const texts: OutgoingSms[] = [];
    const withSms: typeof dispatch = {
      ...dispatch,
      sms: { settings: SMS_SETTINGS, sender: { describe: 'memory', send: async (sms) => (texts.push(sms), { ok: true, id: sms.idempotencyKey }) } },
    };
    const release = waitingRelease({ store: opened.store, directory, clock });
    return { opened, clock, sent, texts, dispatch, withSms, release, store: opened.store };
  };

  it('keeps N−1 waiting complaints from everyone, then sends all N when the Nth parent files, each with its clock from that day', async () => {
    const { opened, clock, sent, dispatch, release, store } = await setUp();
    try {
      const first = await file(store, clock, '10.0.0.1', 'alone');
      expect(first.acceptBy).toBe('');
      expect(first.waiting).toEqual({ need: 3, untilDay: '2026-12-31', then: 'alone' });
      expect(await release.settle('qc-xinghe-primary', 'holiday-classes')).toEqual({ released: 0, withdrawn: 0 });
      clock.set('2026-12-05T02:00:00Z');
      const second = await file(store, clock, '10.0.0.2', 'withdraw');
      expect(await release.settle('qc-xinghe-primary', 'holiday-classes')).toEqual({ released: 0, withdrawn: 0 });

      expect(await seenOutside(store, clock.now().getTime())).toEqual({ list: [], caseload: [], statistics: [], jobs: [] });
      expect(await store.byReference(first.reference)).toBeNull();
      // Only the evidence sweep reads it, so that its images are not taken for orphans.
      expect((await store.byReference(first.reference, { includeWaiting: true }))?.waiting?.then).toBe('alone');
      await dispatchDue(dispatch);
      expect(sent).toEqual([]);
      const found = await store.lookup({ receiptHash: await keys.receiptHash(second.receiptCode), rate: { bucket: 'w', max: 100, windowSeconds: 60 } });
      expect(found.kind === 'found' && found.record.reference).toBe(second.reference);
      const standing = await release.standing(found.kind === 'found' ? found.record : (undefined as never));
      expect(standing?.text).toBe('等待其他家长：已有 2 位，还需 1 位，最晚 2027年1月4日。到期仍不够人数时，您的举报将撤回并删除。');

      clock.set('2026-12-10T02:00:00Z');
      const third = await file(store, clock, '10.0.0.3', 'alone');
      expect(await release.settle('qc-xinghe-primary', 'holiday-classes')).toEqual({ released: 3, withdrawn: 0 });
      for (const answer of [first, second, third]) {
        const record = (await store.byReference(answer.reference))!;
        expect([record.acceptBy, record.releasedAt, record.waiting]).toEqual(['2026-12-25', '2026-12-10T02:00:00.000Z', undefined]);
      }
      expect((await store.byReference(first.reference))!.filedAt).toBe('2026-12-01T02:00:00.000Z');
      const seen = await seenOutside(store, clock.now().getTime());
      expect(seen.caseload.sort()).toEqual([first, second, third].map((a) => a.reference).sort());
      expect(seen.statistics.sort()).toEqual(seen.caseload.sort());
      await dispatchDue(dispatch);
      expect(sent.map((m) => m.to)).toEqual([BUREAU_EMAIL, BUREAU_EMAIL, BUREAU_EMAIL]);
      // Settling again sends nothing twice.
      expect(await release.settle('qc-xinghe-primary', 'holiday-classes')).toEqual({ released: 0, withdrawn: 0 });
    } finally {
      await opened.cleanup();
    }
  });

  it('counts ordinary complaints about the same school and aspect toward the group', async () => {
    const { opened, clock, release, store } = await setUp();
    try {
      const waiting = await file(store, clock, '10.0.1.1', 'withdraw');
      await file(store, clock, '10.0.1.2');
      expect(await release.settle('qc-xinghe-primary', 'holiday-classes')).toEqual({ released: 0, withdrawn: 0 });
      await file(store, clock, '10.0.1.3');
      expect(await release.settle('qc-xinghe-primary', 'holiday-classes')).toEqual({ released: 1, withdrawn: 0 });
      expect((await store.byReference(waiting.reference))!.acceptBy).toBe('2026-12-16');
    } finally {
      await opened.cleanup();
    }
  });

  it('the hourly sweep sends a group that reached its count when no filing settled it, before its wait ends', async () => {
    const { opened, clock, release, store } = await setUp();
    try {
      // Two wait; the third parent's filing completes the group, but its own check never ran (a store hiccup).
      const first = await file(store, clock, '10.0.3.1', 'withdraw');
      const second = await file(store, clock, '10.0.3.2', 'alone');
      await file(store, clock, '10.0.3.3');
      clock.set('2026-12-01T03:00:00Z');
      expect(await release.sweep()).toEqual({ released: 2, withdrawn: 0 });
      for (const answer of [first, second]) expect((await store.byReference(answer.reference))!.acceptBy).toBe('2026-12-16');
      expect(await release.sweep()).toEqual({ released: 0, withdrawn: 0 });
    } finally {
      await opened.cleanup();
    }
  });

  it('a complaint an officer records completes the group, which goes to the bureau at once', async () => {
    const { opened, clock, dispatch, release, store } = await setUp();
    const dispatcher = createDispatcher(dispatch, { retryBaseMs: 10, intervalMs: 60_000, log: () => {} });
    try {
      const first = await file(store, clock, '10.0.4.1', 'withdraw');
      const second = await file(store, clock, '10.0.4.2', 'alone');
      const recordComplaint = staffIntakeService({ store, keys, clock, random: cryptoRandom, directory, dispatcher, waiting: release });
      const officer: SignedIn = {
        body: { id: 'qiaocheng', name: 'qiaocheng', kind: 'bureau', people: [] },
        person: { name: '周科长', email: 'ducha@qiaocheng.bozhou.example', role: '督导科科长' },
        label: 'a1b2c3d4',
        hash: 'hash',
        who: '周科长',
      };
      const fields = { formKey: `form-${'A'.repeat(26)}`, channel: 'phone', receivedOn: '2026-12-01', school: 'qc-xinghe-primary', aspect: 'holiday-classes' };
      const page = await recordComplaint(officer, {
        body: { ok: true, fields: { ...fields, description: DESCRIPTION, anonymous: 'true', contactConsent: 'false' } },
        client: { address: '203.0.113.9' },
      });
      expect(page).toMatchObject({ view: 'done' });
      for (const answer of [first, second]) expect((await store.byReference(answer.reference))!.acceptBy).toBe('2026-12-16');
      expect(await store.waitingIn('qc-xinghe-primary|holiday-classes')).toEqual([]);
    } finally {
      await dispatcher.stop();
      await opened.cleanup();
    }
  });

  it('at the end of the wait sends one alone and deletes the other, whose receipt code then says so', async () => {
    const { opened, clock, sent, dispatch, release, store } = await setUp();
    try {
      const alone = await file(store, clock, '10.0.2.1', 'alone');
      const withdrawn = await file(store, clock, '10.0.2.2', 'withdraw');
      clock.set('2026-12-31T01:59:00Z');
      expect(await release.sweep()).toEqual({ released: 0, withdrawn: 0 });
      clock.set('2026-12-31T02:00:00Z');
      expect(await release.sweep()).toEqual({ released: 1, withdrawn: 1 });
      expect((await store.byReference(alone.reference))!.acceptBy).toBe('2027-01-15');
      expect(await store.byReference(withdrawn.reference, { includeWaiting: true })).toBeNull();
      const lookup = await lookupComplaint(withdrawn.receiptCode, { store, keys }, { address: '10.0.2.2', limit: { max: 100, windowSeconds: 3600 } });
      expect(lookup).toEqual({ kind: 'withdrawn' });
      expect(await store.waitingIn('qc-xinghe-primary|holiday-classes')).toEqual([]);
      await dispatchDue(dispatch);
      expect(sent.map((m) => [m.to, m.subject.includes(alone.reference)])).toEqual([[BUREAU_EMAIL, true]]);
    } finally {
      await opened.cleanup();
    }
  });

  it('tells the parent who left an email and a mobile, once, that their complaint went: the reference and the step, no text', async () => {
    const { opened, clock, sent, texts, withSms, release, store } = await setUp();
    try {
      const filed = await file(store, clock, '10.0.5.1', 'alone', {
        anonymous: 'false',
        name: '李女士',
        email: 'li@example.com',
        contactConsent: 'false',
        smsMobile: '139 0000 5678',
      });
      const { reference, receiptCode } = filed;
      const quiet = await file(store, clock, '10.0.5.2', 'alone');
      // Nothing goes to the parent while it waits.
      await dispatchDue(withSms);
      expect([sent, texts]).toEqual([[], []]);

      clock.set('2026-12-03T02:00:00Z');
      await file(store, clock, '10.0.5.3');
      expect(await release.settle('qc-xinghe-primary', 'holiday-classes')).toEqual({ released: 2, withdrawn: 0 });
      expect((await store.dueJobs(clock.now().getTime(), 100)).filter((id) => id.includes(reference)).sort()).toEqual([
        `complaint.filed/${reference}`,
        `parent.released/${reference}`,
        `parent.sms/${reference}/released`,
      ]);
      await dispatchDue(withSms);
      const toParent = sent.filter((m) => m.to === 'li@example.com');
      expect(toParent.map((m) => [m.subject, m.text.split('\n')[2], m.idempotencyKey])).toEqual([
        [`您的举报 ${reference} 有新进展`, `您的举报 ${reference} 有新进展：已转给教育局办理。`, `parent.released/${reference}`],
      ]);
      expect(texts.map((t) => [t.to, t.template, t.params, t.idempotencyKey])).toEqual([
        [
          '13900005678',
          'update',
          [
            { name: 'reference', value: reference },
            { name: 'status', value: '已转给教育局办理' },
          ],
          `parent.sms/${reference}/released`,
        ],
      ]);
      // The anonymous parent who left nothing gets nothing; the bureau hears of both.
      expect(sent.filter((m) => m.to === BUREAU_EMAIL && m.subject.includes(quiet.reference))).toHaveLength(1);
      for (const secret of [DESCRIPTION, '李女士', receiptCode]) expect(JSON.stringify([toParent, texts])).not.toContain(secret);

      // Settled again, swept at the end of the wait, released by hand: nothing is queued or sent twice.
      const before = sent.length;
      expect(await release.settle('qc-xinghe-primary', 'holiday-classes')).toEqual({ released: 0, withdrawn: 0 });
      clock.set('2027-01-01T02:00:00Z');
      expect(await release.sweep()).toEqual({ released: 0, withdrawn: 0 });
      const after = (await store.byReference(reference))!;
      expect(await store.release({ after, jobs: releaseJobs(after, clock.now()) })).toBe(false);
      await dispatchDue(withSms);
      expect([sent.length - before, texts.length]).toEqual([0, 1]);
    } finally {
      await opened.cleanup();
    }
  });

  it('releases each complaint once when two filings complete the group at the same moment', async () => {
    const { opened, clock, release, store } = await setUp();
    try {
      const first = await file(store, clock, '10.0.3.1', 'alone');
      const [second, third] = await Promise.all([file(store, clock, '10.0.3.2', 'alone'), file(store, clock, '10.0.3.3', 'alone')]);
      const settled = await Promise.all([release.settle('qc-xinghe-primary', 'holiday-classes'), release.settle('qc-xinghe-primary', 'holiday-classes')]);
      expect(settled.map((s) => s.released).sort()).toEqual([0, 3]);
      // Releasing a complaint that no longer waits writes nothing.
      const record = (await store.byReference(first.reference))!;
      const job = {
        id: `complaint.filed/${first.reference}`,
        event: 'complaint.filed' as const,
        reference: first.reference,
        createdAt: clock.now().toISOString(),
        attempts: 0,
      };
      expect(await store.release({ after: record, jobs: [job] })).toBe(false);
      expect((await store.dueJobs(Date.parse('2027-01-01'), 100)).sort()).toEqual([first, second, third].map((a) => `complaint.filed/${a.reference}`).sort());
    } finally {
      await opened.cleanup();
    }
  });

  it('through the intake service: the filing that completes the group sends them, and the lookup of a deleted one says so', async () => {
    const { opened, clock, release, store } = await setUp();
    try {
      let kicks = 0;
      const dispatcher: Dispatcher = {
        run: async () => ({ sent: 0, retried: 0, dead: 0, skipped: 0, deadLettered: [], retrying: [] }),
        kick: async () => void kicks++,
        start: () => undefined,
        stop: async () => undefined,
      };
      const intake = intakeService({
        store,
        keys,
        clock,
        random: cryptoRandom,
        directory,
        dispatcher,
        limits: { intakePerHour: 100, lookupsPerHour: 100 },
        waiting: release,
      });
      const fields = (extra: Record<string, string>) => ({ school: 'qc-xinghe-primary', aspect: 'holiday-classes', anonymous: 'true', same: '1', ...extra });
      const client = (n: number) => ({ address: `10.0.4.${n}` });
      const filed = [];
      for (const [n, end] of [
        [1, 'withdraw'],
        [2, 'alone'],
      ] as const) {
        const result = await intake.submit(fields({ waitForOthers: 'true', waitEnd: end }), client(n));
        if (result.kind !== 'filed') throw new Error(result.kind);
        filed.push(result.answer);
      }
      expect(await store.bureauComplaints('qiaocheng')).toEqual([]);
      const third = await intake.submit(fields({}), client(3));
      expect(third.kind).toBe('filed');
      expect((await store.bureauComplaints('qiaocheng')).length).toBe(3);
      for (const answer of filed) expect((await store.byReference(answer.reference))!.acceptBy).toBe('2026-12-16');
      expect(kicks).toBe(3);
      const seen = await intake.lookup(filed[0]!.receiptCode, client(1));
      expect(seen.kind === 'ok' && [seen.view.statusLabel, seen.view.releasedAt, seen.view.acceptBy, seen.view.waiting]).toEqual([
        '待受理',
        '2026-12-01T02:00:00.000Z',
        '2026-12-16',
        undefined,
      ]);

      // A group that never fills: at its end the parent who chose so is deleted, and told so by the receipt code.
      const lone = await intake.submit({ ...fields({ waitForOthers: 'true', waitEnd: 'withdraw' }), aspect: 'paid-tutoring' }, client(5));
      if (lone.kind !== 'filed') throw new Error(lone.kind);
      clock.set('2027-01-01T00:00:00Z');
      expect(await release.sweep()).toEqual({ released: 0, withdrawn: 1 });
      expect(await intake.lookup(lone.answer.receiptCode, client(5))).toEqual({
        kind: 'not-found',
        errors: {
          receiptCode:
            '这份举报在等待期内没有等到足够多的家长反映同一问题，已按您提交时的选择撤回并删除，没有转给教育局。如果问题仍然存在，您可以重新提交举报。',
        },
      });
    } finally {
      await opened.cleanup();
    }
  });
});
