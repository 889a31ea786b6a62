import type { Config } from '../config/env';
import { directoryFrom, type Registry } from '../catalogue/registry';
import type { NoticeEntry } from '../catalogue/sources';
import { openEngine } from '../adapters/engine';
import { webCryptoKeys } from '../adapters/webCryptoKeys';
import { localSiteSecret } from '../adapters/localSecret';
import { altchaProof } from '../adapters/altchaProof';
import { movedClock, systemClock, type Clock } from '../ports/clock';
import { cryptoRandom, type Random } from '../ports/random';
import { accountsFrom } from '../domain/accounts';
import { chooseMailer, chooseSms } from './senders';
import { evidenceImages } from './evidenceImages';
import { backgroundJobs } from './backgroundJobs';
import { liveCatalogue } from './liveCatalogue';
import { statisticsRun } from './statisticsRun';
import { createDispatcher } from './dispatcher';
import { jsonLog, type Log } from './log';
import { filingAlarm } from './filingAlarm';
import { liveNotices } from './liveNotices';
import { pageCache } from './pageCache';
import { liveSlot } from './livePages.mjs';
import { intakeService } from './services/intake';
import { waitingRelease } from './services/waitingRelease';
import { actionService } from './services/actions';
import { reportPageService } from './services/reportPage';
import { statusPageService } from './services/statusPage';
import { followUpService } from './services/followUps';
import { parentReplyService } from './services/parentReply';
import { answerPageService } from './services/answerPage';
import { operationsService } from './services/operations';
import { workspaceAccess } from './services/workspaceAccess';
import { workspaceCases } from './services/workspaceCases';
import { staffIntakeService } from './services/staffIntake';
import { caseGroupService } from './services/caseGroups';
import { noticeMail } from './services/noticeMail';
import { noticeDesk } from './services/noticeDesk';
import { noticeWriting } from './services/noticeWriting';
import { rectificationDesk } from './services/rectificationDesk';
import { tellIfAlreadyDone, tellParentsWhenDone } from './services/rectificationRows';
import { receiptService } from './services/receipts';
import { officeNotices } from './services/officeNotices';
import { dutyService } from './services/duties';
import { dutyReminders } from './services/dutyReminders';

/** What the pages and endpoints call: one function each. */
export type Services = Awaited<ReturnType<typeof createRoot>>['services'];

export interface RootOptions {
  /** Tests move time and fix randomness; the site uses the system's. */
  clock?: Clock;
  random?: Random;
  log?: Log;
  /** The ledger rows (a file beside the server bundle); without it, complaints name no ledger item. */
  ledgerIndex?: () => Promise<Record<string, { school: string; aspect: string; problem: string; notice: string; row: number }>>;
  /** content/notices' front matter (a file beside the server bundle); without it, only the store's notices are shown. */
  contentNotices?: () => Promise<NoticeEntry[]>;
}

/** Rendered pages kept per process (src/server/pageCache.ts): a school page is ~20 KB. */
const PAGE_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The composition root: configuration → adapters → services, built once per
 * process. Every service is wired here and receives what it uses. Adapters
 * are chosen here and in the modules this file calls for one part each
 * (senders.ts: mail and SMS; evidenceImages.ts: the blob store), and nowhere
 * else; the timers start once everything is built (backgroundJobs.ts).
 */
export async function createRoot(config: Config, registry: Registry, options: RootOptions = {}) {
  // SCHOOLWATCH_TODAY (config/env.ts): a moved day for trying the site out; tests inject their own clock.
  const clock = options.clock ?? (config.today ? movedClock(config.today) : systemClock);
  const random = options.random ?? cryptoRandom;
  const log = options.log ?? jsonLog;
  const directory = { ...directoryFrom(registry), ledgerItems: new Map(Object.entries((await options.ledgerIndex?.()) ?? {})) };
  const engine = await openEngine(config.store, config.keyPrefix);
  const { complaints: store, sessions, notices: noticeStore } = engine;
  const accounts = accountsFrom({ ...registry, supervisor: registry.settings.supervisor });
  const secret = config.siteSecret ?? (await localSiteSecret(config.dataDir));
  const keys = await webCryptoKeys(secret, config.previousSiteSecret);
  const mailer = chooseMailer(config);
  const smsSettings = registry.settings.sms;
  const sms = smsSettings ? { sender: await chooseSms(config, smsSettings, clock), settings: smsSettings } : undefined;
  log('info', 'started', { store: engine.describe, mail: mailer.describe, sms: sms?.sender.describe ?? 'off' });

  const contentNotices = options.contentNotices ?? (async () => []);
  const notices = liveNotices({
    store: noticeStore,
    registry,
    contentNotices,
    clock,
    refreshMs: config.noticeRefreshMs,
    log,
    // The rows each reload read (not all 100,000 again): a complaint can name a promise published in the site.
    ledgerRows: (rows) => {
      for (const [key, entry] of Object.entries(rows)) directory.ledgerItems.set(key, entry);
    },
  });
  /** The live catalogue: every published notice (content/notices and the store), at most a few seconds old. */
  const catalogue = liveCatalogue(notices, clock, contentNotices);

  const dispatcher = createDispatcher(
    { store, mailer, keys, directory, clock, siteUrl: config.siteUrl, ...(sms ? { sms } : {}) },
    { retryBaseMs: config.dispatch.retryBaseMs, intervalMs: config.dispatch.intervalMs, log },
  );
  const proof = altchaProof({
    hmacKey: await keys.sign('proof-of-work challenges'),
    maxNumber: config.proof.maxNumber,
    ttlSeconds: config.proof.ttlSeconds,
    clock,
  });
  const alarm = filingAlarm({ clock, log, perHour: config.limits.alarmPerHour });
  const waiting = waitingRelease({ store, directory, clock });
  const intake = intakeService({ store, keys, clock, random, directory, dispatcher, limits: config.limits, proof, alarm, waiting });
  const act = actionService({ store, keys, directory, clock, dispatcher });
  /** Rectification items (issue 24): the bureau writes them from substantiated complaints, the school publishes them as ledger rows. */
  const tell = { items: engine.rectifications, complaints: store, clock, dispatcher };
  const rectification = rectificationDesk({
    items: engine.rectifications,
    notices: noticeStore,
    complaints: store,
    keys,
    clock,
    random,
    directory,
    afterLink: tellIfAlreadyDone({ ...tell, notices: noticeStore }),
  });
  const followUps = followUpService({ store, keys, clock, random, directory, dispatcher, limits: config.limits });
  const images = await evidenceImages(config, { keys, store, sessions, clock, random, log, retentionDays: directory.retentionDays });
  const { evidence, blobs } = images;
  const operations = operationsService({
    store,
    directory,
    clock,
    dispatcher,
    mail: config.mail.kind,
    cronSecret: config.cronSecret,
    log,
    filings: alarm.state,
    ...(evidence ? { sweep: evidence.sweep } : {}),
    ...(blobs ? { blobs } : {}),
  });
  const { statistics, run: refreshAndAsk } = statisticsRun({ engine, registry, directory, clock, notices, dispatcher, waiting, followUps });
  /** Duties (issue 25): the public pages' figures, the workspace's board, and the reminders (daily cron, hourly timer here). */
  const duties = dutyService({ clock, items: engine.rectifications, complaints: store, catalogue });
  const remindDuties = dutyReminders({ catalogue, duties, store, dispatcher, clock, siteUrl: config.siteUrl });
  const jobs = backgroundJobs({
    background: config.dispatch.background,
    intervalMs: config.statsIntervalMs,
    log,
    dispatcher,
    refreshStats: refreshAndAsk,
    remindDuties,
    evidence,
  });
  jobs.start();
  // The Node server's front asks it before a notice's address (livePages.mjs: the store's copy of a content notice's id).
  liveSlot.refresh = catalogue;

  return {
    registry,
    services: {
      submitComplaint: intake.submit,
      /** The status JSON (api/complaints/status.ts): the complaint's public view, with the rectification items it became. */
      lookupComplaint: async (...args: Parameters<typeof intake.lookup>) => {
        const found = await intake.lookup(...args);
        return found.kind === 'ok' ? { ...found, view: await rectification.withItems(found.view) } : found;
      },
      /** Checks a receipt anyone pasted (/verify/, POST /api/receipts/verify). */
      verifyReceipt: receiptService({ keys, directory }),
      /** A fresh proof-of-work challenge (GET /api/challenge), for a browser whose address has used up its plain filing limit. */
      proofChallenge: proof.challenge,
      reportPage: reportPageService({ intake, directory, clock, random, ...(evidence ? { evidence } : {}) }),
      statusPage: statusPageService({
        intake,
        act,
        withItems: rectification.withItems,
        followUps,
        reply: parentReplyService({ act, evidence }),
        takesImages: evidence !== undefined,
      }),
      answerPage: answerPageService({ keys, store, clock, directory, act }),
      ...operations,
      workspace: workspaceAccess({ store, sessions, keys, clock, random, directory, accounts, mailer, siteUrl: config.siteUrl, log }),
      /** Notices written in the workspace (issue 23): reading, and writing with every step (docs/publishing.md). */
      noticeDesk: noticeDesk({ notices: noticeStore, clock }),
      noticeWriting: noticeWriting({
        notices: noticeStore,
        clock,
        random,
        directory,
        settings: registry.settings.notices,
        siteUrl: config.siteUrl,
        phases: registry.settings.campaign.phases.map((p) => p.id),
        contacts: new Map(registry.bureaus.map((b) => [b.id, b])),
        mail: noticeMail({ store, dispatcher, accounts, siteUrl: config.siteUrl }),
        afterPublished: tellParentsWhenDone(tell),
        schoolItem: rectification.schoolItem,
      }),
      rectification,
      cases: workspaceCases({ store, sessions, keys, clock, directory, act }),
      /** A complaint that came by phone, letter, visit or 12345, recorded by a bureau officer (services/staffIntake.ts). */
      recordComplaint: staffIntakeService({ store, keys, clock, random, directory, dispatcher, waiting }),
      /** Open complaints about one school and one problem, answered together, each on its own record (services/caseGroups.ts). */
      caseGroups: caseGroupService({ store, clock, directory, act }),
      /** Evidence images (services/evidence.ts) and their doors (server/evidenceImages.ts); undefined when no blob store is configured. */
      evidence,
      uploads: images.uploads,
      answerEvidence: images.answerEvidence,
      workspaceEvidence: images.workspaceEvidence,
      /** The latest statistics snapshot (null before the first run): what every statistics page reads. */
      statsSnapshot: statistics.forPage,
      /** The published answers (公开答复), newest first, as the last snapshot run found them. */
      publicAnswers: statistics.answers,
      /** The county scorecard of a closed period, frozen with its figures (/assessment/). */
      assessment: statistics.period,
      /** Cron: recomputes the statistics snapshot. */
      refreshStats: (authorization: string | null) => operations.runJob('stats', authorization, refreshAndAsk),
      /** 回访: queues the follow-up questions due by email (tests call it after moving the clock). */
      queueFollowUps: followUps.queueDue,
      /** Every published notice (content/notices and the store), at most a few seconds old (liveNotices.ts). */
      catalogue,
      /** The city supervision office's published notices (/office/), and every bureau's review queue for its workspace. */
      officeNotices: officeNotices({ notices: noticeStore, clock, bureaus: registry.bureaus.map((b) => b.id) }),
      /** One notice published through the site, with its versions (what the notice page renders). */
      storeNotice: (id: string) => engine.notices.find(id),
      /** What schools and bureaus owe and how they met it (services/duties.ts). */
      duties,
      /** Cron: queues duty reminders, bureaus' weekly digests and the office's summary, then sends them (services/dutyReminders.ts). */
      remindDuties: (authorization: string | null) => operations.runJob('duties', authorization, remindDuties),
      /** The rendered pages that show published notices (middleware.ts). */
      livePages: pageCache(PAGE_CACHE_BYTES),
    },
    async close() {
      await jobs.stop();
      await engine.close();
    },
  };
}

export type Root = Awaited<ReturnType<typeof createRoot>>;
