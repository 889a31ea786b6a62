// Statistics no diff can defeat (issue 25, point 7), on each store engine:
// one complaint filed at a school with none changes nothing below the city and
// bureau totals, in the snapshot or in the open data, whatever refreshes it,
// until its month has closed; then it appears, frozen with its month.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { liveTotals } from '../../src/domain/assessment/frozenPeriod';
import { figureText } from '../../src/domain/suppression';
import { figureOf, type StatsSnapshot } from '../../src/domain/statistics';
import { statisticsService } from '../../src/server/services/statistics';
import { noAssessmentSources } from '../../src/server/services/assessmentSources';
import { openDatasets, toCsv } from '../../src/server/services/openData';
import type { Registry } from '../../src/catalogue/registry';
import type { StatsStore } from '../../src/ports/statsStore';
import { readContent } from '../support/content';
import { sampleDirectory } from '../support/directory';
import { scenarioSteps } from '../support/statsScenario';
import { statsStoreBeside, storeBackends, type OpenedStore } from '../support/stores';

const rules = { minCount: 5, minGroup: 5 };
const content = readContent();
const registry = content as unknown as Registry;
const bureaus = content.bureaus.map((b) => b.id);
const totals = liveTotals(bureaus);
/** Every published figure except the city and bureau totals, by id (a missing id is a shown 0). */
const belowTotals = (s: StatsSnapshot) => Object.fromEntries(Object.entries(s.figures).filter(([id]) => !totals(id)));
/** The open-data files that break figures down below the bureau totals, as a reader downloads them. */
const detailFiles = (s: StatsSnapshot) =>
  openDatasets(s, registry)
    .filter((d) => d.id !== 'bureaus')
    .map((d) => ({ id: d.id, csv: toCsv(d), json: JSON.stringify(d.rows) }));

describe.each(storeBackends().filter((b) => b.name !== 'upstash-rest'))('frozen periods over $name', (backend) => {
  let opened: OpenedStore;
  let stats: StatsStore;
  let now = new Date('2026-11-10T02:00:00Z');
  let service: ReturnType<typeof statisticsService>;
  let steps: ReturnType<typeof scenarioSteps>;
  const snapshot = async () => (await service.snapshot())!;

  beforeAll(async () => {
    opened = await backend.open();
    const directory = sampleDirectory();
    const keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
    stats = statsStoreBeside(opened.address);
    service = statisticsService({
      store: opened.store,
      stats,
      directory,
      clock: { now: () => now },
      rules,
      periods: { assessment: readContent().settings.assessment, sources: noAssessmentSources },
    });
    // Six complaints at 星河小学 in October, filed on 2026-10-05.
    steps = scenarioSteps({ store: opened.store, keys, directory, start: new Date('2026-10-05T02:00:00Z') });
    steps.on(0);
    await steps.many(6, 'qc-xinghe-primary', 'holiday-classes');
  });
  afterAll(async () => {
    await stats?.close();
    await opened?.cleanup();
  });

  it('shows October’s figures in November, frozen with their month', async () => {
    await service.refresh();
    const s = await snapshot();
    expect(s.frozen).toEqual({ period: '2026-10', computedAt: '2026-11-10T02:00:00.000Z' });
    expect(s.months.at(-1)).toBe('2026-10');
    expect(figureText(figureOf(s, 'received|school:qc-xinghe-primary'), rules)).toBe('6');
    expect(await stats.periods()).toEqual(['2026-10']);
  });

  it('changes nothing below the bureau totals when a complaint is filed at a school with none, however often it refreshes', async () => {
    const before = await snapshot();
    const filesBefore = detailFiles(before);
    // 2026-11-12: one complaint at 利辛县紫云小学, which had none.
    steps.on(38);
    await steps.many(1, 'lx-ziyun-primary', 'homework');
    for (const at of ['2026-11-12T03:00:00Z', '2026-11-12T04:00:00Z', '2026-11-30T15:59:00Z']) {
      now = new Date(at);
      await service.refresh();
      const after = await snapshot();
      expect(belowTotals(after)).toEqual(belowTotals(before));
      expect(after.promises).toEqual(before.promises);
      expect(after.months).toEqual(before.months);
      expect(detailFiles(after)).toEqual(filesBefore);
      // The totals stay live: the city and 利辛 count it at once.
      expect([figureText(figureOf(after, 'received|city'), rules), figureText(figureOf(after, 'received|lixin'), rules)]).toEqual(['7', '少于 5']);
      expect(figureOf(after, 'received|school:lx-ziyun-primary')).toEqual({ kind: 'count', value: 0 });
    }
  });

  it('publishes it once November has closed, and freezes November at its first run', async () => {
    now = new Date('2026-12-01T00:30:00Z'); // 08:30 in China on 1 December
    await service.refresh();
    const s = await snapshot();
    expect(s.frozen?.period).toBe('2026-11');
    expect(figureText(figureOf(s, 'received|school:lx-ziyun-primary'), rules)).toBe('少于 5');
    expect(await stats.periods()).toEqual(['2026-11', '2026-10']);
    // A complaint filed in December, back-dated or not, never enters frozen November.
    steps.on(58);
    await steps.many(5, 'mc-yueguang-primary', 'homework');
    now = new Date('2026-12-02T00:30:00Z');
    await service.refresh();
    expect(belowTotals(await snapshot())).toEqual(belowTotals(s));
  });

  it('keeps the first record of a period whatever writes it later', async () => {
    const first = (await stats.readPeriod('2026-11'))!;
    const kept = await stats.writePeriodOnce({ ...first, computedAt: '2030-01-01T00:00:00.000Z' });
    expect(kept.computedAt).toBe(first.computedAt);
    expect((await stats.readPeriod('2026-11'))!.computedAt).toBe('2026-12-01T00:30:00.000Z');
    expect(await stats.readPeriod('2026-09')).toBeNull();
  });
});
