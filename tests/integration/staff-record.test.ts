// A complaint recorded by a bureau officer (issue 24, point 5) through the
// recording service, on real SQLite and a real Redis: found by the receipt
// code the officer read out, its contact sealed, its channel and received day
// stored, its clock run from that day, the audit naming the officer; routed
// to the school's own bureau when the officer's is another; refused to a
// school's and the office's session, and for a day in the future.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { outboxMailer } from '../../src/adapters/mail/outboxMailer';
import { outboxSms } from '../../src/adapters/sms/outboxSms';
import { applyAction } from '../../src/domain/status';
import { SMS_SETTINGS as SMS } from '../support/smsSettings';
import { lookupComplaint } from '../../src/domain/lookupComplaint';
import { collectOverdue } from '../../src/domain/overdue';
import { cryptoRandom } from '../../src/ports/random';
import type { Keys } from '../../src/ports/keys';
import { createDispatcher } from '../../src/server/dispatcher';
import { staffIntakeService, type RecordPage } from '../../src/server/services/staffIntake';
import type { SignedIn } from '../../src/server/services/workspaceAccess';
import { sampleDirectory } from '../support/directory';
import { storeBackends, type OpenedStore } from '../support/stores';

/** 10:00 on 7 December 2026 in China. */
const NOW = new Date('2026-12-07T02:00:00Z');
const clock = { now: () => NOW };
const directory = sampleDirectory();
const OFFICER = '12月7日 09:12 登录（周科长，ducha@qiaocheng.bozhou.example）';

const session = (kind: 'bureau' | 'office' | 'school', id: string, who = OFFICER): SignedIn => ({
  body: { id, name: id, kind, people: [] },
  person: { name: '周科长', email: 'ducha@qiaocheng.bozhou.example', role: '督导科科长' },
  label: 'a1b2c3d4',
  hash: 'hash',
  who,
});

const phoneCall = {
  channel: 'phone',
  receivedOn: '2026-11-27',
  school: 'qc-xinghe-primary',
  aspect: 'holiday-classes',
  description: '王奶奶来电：学校国庆假期组织全班补课，每人收费三百元。',
  anonymous: 'false',
  name: '王奶奶',
  phone: '13912345678',
  contactConsent: 'true',
};

describe.each(storeBackends().filter((b) => b.name !== 'upstash-rest'))('recording a complaint over $name', (backend) => {
  let opened: OpenedStore;
  let keys: Keys;
  let outbox: string;
  let smsOutbox: string;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let record: ReturnType<typeof staffIntakeService>;
  const post = async (who: SignedIn, fields: Record<string, string>) =>
    record(who, {
      body: { ok: true, fields: { formKey: `form-${randomBytes(13).toString('hex').toUpperCase()}`, ...fields } },
      client: { address: '203.0.113.9' },
    });

  beforeAll(async () => {
    opened = await backend.open();
    keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
    outbox = mkdtempSync(join(tmpdir(), 'schoolwatch-staff-outbox-'));
    smsOutbox = mkdtempSync(join(tmpdir(), 'schoolwatch-staff-sms-'));
    const sms = { sender: outboxSms(smsOutbox, (t) => SMS.templates[t as keyof typeof SMS.templates]?.text), settings: SMS };
    dispatcher = createDispatcher(
      { store: opened.store, mailer: outboxMailer(outbox), keys, directory, clock, siteUrl: 'https://jubao.example', sms },
      { retryBaseMs: 10, intervalMs: 60_000, log: () => {} },
    );
    record = staffIntakeService({ store: opened.store, keys, clock, random: cryptoRandom, directory, dispatcher });
  });
  afterAll(async () => {
    await opened?.cleanup();
    rmSync(outbox, { recursive: true, force: true });
    rmSync(smsOutbox, { recursive: true, force: true });
  });

  it('files a phone complaint found by its receipt code, with the channel, the received day and the officer stored', async () => {
    const page = (await post(session('bureau', 'qiaocheng'), phoneCall)) as RecordPage;
    expect(page).toMatchObject({ ok: true, kind: 'ok', view: 'done', errors: {} });
    const done = page.done!;
    expect(done).toMatchObject({ channel: 'phone', channelLabel: '电话', receivedOn: '2026-11-27', ownBureau: true });
    expect(done.answer).toMatchObject({ bureau: { id: 'qiaocheng', name: '谯城区教育局' }, acceptBy: '2026-12-12' });
    expect(done.answer.reference).toMatch(/^JB-20261207-[0-9A-Z]{8}$/);

    const found = await lookupComplaint(
      done.answer.receiptCode,
      { store: opened.store, keys },
      { address: '198.51.100.1', limit: { max: 10, windowSeconds: 3600 } },
    );
    expect(found.kind).toBe('found');
    const stored = (found as { record: import('../../src/domain/complaint').ComplaintRecord }).record;
    expect(stored).toMatchObject({
      reference: done.answer.reference,
      channel: 'phone',
      bureau: 'qiaocheng',
      status: 'submitted',
      filedAt: '2026-11-26T16:00:00.000Z',
      recordedAt: '2026-12-07T02:00:00.000Z',
      acceptBy: '2026-12-12',
      contactConsent: true,
      notifyParent: false,
      history: [{ at: '2026-11-26T16:00:00.000Z', type: 'filed', bureau: 'qiaocheng' }],
    });
    expect(stored.audit).toEqual([
      { at: '2026-12-07T02:00:00.000Z', body: 'qiaocheng', action: 'record', via: 'workspace', session: 'a1b2c3d4', who: OFFICER },
    ]);
    // The contact and the words are sealed: nothing readable in the stored record, all of it once opened.
    const raw = JSON.stringify(await opened.store.byReference(done.answer.reference));
    for (const secret of ['王奶奶', '13912345678', '补课']) expect(raw).not.toContain(secret);
    expect(JSON.parse(await keys.open(stored.sealed))).toEqual({
      description: '王奶奶来电：学校国庆假期组织全班补课，每人收费三百元。',
      contact: { name: '王奶奶', phone: '13912345678' },
    });
  });

  it('keeps the mobile number the parent gave for SMS updates sealed, and texts them the bureau’s step with the reference only', async () => {
    const page = (await post(session('bureau', 'qiaocheng'), {
      ...phoneCall,
      anonymous: 'true',
      name: '',
      phone: '',
      contactConsent: 'false',
      smsMobile: '139 0000 5678',
    })) as RecordPage;
    expect(page).toMatchObject({ ok: true, view: 'done', errors: {} });
    const { reference, receiptCode } = page.done!.answer;
    const stored = (await opened.store.byReference(reference))!;
    expect(stored).toMatchObject({ anonymous: true, contactConsent: false, notifyParent: false, notifySms: true });
    expect(JSON.stringify(stored)).not.toContain('13900005678');
    expect(JSON.parse(await keys.open(stored.sealed))).toEqual({ description: phoneCall.description, smsMobile: '13900005678' });

    const accepted = applyAction(stored, { type: 'accept' }, { kind: 'bureau', bureau: 'qiaocheng' }, NOW, directory);
    if (!accepted.ok) throw new Error(accepted.error);
    await opened.store.saveChange({ before: stored, after: accepted.record, jobs: accepted.jobs, retentionSeconds: 86_400 });
    // The run the filing kicked may be the one that sends it: wait for the file rather than for one run.
    await dispatcher.run();
    const smsFiles = () => readdirSync(smsOutbox, { recursive: true, encoding: 'utf8' }).filter((n) => n.includes(reference) && n.endsWith('.json'));
    const deadline = Date.now() + 10_000;
    while (smsFiles().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await dispatcher.run();
    const files = smsFiles();
    expect(files.map((n) => n.split('/').at(-1))).toEqual([`parent.sms_${reference}_2.json`]);
    const sms = JSON.parse(readFileSync(join(smsOutbox, files[0]!), 'utf8')) as Record<string, unknown>;
    expect([sms.to, sms.template, sms.text]).toEqual(['13900005678', 'update', `您反映的问题（编号 ${reference}）有新进展：教育局受理。`]);
    for (const secret of ['补课', receiptCode]) expect(JSON.stringify(sms)).not.toContain(secret);
  });

  it('refuses a landline as the SMS number, in the form’s words, keeping every answer', async () => {
    const page = (await post(session('bureau', 'qiaocheng'), { ...phoneCall, smsMobile: '0558-1234567' })) as RecordPage;
    expect(page).toMatchObject({
      ok: true,
      kind: 'invalid',
      view: 'form',
      errors: { smsMobile: '请填写 11 位手机号码，例如 138 0000 1234；不需要短信提醒可以不填' },
    });
    expect(page.values.smsMobile).toBe('0558-1234567');
  });

  it('sends it to the bureau of the school when the officer’s bureau is another, as the web form routes it', async () => {
    const page = (await post(session('bureau', 'guoyang', '12月7日 09:30 登录（单位公务邮箱，jubao@guoyang.bozhou.example）'), {
      ...phoneCall,
      channel: 'hotline',
      receivedOn: '2026-12-07',
      anonymous: 'true',
    })) as RecordPage;
    expect(page.done).toMatchObject({
      channel: 'hotline',
      channelLabel: '12345 转办',
      ownBureau: false,
      answer: { bureau: { id: 'qiaocheng' }, acceptBy: '2026-12-22' },
    });
    const stored = (await opened.store.byReference(page.done!.answer.reference))!;
    expect(stored).toMatchObject({ bureau: 'qiaocheng', channel: 'hotline', filedAt: '2026-12-07T02:00:00.000Z', anonymous: true });
    expect(stored.audit).toEqual([
      expect.objectContaining({ body: 'guoyang', action: 'record', who: '12月7日 09:30 登录（单位公务邮箱，jubao@guoyang.bozhou.example）' }),
    ]);
    expect(JSON.parse(await keys.open(stored.sealed))).toEqual({ description: phoneCall.description });
    // The supervising bureau is told, as for a web complaint.
    const deadline = Date.now() + 10_000;
    const mailOf = () => readdirSync(outbox).find((n) => n.includes(page.done!.answer.reference) && n.endsWith('.json'));
    while (!mailOf() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const mail = mailOf()!;
    const sent = JSON.parse(readFileSync(join(outbox, mail), 'utf8')) as { to: string; text: string };
    expect(sent.to).toBe('jubao@qiaocheng.bozhou.example');
    expect(sent.text).toContain('收到方式：12345 转办（由教育局登记）');
    expect(sent.text).toContain('收到日期：2026年12月7日');
  });

  it('files a double press of the same page once, with the same receipt code', async () => {
    const fields = { ...phoneCall, formKey: 'form-DOUBLEPRESS0000000000000000'.slice(0, 31), channel: 'letter' };
    const first = (await record(session('bureau', 'qiaocheng'), { body: { ok: true, fields }, client: { address: '203.0.113.9' } })) as RecordPage;
    const second = (await record(session('bureau', 'qiaocheng'), { body: { ok: true, fields }, client: { address: '203.0.113.9' } })) as RecordPage;
    expect(second.done!.answer).toEqual(first.done!.answer);
  });

  it('enters the overdue list like a web complaint: received 20 days ago, it is 5 days past its deadline to accept', async () => {
    const page = (await post(session('bureau', 'qiaocheng'), { ...phoneCall, channel: 'visit', receivedOn: '2026-11-17', anonymous: 'true' })) as RecordPage;
    expect(page.done!.answer.acceptBy).toBe('2026-12-02');
    const lines = await collectOverdue({ store: opened.store, directory, clock });
    expect(lines.filter((l) => l.reference === page.done!.answer.reference)).toEqual([
      {
        reference: page.done!.answer.reference,
        bureau: '谯城区教育局',
        school: '谯城区星河小学（示例）',
        stage: '受理',
        deadline: '2026-12-02',
        daysOverdue: 5,
      },
    ]);
  });

  it('refuses a received day in the future, keeping every answer and storing nothing', async () => {
    const before = (await opened.store.bureauRecords('qiaocheng')).length;
    const page = (await post(session('bureau', 'qiaocheng'), { ...phoneCall, receivedOn: '2026-12-08' })) as RecordPage;
    expect(page).toMatchObject({ ok: true, kind: 'invalid', view: 'form', errors: { receivedOn: '收到日期不能晚于今天（2026年12月7日）' } });
    expect(page.values.description).toBe(phoneCall.description);
    expect((await opened.store.bureauRecords('qiaocheng')).length).toBe(before);
  });

  it('is not for a school’s session nor for the office', async () => {
    expect(await post(session('school', 'school:qc-xinghe-primary'), phoneCall)).toEqual({
      ok: false,
      kind: 'forbidden',
      message: '学校账号不能登记或查看举报。',
    });
    expect(await post(session('office', '@office'), phoneCall)).toEqual({
      ok: false,
      kind: 'forbidden',
      message: '督导机构不登记举报：请把来电来信转给学校所属的教育局登记办理。',
    });
  });
});
