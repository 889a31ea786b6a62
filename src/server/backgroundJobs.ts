import type { Dispatcher } from './dispatcher';
import type { Log } from './log';
import type { EvidenceService } from './services/evidence';
import { createStatsTimer } from './statsTimer';

/** Every 10 minutes on a long-lived server: pending images past their day and images whose complaint is gone are deleted. */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * The work a long-lived server does on its own timers: sending queued
 * messages, the statistics run (with the follow-ups and drafts queued after
 * it), duty reminders and the evidence sweep. A serverless host runs none of
 * them (`background` off): the cron endpoints do the same work instead.
 */
export function backgroundJobs(jobs: {
  background: boolean;
  intervalMs: number;
  log: Log;
  dispatcher: Dispatcher;
  refreshStats: () => Promise<unknown>;
  remindDuties: () => Promise<unknown>;
  evidence: EvidenceService | undefined;
}) {
  const { intervalMs, log } = jobs;
  const statsTimer = createStatsTimer(jobs.refreshStats, { intervalMs, log });
  // Not at start: a restart (a deploy, a crash loop) must not be what sends the bureaus their weekly digest; hourly is soon enough.
  const dutyTimer = createStatsTimer(jobs.remindDuties, { intervalMs, log, failed: 'duties.failed', atStart: false });
  let sweeper: ReturnType<typeof setInterval> | undefined;
  return {
    start() {
      if (!jobs.background) return;
      jobs.dispatcher.start();
      if (jobs.evidence) sweeper = startSweeper(jobs.evidence, log);
      statsTimer.start();
      dutyTimer.start();
    },
    /** Stops every timer and waits for the runs under way; the dispatcher is stopped even when it was never started. */
    async stop() {
      if (sweeper) clearInterval(sweeper);
      await jobs.dispatcher.stop();
      await statsTimer.stop();
      await dutyTimer.stop();
    },
  };
}

function startSweeper(evidence: EvidenceService, log: Log) {
  const sweep = () => void evidence.sweep().catch((error: unknown) => log('warn', 'evidence.sweep.failed', { error: (error as Error)?.name ?? 'error' }));
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref?.();
  sweep();
  return timer;
}
