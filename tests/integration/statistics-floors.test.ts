// What a reader can count elsewhere on the site narrows a hidden figure: four
// published answers (公开答复) about one school make its "少于 5" exactly 4,
// and a promise's count bounds its school's total. The snapshot withholds
// such figures; a school with as many complaints but no published answers
// still shows "少于 5".
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { sqliteStatsStore } from '../../src/adapters/stats/sqliteStatsStore';
import { figureText } from '../../src/domain/suppression';
import { figureOf, type StatsSnapshot } from '../../src/domain/statistics';
import type { PublicAnswer } from '../../src/domain/publicAnswers';
import { statisticsService } from '../../src/server/services/statistics';
import type { StatsStore } from '../../src/ports/statsStore';
import { sampleDirectory } from '../support/directory';
import { scenarioSteps } from '../support/statsScenario';
import { storeBackends, type OpenedStore } from '../support/stores';

const rules = { minCount: 5, minGroup: 5 };
const START = new Date('2026-06-01T02:00:00Z');
const DAY30 = new Date(START.getTime() + 30 * 86_400_000);
const ledger = (school: string) => ({ school, aspect: 'holiday-classes', problem: '寒假组织补课（示例）', notice: `2026-01-10-${school}`, row: 0 });

describe('figures a reader could pin down from elsewhere on the site', () => {
  let opened: OpenedStore;
  let stats: StatsStore;
  let snapshot: StatsSnapshot;
  let answers: PublicAnswer[];
  const text = (id: string) => figureText(figureOf(snapshot, id), rules);

  beforeAll(async () => {
    opened = await storeBackends()
      .find((b) => b.name === 'sqlite')!
      .open();
    stats = sqliteStatsStore(opened.address.slice('sqlite:'.length));
    const directory = {
      ...sampleDirectory(),
      ledgerItems: new Map([
        ['lx#0', ledger('lx-ziyun-primary')],
        ['qc#0', ledger('qc-xinghe-primary')],
      ]),
    };
    const keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
    const { on, many, bureauAct, answer } = scenarioSteps({ store: opened.store, keys, directory, start: START });
    on(0);
    // 蒙城: 4 complaints, every one allowing its answer to be published.
    const mc = await many(4, 'mc-yueguang-primary', 'holiday-classes', [0, 1, 2, 3]);
    // 利辛: 4 complaints, none published; two about a promise of the school's.
    const lx = [
      ...(await many(2, 'lx-ziyun-primary', 'holiday-classes')),
      ...(await many(2, 'lx-ziyun-primary', 'holiday-classes', [], { ledgerItem: 'lx#0' })),
    ];
    // 谯城: 6 complaints, one about a promise.
    await many(5, 'qc-xinghe-primary', 'holiday-classes');
    await many(1, 'qc-xinghe-primary', 'holiday-classes', [], { ledgerItem: 'qc#0' });
    await bureauAct('mengcheng')(mc, 2, { type: 'accept' });
    await bureauAct('lixin')(lx, 2, { type: 'accept' });
    await bureauAct('mengcheng')(mc, 20, answer('已责令学校停止寒假补课（示例）。', 'partly'));
    await bureauAct('lixin')(lx, 20, answer('已责令学校停止寒假补课（示例）。', 'partly'));
    const service = statisticsService({ store: opened.store, stats, directory, clock: { now: () => DAY30 }, rules });
    await service.refresh();
    snapshot = (await service.snapshot())!;
    const read = await service.answers();
    if (read.kind !== 'ok') throw new Error('answers unavailable');
    answers = read.answers;
  });
  afterAll(async () => {
    await stats?.close();
    await opened?.cleanup();
  });

  it('lists the four published answers, all about the one school', () => {
    expect(answers.map((a) => a.school)).toEqual(['mc-yueguang-primary', 'mc-yueguang-primary', 'mc-yueguang-primary', 'mc-yueguang-primary']);
  });

  it('withholds the school’s "少于 5" that its published answers would make exactly 4, wherever it is counted', () => {
    expect(text('received|school:mc-yueguang-primary')).toBe('不公布');
    expect(text('category|class-arrangement|school:mc-yueguang-primary')).toBe('不公布');
    expect(text('month|2026-06|school:mc-yueguang-primary')).toBe('不公布');
    expect(text('received|mengcheng')).toBe('不公布');
    expect(text('aspect|holiday-classes|mengcheng')).toBe('不公布');
    // Each published answer names its finding too.
    expect(text('answered|school:mc-yueguang-primary')).toBe('不公布');
    expect(text('finding|partly|school:mc-yueguang-primary')).toBe('不公布');
    expect(text('finding|partly|mengcheng')).toBe('不公布');
  });

  it('still shows "少于 5" for a school with as many complaints and none published, and the totals that give nothing away', () => {
    expect(text('received|school:lx-ziyun-primary')).toBe('少于 5');
    expect(text('category|class-arrangement|school:lx-ziyun-primary')).toBe('少于 5');
    expect(text('received|lixin')).toBe('少于 5');
    expect(text('finding|partly|school:lx-ziyun-primary')).toBe('少于 5');
    expect(text('received|qiaocheng')).toBe('6');
    expect(text('received|city')).toBe('14');
  });

  it('shows a promise’s count only where its school’s total is a number', () => {
    expect(snapshot.promises.map((p) => p.key)).toEqual(['lx#0', 'qc#0']);
    // 2 disputed of a school whose total is "少于 5": that 2 would bound the total from below.
    expect(text('ledger|lx#0')).toBe('不公布');
    expect(text('ledger|qc#0')).toBe('少于 5');
  });
});
