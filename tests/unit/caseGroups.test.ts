// Grouping a bureau's open complaints by school and problem, and the office's
// signal of a school complained about repeatedly, as tables with the
// expected groups written out.
import { describe, expect, it } from 'vitest';
import { canAnswer, groupTitle, openGroups, repeatSignals } from '../../src/domain/caseGroups';
import type { ComplaintRecord, ComplaintStatus } from '../../src/domain/complaint';
import { complaintRecord } from '../support/complaintRecord';
import { sampleDirectory } from '../support/directory';

const directory = sampleDirectory();
const TODAY = '2026-12-07';
let n = 0;

/** A complaint filed on `day` (China) about `school` and `aspect`, in `status`. */
function complaint(school: string, aspect: string, day: string, status: ComplaintStatus = 'submitted', bureau = 'qiaocheng'): ComplaintRecord {
  n += 1;
  return complaintRecord({ reference: `JB-20261201-GRP${String(n).padStart(5, '0')}`, school, aspect, filedAt: `${day}T02:00:00.000Z`, status, bureau });
}

describe('openGroups', () => {
  const records = [
    complaint('qc-xinghe-primary', 'holiday-classes', '2026-12-03', 'accepted'),
    complaint('qc-xinghe-primary', 'holiday-classes', '2026-12-01', 'submitted'),
    complaint('qc-xinghe-primary', 'holiday-classes', '2026-12-02', 'disputed'),
    complaint('qc-xinghe-primary', 'holiday-classes', '2026-11-20', 'resolved'),
    complaint('qc-xinghe-primary', 'homework', '2026-12-01', 'accepted'),
    complaint('qc-taoxi-primary', 'homework', '2026-11-30', 'accepted'),
    complaint('qc-taoxi-primary', 'homework', '2026-12-04', 'submitted'),
    complaint('qc-taoxi-primary', 'homework', '2026-12-05', 'rejected'),
  ];

  it('groups open complaints by school and aspect, two or more, the largest first, each oldest first', () => {
    const groups = openGroups(records, directory, TODAY);
    expect(groups.map((g) => [groupTitle({ ...g, count: g.rows.length }), g.rows.map((r) => [r.filedAt.slice(0, 10), r.status])])).toEqual([
      [
        '3 件：谯城区星河小学（示例） · 节假日集体补课',
        [
          ['2026-12-01', 'submitted'],
          ['2026-12-02', 'disputed'],
          ['2026-12-03', 'accepted'],
        ],
      ],
      [
        '2 件：谯城区桃溪小学（示例） · 作业总量和时长超标',
        [
          ['2026-11-30', 'accepted'],
          ['2026-12-04', 'submitted'],
        ],
      ],
    ]);
  });

  it('counts the open complaints that came through “我也遇到了”', () => {
    const viaLink = [...records.slice(0, 2).map((r) => ({ ...r, sameLink: true as const })), ...records.slice(2)];
    expect(openGroups(viaLink, directory, TODAY).map((g) => [g.rows.length, g.viaLink])).toEqual([
      [3, 2],
      [2, 0],
    ]);
  });

  it('with a minimum of one, lists the single complaints too', () => {
    expect(openGroups(records, directory, TODAY, 1).map((g) => g.rows.length)).toEqual([3, 2, 1]);
  });

  it.each([
    ['submitted', false],
    ['accepted', true],
    ['disputed', true],
    ['resolved', false],
    ['rejected', false],
    ['confirmed', false],
  ] as const)('a complaint %s can take an answer: %s', (status, expected) => {
    expect(canAnswer({ status })).toBe(expected);
  });
});

describe('repeatSignals', () => {
  const rule = { count: 3, days: 90 };

  it('lists schools with at least three complaints in 90 days, whichever bureau has them and whatever their status', () => {
    const records = [
      complaint('qc-xinghe-primary', 'holiday-classes', '2026-12-01', 'resolved'),
      complaint('qc-xinghe-primary', 'holiday-classes', '2026-10-01', 'accepted'),
      complaint('qc-xinghe-primary', 'homework', '2026-09-09', 'submitted', 'guoyang'),
      // 2026-09-08 is 90 days back, outside the window; 2026-09-09 (89 days back, above) is inside.
      complaint('qc-taoxi-primary', 'homework', '2026-09-08'),
      complaint('qc-taoxi-primary', 'homework', '2026-11-01'),
      complaint('qc-taoxi-primary', 'homework', '2026-11-02'),
    ];
    expect(repeatSignals(records, directory, TODAY, rule)).toEqual([
      {
        school: { id: 'qc-xinghe-primary', name: '谯城区星河小学（示例）' },
        bureau: { id: 'qiaocheng', name: '谯城区教育局' },
        count: 3,
        open: 2,
        aspects: [
          { id: 'holiday-classes', name: '节假日集体补课', count: 2 },
          { id: 'homework', name: '作业总量和时长超标', count: 1 },
        ],
      },
    ]);
  });

  it('lists nothing below the count', () => {
    const records = [complaint('qc-xinghe-primary', 'homework', '2026-12-01'), complaint('qc-xinghe-primary', 'homework', '2026-12-02')];
    expect(repeatSignals(records, directory, TODAY, rule)).toEqual([]);
    expect(repeatSignals(records, directory, TODAY, { count: 2, days: 90 }).map((s) => s.count)).toEqual([2]);
  });
});
