// The findings in the statistics, tallied from stored complaints without a
// store: which answer's finding counts, 未注明 for answers from before
// findings were required, and the secondary suppression of a line
// (answered = the five findings) written out by hand.
import { describe, expect, it } from 'vitest';
import { statsTally } from '../../src/domain/statsTally';
import { figureOf } from '../../src/domain/statistics';
import { figureText } from '../../src/domain/suppression';
import type { ComplaintEvent, ComplaintRecord } from '../../src/domain/complaint';
import type { Finding } from '../../src/domain/findings';
import { complaintRecord } from '../support/complaintRecord';
import { sampleDirectory } from '../support/directory';

const rules = { minCount: 5, minGroup: 5 };
const NOW = new Date('2026-12-07T02:00:00Z');
const FILED = '2026-11-02T02:00:00.000Z';
let n = 0;

/** A complaint about 星河小学 answered on 20 November with `findings` in turn (none: an answer from before findings). */
function answered(findings: Array<Finding | undefined>, over: Partial<ComplaintRecord> = {}): ComplaintRecord {
  const history: ComplaintEvent[] = [
    { at: FILED, type: 'filed', bureau: 'qiaocheng' },
    { at: '2026-11-03T02:00:00.000Z', type: 'accepted', bureau: 'qiaocheng' },
  ];
  findings.forEach((finding, i) => {
    if (i > 0) history.push({ at: `2026-11-2${i}T01:00:00.000Z`, type: 'disputed', bureau: 'qiaocheng' });
    history.push({ at: `2026-11-2${i}T02:00:00.000Z`, type: 'resolved', bureau: 'qiaocheng', note: '已答复。', ...(finding ? { finding } : {}) });
  });
  const latest = findings.at(-1);
  n += 1;
  return complaintRecord({
    reference: `JB-20261102-AAAA${String(n).padStart(4, '0')}`,
    filedAt: FILED,
    status: 'resolved',
    history,
    ...(latest ? { finding: latest } : {}),
    ...over,
  });
}

function published(records: ComplaintRecord[]) {
  const tally = statsTally(sampleDirectory(), NOW);
  for (const r of records) tally.add(r);
  const snapshot = tally.publish(rules);
  const text = (id: string) => figureText(figureOf(snapshot, id), rules);
  return (scope: string) =>
    [`answered|${scope}`, ...['substantiated', 'partly', 'unfounded', 'unverifiable', 'none'].map((f) => `finding|${f}|${scope}`)].map(text);
}

describe('findings in the statistics', () => {
  it('counts the latest answer’s finding, and an answer without one as 未注明; unanswered complaints not at all', () => {
    const records = [
      ...Array.from({ length: 5 }, () => answered(['unfounded', 'substantiated'])),
      ...Array.from({ length: 5 }, () => answered([undefined])),
      ...Array.from({ length: 5 }, () => answered(['unverifiable'])),
      ...Array.from({ length: 3 }, () => complaintRecord({ reference: `JB-20261102-BBBB000${++n % 10}`, filedAt: FILED })),
    ];
    const row = published(records);
    expect(row('school:qc-xinghe-primary')).toEqual(['15', '5', '0', '0', '5', '5']);
    expect(row('qiaocheng')).toEqual(['15', '5', '0', '0', '5', '5']);
    expect(row('city')).toEqual(['15', '5', '0', '0', '5', '5']);
  });

  it('withholds a second figure when the total and the rest would give a small one away', () => {
    // 6 answered: 5 属实 and 1 不属实. "少于 5" alone would be 6 − 5 = 1: the smallest shown part goes too.
    const records = [...Array.from({ length: 5 }, () => answered(['substantiated'])), answered(['unfounded'])];
    const row = published(records);
    expect(row('school:qc-xinghe-primary')).toEqual(['6', '不公布', '0', '少于 5', '0', '0']);
    expect(row('qiaocheng')).toEqual(['6', '不公布', '0', '少于 5', '0', '0']);
    expect(row('city')).toEqual(['6', '不公布', '0', '少于 5', '0', '0']);
  });

  it('leaves a year-old answer out with its complaint', () => {
    const old = answered(['substantiated'], { filedAt: '2025-11-02T02:00:00.000Z' });
    expect(published([old])('city')).toEqual(['0', '0', '0', '0', '0', '0']);
  });
});
