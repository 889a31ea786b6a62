// The statistics snapshot from a known distribution of complaints (see
// tests/support/statsScenario.ts), on each store engine: every published
// figure, share, median and the ranking, as the job keeps them.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { figureText } from '../../src/domain/suppression';
import { figureOf, type StatsSnapshot } from '../../src/domain/statistics';
import { statisticsService } from '../../src/server/services/statistics';
import type { StatsStore } from '../../src/ports/statsStore';
import { sampleDirectory } from '../support/directory';
import { fileStatsScenario } from '../support/statsScenario';
import { statsStoreBeside, storeBackends, type OpenedStore } from '../support/stores';

const rules = { minCount: 5, minGroup: 5 };
const START = new Date('2026-06-01T02:00:00Z');
const DAY100 = new Date(START.getTime() + 100 * 86_400_000);

describe.each(storeBackends().filter((b) => b.name !== 'upstash-rest'))('the statistics snapshot over $name', (backend) => {
  let opened: OpenedStore;
  let stats: StatsStore;
  let snapshot: StatsSnapshot;
  const text = (id: string) => figureText(figureOf(snapshot, id), rules);

  beforeAll(async () => {
    opened = await backend.open();
    const directory = sampleDirectory();
    const keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
    stats = statsStoreBeside(opened.address);
    await fileStatsScenario({ store: opened.store, keys, directory, start: START });
    // Pages of 4, so that the walk takes many steps.
    const service = statisticsService({ store: opened.store, stats, directory, clock: { now: () => DAY100 }, rules, pageSize: 4 });
    expect(await service.snapshot()).toBeNull();
    expect(await service.refresh()).toEqual({ computedAt: '2026-09-09T02:00:00.000Z', complaints: 36 });
    snapshot = (await service.snapshot())!;
  });
  afterAll(async () => {
    await stats?.close();
    await opened?.cleanup();
  });

  it('covers the twelve months up to the day it was computed', () => {
    expect(snapshot.computedAt).toBe('2026-09-09T02:00:00.000Z');
    expect(snapshot.months).toEqual([
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
    ]);
  });

  it('counts each bureau’s complaints and handling, small counts as 少于 5', () => {
    const row = (scope: string) =>
      ['received', 'acceptedOnTime', 'answeredOnTime', 'overdue', 'rejected', 'transferred', 'disputed'].map((m) => text(`${m}|${scope}`));
    expect(row('city')).toEqual(['36', '21', '21', '10', '5', '5', '5']);
    expect(row('qiaocheng')).toEqual(['15', '10', '10', '0', '5', '0', '5']);
    expect(row('guoyang')).toEqual(['10', '0', '0', '5', '0', '5', '0']);
    expect(row('bozhou-city')).toEqual(['6', '11', '11', '0', '0', '0', '0']);
    expect(row('mengcheng')).toEqual(['少于 5', '0', '0', '少于 5', '0', '0', '0']);
    expect(row('lixin')).toEqual(['少于 5', '0', '0', '少于 5', '0', '0', '0']);
  });

  it('gives shares and medians only for groups of five or more', () => {
    const share = (id: string) => figureText(snapshot.shares[id]!, rules);
    const median = (id: string) => figureText(snapshot.medians[id]!, rules);
    expect(['city', 'qiaocheng', 'guoyang', 'bozhou-city', 'mengcheng', 'lixin'].map((b) => [share(`accept|${b}`), share(`answer|${b}`)])).toEqual([
      ['58%', '100%'],
      ['67%', '100%'],
      ['0%', '不公布'],
      ['100%', '100%'],
      ['不公布', '不公布'],
      ['不公布', '不公布'],
    ]);
    expect(['city', 'qiaocheng', 'guoyang', 'bozhou-city', 'mengcheng'].map((b) => [median(`daysToDecide|${b}`), median(`daysToAnswer|${b}`)])).toEqual([
      ['5', '28'],
      ['5', '46'],
      ['不公布', '不公布'],
      ['2', '28'],
      ['不公布', '不公布'],
    ]);
  });

  it('ranks the bureaus by on-time decisions and answers, leaving out those with too few', () => {
    expect(snapshot.ranking).toEqual({
      ranked: [
        { bureau: 'bozhou-city', percent: 100 },
        { bureau: 'qiaocheng', percent: 80 },
        { bureau: 'guoyang', percent: 0 },
      ],
      unranked: ['mengcheng', 'lixin'],
    });
  });

  it('counts by category, aspect, month and school', () => {
    expect(['class-arrangement', 'teaching', 'enrolment', 'unsure'].map((c) => text(`category|${c}|city`))).toEqual(['20', '16', '0', '0']);
    expect(['holiday-classes', 'homework', 'curriculum'].map((a) => text(`aspect|${a}|city`))).toEqual(['20', '10', '6']);
    expect(text('category|class-arrangement|mengcheng')).toBe('少于 5');
    expect(text('month|2026-06|city')).toBe('36');
    expect(text('month|2026-05|city')).toBe('0');
    expect(text('month-aspect|2026-06|holiday-classes')).toBe('20');
    expect(text('received|school:qc-xinghe-primary')).toBe('15');
    expect(text('category|class-arrangement|school:qc-xinghe-primary')).toBe('15');
    expect(text('received|school:mc-yueguang-primary')).toBe('少于 5');
    expect(text('received|school:qc-taoxi-primary')).toBe('0');
  });

  it('counts the findings of answered complaints by bureau, school and aspect, small counts hidden', () => {
    // Columns: answered, 属实, 部分属实, 不属实, 无法核实, 未注明. A bureau's are those about its schools.
    const row = (answered: string, finding: (f: string) => string) => [
      text(answered),
      ...['substantiated', 'partly', 'unfounded', 'unverifiable', 'none'].map((f) => text(finding(f))),
    ];
    const scope = (s: string) => row(`answered|${s}`, (f) => `finding|${f}|${s}`);
    expect(scope('city')).toEqual(['21', '10', '5', '少于 5', '少于 5', '0']);
    expect(scope('qiaocheng')).toEqual(['10', '5', '5', '0', '0', '0']);
    expect(scope('guoyang')).toEqual(['5', '5', '0', '0', '0', '0']);
    expect(scope('bozhou-city')).toEqual(['6', '0', '0', '少于 5', '少于 5', '0']);
    expect(scope('mengcheng')).toEqual(['0', '0', '0', '0', '0', '0']);
    expect(scope('school:qc-xinghe-primary')).toEqual(['10', '5', '5', '0', '0', '0']);
    expect(scope('school:gy-qinghe-primary')).toEqual(['5', '5', '0', '0', '0', '0']);
    expect(scope('school:city-qingtong-middle')).toEqual(['6', '0', '0', '少于 5', '少于 5', '0']);
    const aspect = (a: string) => row(`answered-aspect|${a}`, (f) => `finding-aspect|${f}|${a}`);
    expect(aspect('holiday-classes')).toEqual(['10', '5', '5', '0', '0', '0']);
    expect(aspect('homework')).toEqual(['5', '5', '0', '0', '0', '0']);
    expect(aspect('curriculum')).toEqual(['6', '0', '0', '少于 5', '少于 5', '0']);
  });

  it('keeps no raw small count anywhere in the record', () => {
    const json = JSON.stringify(snapshot.figures);
    // The group of 3 (蒙城) and of 2 (利辛) appear only as 少于 5.
    for (const id of ['received|mengcheng', 'received|lixin', 'overdue|mengcheng', 'received|school:mc-yueguang-primary']) {
      expect(figureOf(snapshot, id)).toEqual({ kind: 'fewer' });
    }
    expect(json).not.toMatch(/"value":[1-4]\b/);
  });
});
