import type { Engine } from '../adapters/engine';
import type { Registry } from '../catalogue/registry';
import type { Directory } from '../domain/directory';
import type { Clock } from '../ports/clock';
import type { Dispatcher } from './dispatcher';
import type { LiveNotices } from './liveNotices';
import { catalogueSources } from './services/assessmentCatalogue';
import { bulletinDrafts } from './services/bulletinDrafts';
import { dutyAssessment } from './services/dutyAssessment';
import type { FollowUpService } from './services/followUps';
import { itemsAssessment } from './services/itemsAssessment';
import { statisticsService } from './services/statistics';
import type { WaitingRelease } from './services/waitingRelease';

/**
 * The statistics and what runs with them, wired for the composition root
 * (root.ts): the snapshot, the county scorecard's periods, and the scheduled
 * run (timer or cron) that also settles ended waits, queues the follow-ups
 * due and leaves each bureau its monthly draft bulletin.
 */
export function statisticsRun(deps: {
  registry: Registry;
  directory: Directory;
  clock: Clock;
  /** The stores of this process (adapters/engine.ts): complaints, the snapshot, notices and rectification items. */
  engine: Engine;
  notices: LiveNotices;
  dispatcher: Dispatcher;
  waiting: WaitingRelease;
  followUps: FollowUpService;
}) {
  const { registry, directory, clock } = deps;
  const { complaints: store, statistics: stats, notices: noticeStore, rectifications } = deps.engine;
  const { minCount, minGroup } = registry.settings.statistics;
  const catalogueNotices = async () => (await deps.notices.current()).content.notices;
  // The figures below the bureau totals and the county scorecard, per closed month, frozen at their first run (issue 25).
  const fromDuties = dutyAssessment({ catalogue: () => deps.notices.current(), directory });
  const sources = catalogueSources({
    notices: catalogueNotices,
    directory,
    bulletinsPerMonth: registry.settings.assessment.bulletinsPerMonth,
    disclosure: fromDuties.disclosure,
    itemsClosed: itemsAssessment({ items: rectifications, notices: noticeStore }),
  });
  const periods = { assessment: registry.settings.assessment, sources };
  const statistics = statisticsService({ store, stats, directory, clock, rules: { minCount, minGroup }, periods });
  // The follow-up questions due by email are queued on the statistics' timer and cron: both walk every complaint on a schedule.
  // At the end of a month each bureau finds a draft 督查通报 with the month's figures (issue 25): after each run, once per bureau.
  const drafts = bulletinDrafts({
    stats,
    notices: noticeStore,
    catalogue: catalogueNotices,
    directory,
    phases: registry.settings.campaign.phases,
    settings: registry.settings.notices,
    minCount,
    clock,
    lateSchools: fromDuties.lateSchools,
  });
  const run = async () => {
    // Ended waits (services/waitingRelease.ts) are settled first: a complaint released now is in this snapshot.
    const waits = await deps.waiting.sweep();
    if (waits.released > 0) await deps.dispatcher.run();
    return { ...(await statistics.refresh()), followUps: await deps.followUps.queueDue(), bulletinDrafts: await drafts.ensure() };
  };
  return { statistics, run };
}
