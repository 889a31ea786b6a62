// Bulletins drafted from data (issue 25, point 6) and the scorecard they sit
// beside, on each notice store engine: November's complaints, ledgers and
// bulletins written out below; on 1 December each bureau finds one draft
// 督查通报 with November's exact figures, created once however often it runs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { sqliteStatsStore } from '../../src/adapters/stats/sqliteStatsStore';
import { noticeSchema } from '../../src/catalogue/schemas/notices';
import type { NoticeEntry } from '../../src/catalogue/sources';
import { statisticsService } from '../../src/server/services/statistics';
import { catalogueSources } from '../../src/server/services/assessmentCatalogue';
import { bulletinDrafts } from '../../src/server/services/bulletinDrafts';
import { readContent } from '../support/content';
import { sampleDirectory } from '../support/directory';
import { noticeEngines, type OpenedNoticeStore } from '../support/noticeStores';
import { scenarioSteps } from '../support/statsScenario';
import { storeBackends, type OpenedStore } from '../support/stores';

const rules = { minCount: 5, minGroup: 5 };
const content = readContent();
const notice = (id: string, data: unknown): NoticeEntry => ({ id, data: noticeSchema.parse(data) });
/** What was published: 星河小学's ledger (one row overdue on 30 November, one done) and 谯城's November bulletin. */
const catalogue: NoticeEntry[] = [
  notice('qc-xinghe-ledger', {
    kind: 'rectification',
    title: '星河小学整改公示',
    summary: '整改台账。',
    publishedOn: '2026-10-08',
    phase: 'consolidation',
    school: 'qc-xinghe-primary',
    ledger: [
      {
        problem: '周六集体补课',
        source: '举报',
        aspect: 'holiday-classes',
        measure: '停止补课',
        responsible: '教务处',
        deadline: '2026-11-15',
        status: '整改中',
      },
      { problem: '作业量超标', source: '自查', aspect: 'homework', measure: '统筹作业', responsible: '教务处', deadline: '2026-10-01', status: '已整改' },
    ],
  }),
  notice('qc-bulletin-nov', {
    kind: 'bulletin',
    title: '谯城区十一月督查通报',
    summary: '督查情况。',
    publishedOn: '2026-11-20',
    phase: 'consolidation',
    bureau: 'qiaocheng',
    findings: [{ school: 'qc-xinghe-primary', aspect: 'holiday-classes', finding: '周六组织集体补课', sanction: '限期整改' }],
  }),
];

describe.each(noticeEngines.filter((e) => e.name !== 'upstash-rest'))('draft bulletins on $name', (engine) => {
  let complaints: OpenedStore;
  let notices: OpenedNoticeStore;
  const dir = mkdtempSync(join(tmpdir(), 'schoolwatch-drafts-'));
  const stats = sqliteStatsStore(join(dir, 'stats'));
  let now = new Date('2026-11-30T15:00:00Z');
  let drafts: ReturnType<typeof bulletinDrafts>;
  let statistics: ReturnType<typeof statisticsService>;

  beforeAll(async () => {
    complaints = await storeBackends()[0]!.open();
    notices = await engine.open();
    const directory = sampleDirectory();
    const keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
    const sources = catalogueSources({ notices: async () => catalogue, directory, bulletinsPerMonth: 1 });
    statistics = statisticsService({
      store: complaints.store,
      stats,
      directory,
      clock: { now: () => now },
      rules,
      periods: { assessment: content.settings.assessment, sources },
    });
    drafts = bulletinDrafts({
      stats,
      notices: notices.store,
      catalogue: async () => catalogue,
      directory,
      phases: content.settings.campaign.phases,
      settings: { approvalRequired: true },
      minCount: rules.minCount,
      clock: { now: () => now },
    });
    // November at 谯城区星河小学: 5 filed on the 1st and never decided (due the 16th); 12 filed on the 3rd and accepted on
    // the 4th, of which 5 answered 属实 and 5 不属实 on the 20th. One more at 涡阳 on the 3rd, never decided.
    const steps = scenarioSteps({ store: complaints.store, keys, directory, start: new Date('2026-11-01T02:00:00Z') });
    steps.on(0);
    await steps.many(5, 'qc-xinghe-primary', 'holiday-classes');
    steps.on(2);
    const handled = await steps.many(12, 'qc-xinghe-primary', 'homework');
    await steps.many(1, 'gy-qinghe-primary', 'homework');
    const QC = steps.bureauAct('qiaocheng');
    await QC(handled, 3, { type: 'accept' });
    await QC(handled.slice(0, 5), 19, steps.answer('经核查属实，已责令整改。', 'substantiated'));
    await QC(handled.slice(5, 10), 19, steps.answer('经核查不属实。', 'unfounded'));
  });
  afterAll(async () => {
    await stats.close();
    await complaints?.cleanup();
    await notices?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('drafts nothing before the first statistics run, then October’s on 30 November', async () => {
    expect(await drafts.ensure()).toEqual({ period: null, drafted: [] });
    await statistics.refresh();
    expect((await drafts.ensure()).drafted.sort()).toEqual(content.bureaus.map((b) => `bulletin-202610-${b.id}`).sort());
    // October had none of these complaints: its draft says so.
    expect((await notices.store.find('bulletin-202610-qiaocheng'))!.pending!.content.body).toContain('2026年10月，本局收到涉及所属学校的举报 0 件');
  });

  it('on 1 December, drafts one bulletin per bureau, once', async () => {
    now = new Date('2026-12-01T00:30:00Z');
    await statistics.refresh();
    const ids = content.bureaus.map((b) => `bulletin-202611-${b.id}`);
    expect((await drafts.ensure()).drafted.sort()).toEqual([...ids].sort());
    expect(await drafts.ensure()).toEqual({ period: '2026-11', drafted: [] });
    now = new Date('2026-12-02T00:30:00Z');
    await statistics.refresh();
    expect(await drafts.ensure()).toEqual({ period: '2026-11', drafted: [] });
    const mine = await notices.store.noticesOf('bureau:qiaocheng');
    expect(mine.map((n) => [n.id, n.kind, n.state])).toEqual([
      ['bulletin-202611-qiaocheng', 'bulletin', 'draft'],
      ['bulletin-202610-qiaocheng', 'bulletin', 'draft'],
    ]);
  });

  it('carries November’s exact figures, late rows and sanctions', async () => {
    const draft = (await notices.store.find('bulletin-202611-qiaocheng'))!;
    expect(draft.pending!.content.title).toBe('谯城区教育局2026年11月规范办学督查通报');
    expect(draft.pending!.content.body.split('\n')).toEqual([
      '（本稿由系统根据本月数据起草，请核对、补充督查情况后发布。）',
      '',
      '## 一、举报受理和办理情况',
      '2026年11月，本局收到涉及所属学校的举报 17 件，其中截至月底已答复 10 件。答复的查实情况：',
      '- 属实：5 件',
      '- 部分属实：0 件',
      '- 不属实：5 件',
      '- 无法核实：0 件',
      '',
      '截至2026年11月底，超过受理或答复期限仍未办理的举报 5 件。',
      '',
      '## 二、学校按期公示情况',
      '本站暂无本月学校应公示材料的按期情况，请据实填写。',
      '',
      '## 三、整改台账逾期情况',
      '截至2026年11月底，以下整改事项已过整改时限仍未完成：',
      '- 谯城区星河小学（示例）：周六集体补课（整改时限 2026-11-15）',
      '',
      '## 四、督查发现和处理情况',
      '本局2026年11月已通报的问题和处理：',
      '- 谯城区星河小学（示例）：周六组织集体补课（限期整改）',
      '',
      '## 五、下一步工作',
      '（请填写。）',
    ]);
    // 涡阳: one complaint, shown as "少于 5".
    const gy = (await notices.store.find('bulletin-202611-guoyang'))!;
    expect(gy.pending!.content.body).toContain('2026年11月，本局收到涉及所属学校的举报 少于 5 件，其中截至月底已答复 0 件。');
  });

  it('scores 谯城 for November as computed by hand', async () => {
    const read = await statistics.period('2026-11');
    if (read.kind !== 'ready') throw new Error(read.kind);
    const qc = read.record.scorecard.cards.find((c) => c.bureau === 'qiaocheng')!;
    const percent = (c: (typeof qc.components)[keyof typeof qc.components]) => (c.kind === 'scored' ? `${c.percent}% of ${c.due}` : c.kind);
    expect(Object.fromEntries(Object.entries(qc.components).map(([k, c]) => [k, percent(c)]))).toEqual({
      acceptedOnTime: '71% of 17', // 12 on time, 5 late
      answeredOnTime: '100% of 10',
      noRecurrence: '100% of 17',
      disclosureOnTime: 'none',
      ledgerRowsOnTime: '50% of 2',
      itemsClosedOnTime: 'none',
      bulletinsPublished: '100% of 1',
      ratings: 'none',
    });
    // (20·12/17·100 + 20·100 + 10·100 + 10·50 + 10·100) / 70 = 5911.76 / 70 = 84.45
    expect(qc.score).toEqual({ kind: 'score', value: 84.5 });
    expect(read.record.scorecard.cards.find((c) => c.bureau === 'guoyang')!.score).toEqual({ kind: 'unscored', reason: 'few' });
  });
});
