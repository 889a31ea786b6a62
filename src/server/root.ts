import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/env';
import { directoryFrom, type Registry } from '../catalogue/registry';
import { openEngine } from '../adapters/engine';
import { webCryptoKeys } from '../adapters/webCryptoKeys';
import { localSiteSecret } from '../adapters/localSecret';
import { resendMailer } from '../adapters/mail/resendMailer';
import { outboxMailer } from '../adapters/mail/outboxMailer';
import { smtpMailer } from '../adapters/mail/smtpMailer';
import { movedClock, systemClock, type Clock } from '../ports/clock';
import { cryptoRandom, type Random } from '../ports/random';
import type { Mailer } from '../ports/mailer';
import type { SmsSender } from '../ports/smsSender';
import { outboxSms } from '../adapters/sms/outboxSms';
import { chinaDate } from '../domain/deadlines';
import { createDispatcher } from './dispatcher';
import { jsonLog, type Log } from './log';
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
import { accountsFrom } from '../domain/accounts';
import { noticeMail } from './services/noticeMail';
import { noticeDesk } from './services/noticeDesk';
import { noticeWriting } from './services/noticeWriting';
import { rectificationDesk } from './services/rectificationDesk';
import { tellIfAlreadyDone, tellParentsWhenDone } from './services/rectificationRows';
import { evidenceService, type EvidenceService } from './services/evidence';
import { jobLimiter } from './services/imageJobs';
import { uploadGate } from './services/uploads';
import { answerEvidenceService, type RecordRead } from './services/answerEvidence';
import { accessLog } from '../domain/audit';
import { workspaceEvidenceService } from './services/workspaceEvidence';
import { folderBlobStore } from '../adapters/blob/folderBlobStore';
import { encryptedSpool } from '../adapters/encryptedSpool';
import type { BlobStore } from '../ports/blobStore';
import { statisticsService } from './services/statistics';
import { receiptService } from './services/receipts';
import { altchaProof } from '../adapters/altchaProof';
import { filingAlarm } from './filingAlarm';
import { createStatsTimer } from './statsTimer';
import { catalogueSources } from './services/assessmentCatalogue';
import { bulletinDrafts } from './services/bulletinDrafts';
import { dutyAssessment } from './services/dutyAssessment';
import { itemsAssessment } from './services/itemsAssessment';
import { liveNotices } from './liveNotices';
import { pageCache } from './pageCache';
import { liveSlot } from './livePages.mjs';
import { officeNotices } from './services/officeNotices';
import { storeWinsPaths } from './storeWinsPaths';
import type { NoticeEntry } from '../catalogue/sources';
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
 * process. This is the only place that chooses adapters; every service
 * receives what it uses.
 */
export async function createRoot(config: Config, registry: Registry, options: RootOptions = {}) {
  // SCHOOLWATCH_TODAY (config/env.ts): a moved day for trying the site out; tests inject their own clock.
  const clock = options.clock ?? (config.today ? movedClock(config.today) : systemClock);
  const random = options.random ?? cryptoRandom;
  const log = options.log ?? jsonLog;
  const directory = { ...directoryFrom(registry), ledgerItems: new Map(Object.entries((await options.ledgerIndex?.()) ?? {})) };
  const engine = await openEngine(config.store, config.keyPrefix);
  const { complaints: store, sessions, statistics: stats, notices: noticeStore } = engine;
  const accounts = accountsFrom({ ...registry, supervisor: registry.settings.supervisor });
  const secret = config.siteSecret ?? (await localSiteSecret(config.dataDir));
  const keys = await webCryptoKeys(secret, config.previousSiteSecret);
  const mailer = chooseMailer(config);
  const smsSettings = registry.settings.sms;
  const sms = smsSettings ? { sender: await chooseSms(config, smsSettings, clock), settings: smsSettings } : undefined;
  log('info', 'started', { store: engine.describe, mail: mailer.describe, sms: sms?.sender.describe ?? 'off' });

  const dispatcher = createDispatcher(
    { store, mailer, keys, directory, clock, siteUrl: config.siteUrl, ...(sms ? { sms } : {}) },
    { retryBaseMs: config.dispatch.retryBaseMs, intervalMs: config.dispatch.intervalMs, log },
  );
  if (config.dispatch.background) dispatcher.start();
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
  const blobs = await openBlobStore(config);
  const { limits } = config.evidence;
  const imageJobs = jobLimiter(limits.jobs, limits.waitSeconds * 1000);
  const evidence = blobs
    ? evidenceService({
        blobs,
        keys,
        store,
        clock,
        random,
        log,
        imagesPerHour: config.evidence.imagesPerHour,
        limits,
        imageJobs,
        images: () => import('../adapters/sharpImages'),
      })
    : undefined;
  const sweeper = evidence && config.dispatch.background ? startSweeper(evidence, log) : undefined;
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
  const { minCount, minGroup } = registry.settings.statistics;
  /** Adds a read (a download) to a complaint's access log, kept as long as complaints are. */
  const recordRead: RecordRead = (reference, entry) => {
    const at = clock.now();
    return sessions.recordAccess(accessLog.complaint(reference), { at: at.toISOString(), ...entry }, at.getTime(), directory.retentionDays * 86_400_000);
  };
  // The figures below the bureau totals and the county scorecard, per closed month, frozen at their first run (issue 25).
  const fromDuties = dutyAssessment({ catalogue: () => notices.current(), directory });
  const assessmentSources = catalogueSources({
    notices: async () => (await notices.current()).content.notices,
    directory,
    bulletinsPerMonth: registry.settings.assessment.bulletinsPerMonth,
    disclosure: fromDuties.disclosure,
    itemsClosed: itemsAssessment({ items: engine.rectifications, notices: noticeStore }),
  });
  const periods = { assessment: registry.settings.assessment, sources: assessmentSources };
  const statistics = statisticsService({ store, stats, directory, clock, rules: { minCount, minGroup }, periods });
  // The follow-up questions due by email are queued on the statistics' timer and cron: both walk every complaint on a schedule.
  // At the end of a month each bureau finds a draft 督查通报 with the month's figures (issue 25): after each run, once per bureau.
  const drafts = bulletinDrafts({
    stats,
    notices: noticeStore,
    catalogue: async () => (await notices.current()).content.notices,
    directory,
    phases: registry.settings.campaign.phases,
    settings: registry.settings.notices,
    minCount,
    clock,
    lateSchools: fromDuties.lateSchools,
  });
  const refreshAndAsk = async () => {
    // Ended waits (services/waitingRelease.ts) are settled first: a complaint released now is in this snapshot.
    const waits = await waiting.sweep();
    if (waits.released > 0) await dispatcher.run();
    return { ...(await statistics.refresh()), followUps: await followUps.queueDue(), bulletinDrafts: await drafts.ensure() };
  };
  const statsTimer = createStatsTimer(refreshAndAsk, { intervalMs: config.statsIntervalMs, log });
  if (config.dispatch.background) statsTimer.start();
  const notices = liveNotices({
    store: noticeStore,
    registry,
    contentNotices: options.contentNotices ?? (async () => []),
    clock,
    refreshMs: config.noticeRefreshMs,
    log,
    // The rows each reload read (not all 100,000 again): a complaint can name a promise published in the site.
    ledgerRows: (rows) => {
      for (const [key, entry] of Object.entries(rows)) directory.ledgerItems.set(key, entry);
    },
  });
  const markStoreWins = storeWinsPaths(options.contentNotices ?? (async () => []));
  /** The live catalogue. */
  const catalogue = async () => {
    const read = await notices.current();
    // Pages show duties and overdue rows as of China's day (issue 25): a rendered page is kept per publication and per day.
    const live = { ...read, generation: pageGeneration(read.generation, clock.now()) };
    // What the Node server's fast path (livePages.mjs) may serve without asking: this generation, until the next check is due.
    liveSlot.generation = live.generation;
    liveSlot.freshUntil = notices.freshUntil();
    await markStoreWins(live);
    return live;
  };
  /** Duties (issue 25): the public pages' figures, the workspace's board, and the reminders (daily cron, hourly timer here). */
  const duties = dutyService({ clock, items: engine.rectifications, complaints: store, catalogue });
  const remindDuties = dutyReminders({ catalogue, duties, store, dispatcher, clock, siteUrl: config.siteUrl });
  // Not at start: a restart (a deploy, a crash loop) must not be what sends the bureaus their weekly digest; hourly is soon enough.
  const dutyTimer = createStatsTimer(remindDuties, { intervalMs: config.statsIntervalMs, log, failed: 'duties.failed', atStart: false });
  if (config.dispatch.background) dutyTimer.start();
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
      recordComplaint: staffIntakeService({ store, keys, clock, random, directory, dispatcher }),
      /** Open complaints about one school and one problem, answered together, each on its own record (services/caseGroups.ts). */
      caseGroups: caseGroupService({ store, clock, directory, act }),
      /** Evidence images (services/evidence.ts); undefined when no blob store is configured (serverless without a bucket). */
      evidence,
      /** The door of image uploads, asked before a body with images is read (server/reportBody.ts); undefined without evidence. */
      uploads: evidence
        ? uploadGate({ store, keys, perHour: config.evidence.imagesPerHour, atOnce: limits.uploads, spool: encryptedSpool(spoolDir(config)) })
        : undefined,
      /** One image for the bureau behind its signed answer link. */
      answerEvidence: evidence ? answerEvidenceService({ keys, store, clock, evidence, recordRead }) : undefined,
      /** One image for the signed-in bureau in the workspace. */
      workspaceEvidence: evidence ? workspaceEvidenceService({ evidence, byReference: (reference) => store.byReference(reference), recordRead }) : undefined,
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
      if (sweeper) clearInterval(sweeper);
      await dispatcher.stop();
      await statsTimer.stop();
      await dutyTimer.stop();
      await engine.close();
    },
  };
}

export type Root = Awaited<ReturnType<typeof createRoot>>;

/** A page generation that changes with each publication and with China's day: 100,000 days are 273 years. */
const pageGeneration = (generation: number, now: Date) => generation * 100_000 + Math.floor((now.getTime() + 8 * 3_600_000) / 86_400_000);

/** The SMS provider's SDK is loaded only when it is the one configured. */
async function chooseSms(config: Config, settings: NonNullable<Registry['settings']['sms']>, clock: Clock): Promise<SmsSender> {
  const target = config.sms;
  if (target.kind === 'aliyun') {
    const { aliyunSms } = await import('../adapters/sms/aliyunSms');
    const today = () => chinaDate(clock.now()).replace(/-/g, '');
    return aliyunSms({ ...target, protocol: 'HTTPS', today });
  }
  if (target.kind === 'tencent') {
    const { tencentSms } = await import('../adapters/sms/tencentSms');
    return tencentSms({ ...target, protocol: 'https://', now: () => clock.now().getTime() });
  }
  return outboxSms(target.dir, (template) => settings.templates[template as keyof typeof settings.templates]?.text);
}

function chooseMailer(config: Config): Mailer {
  const mail = config.mail;
  if (mail.kind === 'resend')
    return resendMailer({ apiKey: mail.apiKey, from: mail.from, timeoutMs: mail.timeoutMs, ...(mail.baseUrl ? { baseUrl: mail.baseUrl } : {}) });
  if (mail.kind === 'smtp') return smtpMailer(mail.options);
  return outboxMailer(mail.dir);
}

/** Where evidence images go, or undefined when they are not taken here (config/evidence.ts). */
async function openBlobStore(config: Config): Promise<BlobStore | undefined> {
  const target = config.evidence.blobs;
  if (target.kind === 'off') return undefined;
  if (target.kind === 'folder') return folderBlobStore(target.dir);
  // Loaded only when chosen: the folder store never needs the AWS SDK.
  const { s3BlobStore } = await import('../adapters/blob/s3BlobStore');
  return s3BlobStore(target);
}

/**
 * Where uploads wait, encrypted, while the form is read: inside the blob
 * folder (a dot-folder its listing skips and its sweep cleans), else the
 * system's temporary folder (a bucket has no folder; on a serverless host
 * that is the one place that can be written).
 */
function spoolDir(config: Config): string {
  const target = config.evidence.blobs;
  return target.kind === 'folder' ? join(target.dir, '.uploads') : join(tmpdir(), 'schoolwatch-uploads');
}

/** Every 10 minutes on a long-lived server: pending images past their day and images whose complaint is gone are deleted. */
function startSweeper(evidence: EvidenceService, log: Log) {
  const sweep = () => void evidence.sweep().catch((error: unknown) => log('warn', 'evidence.sweep.failed', { error: (error as Error)?.name ?? 'error' }));
  const timer = setInterval(sweep, 10 * 60_000);
  timer.unref?.();
  sweep();
  return timer;
}
