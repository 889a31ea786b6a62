// Complaints recorded by staff (issue 24, point 5), in the pure domain: the
// received day the clocks run from, its bounds with the form's words, the
// officer's form checked like the parent's, the status machine unchanged for
// a recorded complaint, and the statistics by channel with suppression. The
// expected dates and figures are written out by hand (15 days to accept).
import { describe, expect, it } from 'vitest';
import { acceptBy } from '../../src/domain/deadlines';
import { channelOf, checkReceivedOn, earliestReceivedOn, receivedAt } from '../../src/domain/channels';
import { parseStaffInput } from '../../src/domain/staffInput';
import { applyAction } from '../../src/domain/status';
import { publicView } from '../../src/domain/publicView';
import { statsTally } from '../../src/domain/statsTally';
import { figureOf } from '../../src/domain/statistics';
import { figureText } from '../../src/domain/suppression';
import type { ComplaintRecord } from '../../src/domain/complaint';
import { complaintRecord } from '../support/complaintRecord';
import { smallDirectory } from '../support/directory';

/** 10:00 on 7 December 2026 in China. */
const NOW = new Date('2026-12-07T02:00:00Z');
const TODAY = '2026-12-07';
const directory = smallDirectory();

describe('the received day', () => {
  it('moves the acceptance deadline: received 10 days ago, it falls due 10 days earlier than one filed today', () => {
    const webDue = acceptBy(NOW, 15);
    const recordedDue = acceptBy(receivedAt('2026-11-27', TODAY, NOW), 15);
    expect(webDue).toBe('2026-12-22');
    expect(recordedDue).toBe('2026-12-12');
  });

  it('counts from the start of that day in China when it is earlier, and from the moment of recording when it is today', () => {
    expect(receivedAt('2026-11-27', TODAY, NOW).toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(receivedAt(TODAY, TODAY, NOW).toISOString()).toBe('2026-12-07T02:00:00.000Z');
    // Received the evening before, recorded just after midnight China time: still the day before's clock.
    expect(acceptBy(receivedAt('2026-12-06', '2026-12-07', new Date('2026-12-06T16:30:00Z')), 15)).toBe('2026-12-21');
  });

  it.each([
    ['2026-12-08', '收到日期不能晚于今天（2026年12月7日）'],
    ['2027-01-01', '收到日期不能晚于今天（2026年12月7日）'],
    ['2026-11-07', '收到日期不能早于 2026年11月8日（29 天前）。请检查年份和月份是否写错；确实更早收到的举报，请报督导机构处理。'],
    ['2025-12-07', '收到日期不能早于 2026年11月8日（29 天前）。请检查年份和月份是否写错；确实更早收到的举报，请报督导机构处理。'],
    ['', '请填写收到举报的日期'],
    ['7/12/2026', '日期格式应为 年-月-日，例如 2026-11-20'],
    ['2026-11-31', '日历上没有 2026-11-31 这一天，请检查年、月、日'],
  ])('refuses %j: %s', (value, error) => {
    expect(checkReceivedOn(value, TODAY, 15)).toEqual({ ok: false, error });
  });

  it.each(['2026-12-07', '2026-11-27', '2026-11-08'])('takes %s (today back to 29 days ago)', (day) => {
    expect(checkReceivedOn(day, TODAY, 15)).toEqual({ ok: true, day });
  });

  it('goes back one acceptance period plus two weeks', () => {
    expect(earliestReceivedOn(TODAY, 15)).toBe('2026-11-08');
    expect(earliestReceivedOn('2026-03-01', 10)).toBe('2026-02-05');
  });
});

describe('the officer’s form', () => {
  const base = {
    channel: 'phone',
    receivedOn: '2026-11-27',
    school: 'qc-xinghe-primary',
    aspect: 'holiday-classes',
    description: '奶奶来电：学校国庆假期组织全班补课，每人收费三百元。',
    anonymous: 'false',
    name: '王奶奶',
    phone: '13912345678',
    contactConsent: 'true',
  };

  it('gives the parent’s answers as the web form takes them, with the channel and the day', () => {
    expect(parseStaffInput(base, directory, TODAY)).toEqual({
      ok: true,
      value: {
        channel: 'phone',
        receivedOn: '2026-11-27',
        input: {
          school: 'qc-xinghe-primary',
          aspect: 'holiday-classes',
          description: '奶奶来电：学校国庆假期组织全班补课，每人收费三百元。',
          anonymous: false,
          contact: { name: '王奶奶', phone: '13912345678' },
          contactConsent: true,
        },
      },
    });
  });

  it('says every problem at once, in Chinese', () => {
    expect(parseStaffInput({ ...base, channel: 'fax', receivedOn: '2026-12-08', description: '补课', occurredOn: '' }, directory, TODAY)).toEqual({
      ok: false,
      errors: {
        channel: '请选择举报是怎样收到的：电话、来信、来访或 12345 转办',
        receivedOn: '收到日期不能晚于今天（2026年12月7日）',
        description: '请多写一点：至少 10 个字，说清楚发生了什么',
      },
    });
  });

  it('refuses a day it happened after the day it was received', () => {
    expect(parseStaffInput({ ...base, occurredOn: '2026-12-01' }, directory, TODAY)).toEqual({
      ok: false,
      errors: { occurredOn: '事情发生的日期不能晚于收到举报的日期' },
    });
  });

  it('refuses the web form’s own channel: a web complaint is the parent’s to file', () => {
    expect(parseStaffInput({ ...base, channel: 'web' }, directory, TODAY)).toMatchObject({ ok: false, errors: { channel: expect.any(String) } });
  });
});

describe('a recorded complaint in the status machine', () => {
  const recorded = complaintRecord({
    channel: 'letter',
    filedAt: '2026-11-26T16:00:00.000Z',
    recordedAt: '2026-12-07T02:00:00.000Z',
    acceptBy: '2026-12-12',
    history: [{ at: '2026-11-26T16:00:00.000Z', type: 'filed', bureau: 'qiaocheng' }],
  });

  it('is accepted like any other, keeping its channel and its clocks', () => {
    const outcome = applyAction(recorded, { type: 'accept' }, { kind: 'bureau', bureau: 'qiaocheng' }, NOW, directory);
    expect(outcome.ok && outcome.record).toMatchObject({ status: 'accepted', channel: 'letter', acceptBy: '2026-12-12', resolveBy: '2027-02-05' });
  });

  it.each([
    ['submitted', { type: 'reject', reason: '不属于本次专项治理范围' }],
    ['submitted', { type: 'transfer', to: 'guoyang', reason: '学校由涡阳县教育局主管' }],
    ['accepted', { type: 'extend', reason: '需要调取学校的收费账目' }],
    ['accepted', { type: 'resolve', answer: '经查属实，已责令学校停止补课并全额退费。', finding: 'substantiated' }],
  ] as const)('from %s, %o keeps how and when it came in, and adds one step to its history', (status, action) => {
    const from = { ...recorded, status, ...(status === 'accepted' ? { resolveBy: '2027-02-05' } : {}) } as ComplaintRecord;
    const outcome = applyAction(from, action, { kind: 'bureau', bureau: 'qiaocheng' }, NOW, directory);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.record).toMatchObject({ channel: 'letter', filedAt: '2026-11-26T16:00:00.000Z', recordedAt: '2026-12-07T02:00:00.000Z' });
    expect(outcome.record.history.slice(0, 1)).toEqual(recorded.history);
    expect(outcome.record.history).toHaveLength(2);
  });

  it('shows the parent how it came in and the day it was received', () => {
    const view = publicView(recorded, directory, TODAY);
    expect(view.channel).toEqual({ id: 'letter', label: '来信' });
    expect(view.filedAt).toBe('2026-11-26T16:00:00.000Z');
    expect(channelOf(complaintRecord())).toBe('web');
    expect(publicView(complaintRecord(), directory, TODAY).channel).toBeUndefined();
  });
});

describe('the statistics by channel', () => {
  const rules = { minCount: 5, minGroup: 5 };
  const records: ComplaintRecord[] = [];
  const add = (n: number, channel?: ComplaintRecord['channel']) => {
    for (let i = 0; i < n; i++)
      records.push(
        complaintRecord({ reference: `JB-20261201-${channel ?? 'web'}${String(i).padStart(4, '0')}`.slice(0, 20), ...(channel ? { channel } : {}) }),
      );
  };
  add(6);
  add(5, 'phone');
  add(2, 'letter');
  add(2, 'hotline');
  const tally = statsTally(directory, NOW);
  for (const r of records) tally.add(r);
  const snapshot = tally.publish(rules);
  const row = (scope: string) => ['web', 'phone', 'letter', 'visit', 'hotline'].map((c) => figureText(figureOf(snapshot, `channel|${c}|${scope}`), rules));

  it('counts each channel for the city and the bureau, small counts as 少于 5', () => {
    expect(figureText(figureOf(snapshot, 'received|qiaocheng'), rules)).toBe('15');
    expect(row('qiaocheng')).toEqual(['6', '5', '少于 5', '0', '少于 5']);
    expect(row('city')).toEqual(['6', '5', '少于 5', '0', '少于 5']);
    expect(row('guoyang')).toEqual(['0', '0', '0', '0', '0']);
  });

  it('withholds a second figure where one small count could be worked out from the total', () => {
    const one = statsTally(directory, NOW);
    for (const r of records.filter((r) => r.channel !== 'hotline')) one.add(r);
    const published = one.publish(rules);
    const text = (id: string) => figureText(figureOf(published, id), rules);
    // 13 received = 6 web + 5 phone + letters: the letters would be exactly 2, so the smallest shown part goes too.
    expect(text('received|qiaocheng')).toBe('13');
    expect(['web', 'phone', 'letter', 'visit', 'hotline'].map((c) => text(`channel|${c}|qiaocheng`))).toEqual(['6', '不公布', '少于 5', '0', '0']);
  });

  it('has no figure by channel for a school', () => {
    expect(Object.keys(snapshot.figures).filter((id) => id.startsWith('channel|') && id.includes('school:'))).toEqual([]);
  });
});
