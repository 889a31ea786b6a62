// Ratings and recurrences in the statistics snapshot: a known set of
// complaints, every published figure of the new cells written out, with
// the suppression rule (counts 1–4 shown as "少于 5", and a figure that
// would give a hidden one away withheld).
import { describe, expect, it } from 'vitest';
import { statsTally } from '../../src/domain/statsTally';
import type { ComplaintRecord } from '../../src/domain/complaint';
import type { Rating } from '../../src/domain/ratings';
import { complaintRecord } from '../support/complaintRecord';
import { sampleDirectory } from '../support/directory';

const NOW = new Date('2026-12-07T02:00:00Z');
const rules = { minCount: 5, minGroup: 5 };
let n = 0;

/** `count` complaints about `school` and `aspect` filed in November, each answered and rated `rating`, or a follow-up complaint. */
function some(count: number, school: string, aspect: string, bureau: string, what: Rating | 'recurrence'): ComplaintRecord[] {
  return Array.from({ length: count }, () => {
    const reference = `JB-20261110-R${String(++n).padStart(7, '0')}`;
    return complaintRecord({
      reference,
      school,
      aspect,
      bureau,
      filedAt: '2026-11-10T02:00:00.000Z',
      acceptBy: '2026-11-25',
      ...(what === 'recurrence'
        ? { recurrenceOf: 'JB-20261001-EARLIER1' }
        : { status: what === 'unsatisfied' ? 'disputed' : 'confirmed', rating: what, closedAt: '2026-11-20T02:00:00.000Z' }),
    });
  });
}

describe('ratings and recurrences in the statistics', () => {
  it('publishes each count per city, bureau, school and problem type, suppressed', () => {
    const tally = statsTally(sampleDirectory(), NOW);
    for (const record of [
      ...some(6, 'qc-xinghe-primary', 'holiday-classes', 'qiaocheng', 'satisfied'),
      ...some(2, 'qc-xinghe-primary', 'holiday-classes', 'qiaocheng', 'unsatisfied'),
      ...some(5, 'qc-taoxi-primary', 'holiday-classes', 'qiaocheng', 'satisfied'),
      ...some(1, 'qc-taoxi-primary', 'holiday-classes', 'qiaocheng', 'basically'),
      ...some(7, 'gy-qinghe-primary', 'homework', 'guoyang', 'satisfied'),
      ...some(6, 'qc-xinghe-primary', 'holiday-classes', 'qiaocheng', 'recurrence'),
      ...some(1, 'gy-qinghe-primary', 'homework', 'guoyang', 'recurrence'),
    ])
      tally.add(record);
    const { figures } = tally.publish(rules);
    const ours = Object.fromEntries(Object.entries(figures).filter(([id]) => id.startsWith('rating|') || id.startsWith('recurrence|')));
    const count = (value: number) => ({ kind: 'count', value });
    const fewer = { kind: 'fewer' };
    const withheld = { kind: 'withheld' };
    // Shown zeros are left out of the snapshot (figureOf reads them as 0).
    expect(ours).toEqual({
      'rating|satisfied|city': count(18),
      'rating|satisfied|qiaocheng': count(11),
      'rating|satisfied|guoyang': count(7),
      'rating|satisfied|school:qc-xinghe-primary': count(6),
      'rating|satisfied|school:qc-taoxi-primary': count(5),
      'rating|satisfied|school:gy-qinghe-primary': count(7),
      'rating|satisfied|aspect:holiday-classes': count(11),
      'rating|satisfied|aspect:homework': count(7),
      // 2 and 1: shown as 少于 5 everywhere.
      'rating|unsatisfied|city': fewer,
      'rating|unsatisfied|qiaocheng': fewer,
      'rating|unsatisfied|school:qc-xinghe-primary': fewer,
      'rating|unsatisfied|aspect:holiday-classes': fewer,
      'rating|basically|city': fewer,
      'rating|basically|qiaocheng': fewer,
      'rating|basically|school:qc-taoxi-primary': fewer,
      'rating|basically|aspect:holiday-classes': fewer,
      // 7 recurrences = 6 (谯城) + 1 (涡阳): with the city's 7 shown and 涡阳's hidden 1,
      // 谯城's 6 would give it away, so 谯城, its school and its problem type are withheld.
      'recurrence|city': count(7),
      'recurrence|qiaocheng': withheld,
      'recurrence|school:qc-xinghe-primary': withheld,
      'recurrence|aspect:holiday-classes': withheld,
      'recurrence|guoyang': fewer,
      'recurrence|school:gy-qinghe-primary': fewer,
      'recurrence|aspect:homework': fewer,
    });
  });
});
