// Waiting for other parents (domain/waiting.ts), as tables with the time passed in.
import { describe, expect, it } from 'vitest';
import { countsToward, decideWaiting, releasedRecord, releaseJobs, startWaiting, waitStanding, type Waiting } from '../../src/domain/waiting';
import { smsForStep } from '../../src/domain/smsNotice';
import { SMS_SETTINGS } from '../support/smsSettings';
import { parseComplaintInput } from '../../src/domain/complaintInput';
import type { ComplaintRecord } from '../../src/domain/complaint';
import { sampleDirectory } from '../support/directory';
import { complaintRecord } from '../support/complaintRecord';
import { applyAction } from '../../src/domain/status';

const terms = (then: 'alone' | 'withdraw'): Waiting => startWaiting(new Date('2026-12-07T02:00:00Z'), { parents: 3, days: 30 }, then);

describe('the terms of a wait', () => {
  it('ends the given number of days after filing, on China’s calendar', () => {
    expect(terms('alone')).toEqual({ need: 3, until: '2027-01-06T02:00:00.000Z', untilDay: '2027-01-06', then: 'alone' });
    expect(startWaiting(new Date('2026-12-07T17:00:00Z'), { parents: 5, days: 10 }, 'withdraw')).toEqual({
      need: 5,
      until: '2026-12-17T17:00:00.000Z',
      untilDay: '2026-12-18',
      then: 'withdraw',
    });
  });
});

describe('what becomes of a waiting complaint', () => {
  it.each([
    // then, counted, now, decision
    ['alone', 1, '2026-12-08T00:00:00Z', 'wait'],
    ['alone', 2, '2027-01-06T01:59:59Z', 'wait'],
    ['alone', 3, '2026-12-08T00:00:00Z', 'release'],
    ['withdraw', 4, '2026-12-08T00:00:00Z', 'release'],
    ['withdraw', 3, '2027-02-01T00:00:00Z', 'release'],
    ['alone', 2, '2027-01-06T02:00:00Z', 'alone'],
    ['withdraw', 2, '2027-01-06T02:00:00Z', 'withdraw'],
    ['withdraw', 1, '2027-03-01T00:00:00Z', 'withdraw'],
  ] as const)('%s, %i counted, at %s: %s', (then, counted, now, decision) => {
    expect(decideWaiting(terms(then), counted, new Date(now))).toBe(decision);
  });
});

const record = (school: string, aspect: string, filedAt: string, waiting?: Waiting) =>
  ({ reference: `JB-${filedAt}`, school, aspect, filedAt, acceptBy: '', ...(waiting ? { waiting } : {}) }) as unknown as ComplaintRecord;

describe('counting a group', () => {
  it('counts the same school and aspect filed within the window, waiting or not', () => {
    const records = [
      record('a', 'x', '2026-12-01T00:00:00Z', terms('alone')),
      record('a', 'x', '2026-11-08T00:00:00Z'),
      record('a', 'x', '2026-11-07T23:59:59Z'), // before the 30 days
      record('a', 'y', '2026-12-01T00:00:00Z'),
      record('b', 'x', '2026-12-01T00:00:00Z'),
    ];
    expect(countsToward(records, 'a', 'x', new Date('2026-12-08T00:00:00Z'), 30)).toBe(2);
  });
});

describe('a released complaint', () => {
  it('keeps its filing day and gets its deadline from the day it went', () => {
    const released = releasedRecord(record('a', 'x', '2026-12-01T02:00:00Z', terms('alone')), new Date('2026-12-20T03:00:00Z'), 15);
    expect(released).toEqual({
      reference: 'JB-2026-12-01T02:00:00Z',
      school: 'a',
      aspect: 'x',
      filedAt: '2026-12-01T02:00:00Z',
      acceptBy: '2027-01-04',
      releasedAt: '2026-12-20T03:00:00.000Z',
    });
  });
});

describe('what a release queues', () => {
  const REF = 'JB-20261207-AAAAAAAA';
  const NOW = new Date('2026-12-09T03:00:00Z');
  it.each([
    // left an email, left a mobile, job ids
    [false, false, [`complaint.filed/${REF}`]],
    [true, false, [`complaint.filed/${REF}`, `parent.released/${REF}`]],
    [false, true, [`complaint.filed/${REF}`, `parent.sms/${REF}/released`]],
    [true, true, [`complaint.filed/${REF}`, `parent.released/${REF}`, `parent.sms/${REF}/released`]],
  ])('email %s, SMS %s: %j', (notifyParent, notifySms, ids) => {
    const jobs = releaseJobs(complaintRecord({ reference: REF, notifyParent, ...(notifySms ? { notifySms } : {}) }), NOW);
    expect(jobs.map((j) => j.id)).toEqual(ids);
    expect(jobs.map((j) => j.event)).toEqual(
      ids.map((id) => ({ 'complaint.filed': 'complaint.filed', 'parent.released': 'parent.released', 'parent.sms': 'parent.sms' })[id.split('/')[0]!]),
    );
    for (const job of jobs) expect(job).toMatchObject({ reference: REF, createdAt: '2026-12-09T03:00:00.000Z', attempts: 0 });
  });

  it('texts the parent with the update template: the reference and 已转给教育局办理, nothing else', () => {
    expect(smsForStep(REF, 'released', '13900005678', `parent.sms/${REF}/released`, SMS_SETTINGS)).toEqual({
      to: '13900005678',
      template: 'update',
      templateCode: 'SMS_1',
      signName: '校务监督示例',
      params: [
        { name: 'reference', value: REF },
        { name: 'status', value: '已转给教育局办理' },
      ],
      idempotencyKey: `parent.sms/${REF}/released`,
    });
  });
});

describe('where it stands, for the parent', () => {
  it.each([
    [1, 'withdraw', '等待其他家长：已有 1 位，还需 2 位，最晚 2027年1月6日。到期仍不够人数时，您的举报将撤回并删除。'],
    [2, 'alone', '等待其他家长：已有 2 位，还需 1 位，最晚 2027年1月6日。到期仍不够人数时，您的举报将单独转给教育局。'],
  ] as const)('%i counted, then %s', (counted, then, text) => {
    expect(waitStanding(terms(then), counted).text).toBe(text);
  });
});

describe('the form’s choice', () => {
  const directory = sampleDirectory();
  const base = { school: 'qc-xinghe-primary', aspect: 'holiday-classes', description: '学校寒假期间组织全年级学生到校补课。', anonymous: 'true' };
  it.each([
    [{}, { ok: true, wait: undefined }],
    [
      { waitForOthers: 'on', waitEnd: 'alone' },
      { ok: true, wait: 'alone' },
    ],
    [
      { waitForOthers: 'on', waitEnd: 'withdraw' },
      { ok: true, wait: 'withdraw' },
    ],
    [{ waitEnd: 'withdraw' }, { ok: true, wait: undefined }],
    [{ waitForOthers: 'on' }, { ok: false, errors: { waitEnd: '请选择等待期满、人数仍不够时怎么办：单独转给教育局，或撤回并删除' } }],
    [
      { waitForOthers: 'on', waitEnd: 'alone', aspect: 'unsure' },
      { ok: false, errors: { waitForOthers: '等待其他家长需要选定具体的问题类型；不确定属于哪一类时，请不要勾选等待' } },
    ],
  ] as const)('%o', (fields, expected) => {
    const parsed = parseComplaintInput({ ...base, ...fields }, directory, '2026-12-07');
    if (expected.ok) expect(parsed.ok ? parsed.value.wait : parsed.errors).toBe(expected.wait);
    else expect(parsed).toEqual(expected);
  });
});

describe('a complaint that waits', () => {
  it('takes no step from anyone, an escalation included, until it goes', () => {
    const waiting = { ...complaintRecord({ reference: 'JB-20261207-WAIT0001', acceptBy: '' }), waiting: terms('alone') };
    const refused = { ok: false, error: '这份举报正在等待其他家长反映，还没有转给教育局，暂时不能执行此操作' };
    const directory = sampleDirectory();
    const now = new Date('2026-12-30T02:00:00Z');
    expect(applyAction(waiting, { type: 'escalate' }, { kind: 'parent' }, now, directory)).toEqual(refused);
    expect(applyAction(waiting, { type: 'accept' }, { kind: 'bureau', bureau: waiting.bureau }, now, directory)).toEqual(refused);
  });
});
