// The scorecard's complaint indicators for November 2026, from records
// written out by hand: a decision or an answer counts in the month it was
// made or fell due, recurrences and ratings with the month the complaint was filed.
import { describe, expect, it } from 'vitest';
import { complaintIndicators } from '../../src/domain/assessment/complaintIndicators';
import type { ComplaintRecord } from '../../src/domain/complaint';
import { complaintRecord } from '../support/complaintRecord';
import { smallDirectory } from '../support/directory';

const at = (day: string) => `${day}T02:00:00.000Z`;
/** A complaint filed on `filed` (acceptBy 15 days later), with these steps. */
function filed(ref: string, filed: string, acceptBy: string, steps: Array<[string, 'accepted' | 'resolved']>, over: Partial<ComplaintRecord> = {}) {
  return complaintRecord({
    reference: ref,
    filedAt: at(filed),
    acceptBy,
    history: [
      { at: at(filed), type: 'filed', bureau: 'qiaocheng' },
      ...steps.map(([day, type]) => (type === 'accepted' ? { at: at(day), type } : { at: at(day), type, answer: '已核查。' })),
    ] as ComplaintRecord['history'],
    ...over,
  });
}

describe('the complaint indicators of a month', () => {
  const records = [
    // October, decided in October: not November's.
    filed('A', '2026-10-01', '2026-10-16', [['2026-10-10', 'accepted']]),
    // October, decided on time in November (due 11-10).
    filed('B', '2026-10-26', '2026-11-10', [['2026-11-05', 'accepted']]),
    // November, decided late in December: due 11-18, so late in November.
    filed('C', '2026-11-03', '2026-11-18', [['2026-12-02', 'accepted']]),
    // November, not decided yet, due in December: not November's.
    filed('D', '2026-11-25', '2026-12-10', [], { recurrenceOf: 'A' }),
    // Accepted 09-10, answer due 11-09 (60 days), given 11-08: on time in November.
    filed('E', '2026-09-01', '2026-09-16', [
      ['2026-09-10', 'accepted'],
      ['2026-11-08', 'resolved'],
    ]),
    // Answer due 11-20 (accepted 09-21), not given: late in November.
    filed('F', '2026-09-15', '2026-09-30', [['2026-09-21', 'accepted']]),
    // Filed in November, rated 满意; accepted the same day.
    filed('G', '2026-11-02', '2026-11-17', [['2026-11-02', 'accepted']], { rating: 'satisfied' }),
    // Filed in December: nothing for November.
    filed('H', '2026-12-01', '2026-12-16', [['2026-12-01', 'accepted']]),
  ];
  const tally = complaintIndicators(smallDirectory(), '2026-11');
  for (const record of records) tally.add(record);

  it.each([
    // B on time, C late, G on time
    ['acceptedOnTime', { met: 2, due: 3 }],
    // E on time, F late
    ['answeredOnTime', { met: 1, due: 2 }],
    // C, D, G filed in November; D repeats A
    ['noRecurrence', { met: 2, due: 3 }],
    // G rated 满意
    ['ratings', { met: 1, due: 1 }],
  ] as const)('%s', (indicator, expected) => {
    expect(tally.of('qiaocheng')[indicator]).toEqual(expected);
  });

  it('counts nothing for a county without complaints', () => {
    expect(tally.of('guoyang')).toEqual({
      acceptedOnTime: { met: 0, due: 0 },
      answeredOnTime: { met: 0, due: 0 },
      noRecurrence: { met: 0, due: 0 },
      ratings: { met: 0, due: 0 },
    });
  });
});
