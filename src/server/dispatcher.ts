import { DEFAULT_DISPATCH, dispatchDue, type DispatchDeps, type DispatchReport } from '../domain/dispatch';
import type { Log } from './log';

export interface Dispatcher {
  /** One run over the due jobs, waited for (the cron endpoint). */
  run(): Promise<DispatchReport>;
  /**
   * Starts a run without making the caller wait (the parent's request
   * returns at once). Runs never overlap; a kick during a run asks for one
   * more after it. Returns the promise for `waitUntil` on serverless hosts.
   */
  kick(): Promise<unknown>;
  /** On a long-lived server: retries and late jobs are picked up on a timer. */
  start(): void;
  /** Stops the timer and waits for the run in progress. */
  stop(): Promise<void>;
}

/** The dispatcher of one process: its state lives here, made once by the composition root. */
export function createDispatcher(deps: DispatchDeps, options: { retryBaseMs: number; intervalMs: number; log: Log }): Dispatcher {
  let running: Promise<unknown> | undefined;
  let again = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  // One run at a time in this process, whoever asks: the timer's and the filings' kicks, and the
  // jobs that call `run()` and wait for it (statistics, duty reminders, the office's operations).
  let last: Promise<unknown> = Promise.resolve();
  const run = (): Promise<DispatchReport> => {
    const next = last.then(runOnce, runOnce);
    last = next.catch(() => undefined);
    return next;
  };
  const runOnce = async () => {
    const report = await dispatchDue(deps, { baseDelayMs: options.retryBaseMs });
    // A run takes at most `limit` due jobs. When it took that many and got on with them, more
    // may be due (a burst of filings): the next run goes at once, not at the timer's next tick,
    // which left a bureau's email of a busy hour waiting a whole interval. A run that only
    // skipped (another dispatcher holds the jobs) does not, or it would spin until the leases end.
    const taken = report.sent + report.retried + report.dead;
    if (taken + report.skipped >= DEFAULT_DISPATCH.limit && taken > 0) again = true;
    for (const failed of report.retrying) options.log('warn', 'notification.retry', failed);
    for (const dead of report.deadLettered) options.log('warn', 'notification.dead', dead);
    return report;
  };

  const kick = (): Promise<unknown> => {
    if (running) {
      again = true;
      return running;
    }
    running = run()
      .catch((error: unknown) => options.log('warn', 'dispatch.failed', { error: (error as Error)?.name ?? 'error' }))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void kick();
        }
      });
    return running;
  };

  return {
    run,
    kick,
    start() {
      if (timer) return;
      timer = setInterval(() => void kick(), options.intervalMs);
      timer.unref?.(); // never keeps the process alive on its own
      void kick(); // what was left queued before a restart goes out now
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
