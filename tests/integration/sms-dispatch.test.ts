// Short messages to the parent, end to end below HTTP: a complaint filed with
// a mobile number for updates, a bureau's step, and the dispatcher sending the
// SMS through the real Alibaba Cloud adapter to its local stand-in (which
// checks the request signing), on SQLite and on Redis.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { dispatchDue } from '../../src/domain/dispatch';
import type { SmsSettings } from '../../src/domain/smsNotice';
import { applyAction } from '../../src/domain/status';
import { followUpSmsJob } from '../../src/domain/recurrence';
import type { Keys } from '../../src/ports/keys';
import { sampleDirectory } from '../support/directory';
import { dispatchThroughStandIn, fileFromForm, takeBureauStep } from '../support/smsDispatch';
import { smsStandIn } from '../support/smsStandIns';
import { storeBackends } from '../support/stores';

const directory = sampleDirectory();
const settings: SmsSettings = {
  signName: '校务监督示例',
  templates: {
    update: { code: 'SMS_1', text: '编号 ${reference}：${status}' },
    question: { code: 'SMS_2', text: '编号 ${reference}：请回复' },
    rating: { code: 'SMS_3', text: '编号 ${reference}：请评价' },
    followUp: { code: 'SMS_4', text: '编号 ${reference}：还存在吗' },
  },
  perNumberPerDay: 2,
  perDay: 100,
};
const account = {
  id: 'AKID-DISPATCH',
  secret: 'dispatch-secret',
  signName: '校务监督示例',
  templates: { SMS_1: ['reference', 'status'], SMS_2: ['reference', 'status'], SMS_3: ['reference', 'status'], SMS_4: ['reference', 'status'] },
};
const DESCRIPTION = '周六上午全年级到校补课，老师说不来就跟不上进度。';
const NAME = '王女士';

let standIn: Awaited<ReturnType<typeof smsStandIn>>;
let keys: Keys;
beforeAll(async () => {
  standIn = await smsStandIn('aliyun', account);
  keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
});
afterAll(() => standIn.close());

describe.each(storeBackends().filter((b) => b.name !== 'upstash-rest'))('SMS to the parent on $name', (backend) => {
  it('a bureau step sends one SMS with the reference and the step, never the text, a name or the receipt code; caps hold messages back', async () => {
    const opened = await backend.open();
    try {
      let now = new Date('2026-12-07T02:00:00Z');
      const world = { store: opened.store, keys, directory, clock: { now: () => now } };
      const deps = dispatchThroughStandIn(world, { port: standIn.port, account, timeoutMs: 2000 }, settings);
      const filed = await fileFromForm(
        world,
        {
          school: 'qc-xinghe-primary',
          aspect: 'holiday-classes',
          description: DESCRIPTION,
          anonymous: false,
          name: NAME,
          phone: '0558-1234567',
          contactConsent: true,
          smsMobile: '+86 139-0000-5678',
        },
        `10.1.${backend.name.length}.1`,
      );
      expect(filed.input.smsMobile).toBe('13900005678');
      const { reference, receiptCode } = filed.answer;
      const record = (await opened.store.byReference(reference))!;
      expect(record.notifySms).toBe(true);
      // Sealed at rest: the number is not in the stored record.
      expect(JSON.stringify(record)).not.toContain('13900005678');

      let current = record;
      const act = async (action: Parameters<typeof applyAction>[1]) => {
        const step = await takeBureauStep(world, current, action, now);
        current = step.record;
        return step.jobs.map((j) => j.id);
      };
      expect(await act({ type: 'accept' })).toEqual([`parent.sms/${reference}/2`]);
      const before = standIn.accepted.length;
      await dispatchDue(deps);
      const sent = standIn.accepted.slice(before);
      expect(sent.map((m) => ({ phone: m.phone, templateCode: m.templateCode, params: m.params, tag: m.tag }))).toEqual([
        { phone: '13900005678', templateCode: 'SMS_1', params: { reference, status: '教育局受理' }, tag: `parent.sms/${reference}/2` },
      ]);
      const everything = JSON.stringify(standIn.accepted);
      for (const secret of [DESCRIPTION, NAME, receiptCode, '0558-1234567']) expect(everything).not.toContain(secret);

      // A second run sends nothing more: the job is done.
      await dispatchDue(deps);
      expect(standIn.accepted.length - before).toBe(1);

      // The answer asks for a rating; two more steps pass the cap of 2 a day: the third waits for the next day.
      await act({ type: 'extend', reason: '需要到校核实' });
      await act({ type: 'resolve', answer: '已责令学校停止周六补课。', finding: 'substantiated' } as never);
      await dispatchDue(deps);
      expect(standIn.accepted.slice(before).map((m) => m.templateCode)).toEqual(['SMS_1', 'SMS_1']);
      now = new Date(now.getTime() + 86_400_000 + 60_000);
      await dispatchDue(deps);
      expect(standIn.accepted.slice(before).map((m) => m.templateCode)).toEqual(['SMS_1', 'SMS_1', 'SMS_3']);
    } finally {
      await opened.cleanup();
    }
  });

  it('exactly once through a timeout after the provider accepted, and a final refusal is dead-lettered, not retried', async () => {
    const opened = await backend.open();
    try {
      const now = new Date('2026-12-07T03:00:00Z');
      const world = { store: opened.store, keys, directory, clock: { now: () => now } };
      const deps = dispatchThroughStandIn(world, { port: standIn.port, account, timeoutMs: 400 }, settings);
      const file = async (mobile: string) => {
        const filed = await fileFromForm(
          world,
          { school: 'qc-xinghe-primary', aspect: 'holiday-classes', description: DESCRIPTION, anonymous: true, smsMobile: mobile },
          `10.2.${mobile.slice(-2)}.1`,
        );
        const record = (await opened.store.byReference(filed.answer.reference))!;
        const step = await takeBureauStep(world, record, { type: 'accept' }, now);
        return step.jobs[0]!.id;
      };
      const hung = await file('13700001111');
      standIn.acceptThenHang();
      const first = await dispatchDue(deps, { baseDelayMs: 0, uncertainDelayMs: 0 });
      expect(first.retried).toBe(1);
      const second = await dispatchDue(deps, { baseDelayMs: 0, uncertainDelayMs: 0 });
      expect(second.sent).toBe(1);
      expect(standIn.accepted.filter((m) => m.tag === hung)).toHaveLength(1);

      const refused = await file('13700002222');
      standIn.refuseNext('isv.MOBILE_NUMBER_ILLEGAL');
      const report = await dispatchDue(deps, { baseDelayMs: 0 });
      expect(report.deadLettered).toEqual([{ event: 'parent.sms', attempts: 1, reason: 'aliyun isv.MOBILE_NUMBER_ILLEGAL' }]);
      expect(standIn.accepted.filter((m) => m.tag === refused)).toHaveLength(0);
    } finally {
      await opened.cleanup();
    }
  });

  it('a question from the bureau asks for a reply, and the 回访 asks whether the problem is still there, each by its own template, once', async () => {
    const opened = await backend.open();
    try {
      const now = new Date('2026-12-07T04:00:00Z');
      const world = { store: opened.store, keys, directory, clock: { now: () => now } };
      const deps = dispatchThroughStandIn(world, { port: standIn.port, account, timeoutMs: 2000 }, settings);
      const filed = await fileFromForm(
        world,
        { school: 'qc-xinghe-primary', aspect: 'holiday-classes', description: DESCRIPTION, anonymous: true, smsMobile: '13700003333' },
        '10.4.4.4',
      );
      const { reference } = filed.answer;
      const record = (await opened.store.byReference(reference))!;
      await takeBureauStep(world, record, { type: 'ask', question: '请问是哪个年级？' }, now, [followUpSmsJob(reference, now)]);
      const before = standIn.accepted.length;
      await dispatchDue(deps);
      await dispatchDue(deps);
      expect(
        standIn.accepted
          .slice(before)
          .map((m) => [m.templateCode, m.tag])
          .sort(),
      ).toEqual([
        ['SMS_2', `parent.sms/${reference}/2`],
        ['SMS_4', `parent.sms/${reference}/followup`],
      ]);
      expect(JSON.stringify(standIn.accepted.slice(before))).not.toContain('年级');
    } finally {
      await opened.cleanup();
    }
  });

  it('a parent who left no mobile number gets no SMS job', async () => {
    const opened = await backend.open();
    try {
      const now = new Date('2026-12-07T02:00:00Z');
      const world = { store: opened.store, keys, directory, clock: { now: () => now } };
      const filed = await fileFromForm(
        world,
        { school: 'qc-xinghe-primary', aspect: 'holiday-classes', description: DESCRIPTION, anonymous: true },
        '10.9.9.9',
      );
      const record = (await opened.store.byReference(filed.answer.reference))!;
      const outcome = applyAction(record, { type: 'accept' }, { kind: 'bureau', bureau: record.bureau }, now, directory);
      expect(outcome.ok && outcome.jobs).toEqual([]);
    } finally {
      await opened.cleanup();
    }
  });
});
