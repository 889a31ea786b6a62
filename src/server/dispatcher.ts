import { dispatchDue, type DispatchReport } from '../domain/dispatch';
import { queueOverdueDigest } from '../domain/overdue';
import { runtime, type Runtime } from './runtime';

let running: Promise<DispatchReport> | undefined;
let again = false;
let timer: ReturnType<typeof setInterval> | undefined;

/** One dispatch run over the due jobs with the process's runtime. */
export async function runDispatch(rt?: Runtime): Promise<DispatchReport> {
  const r = rt ?? (await runtime());
  return dispatchDue(r, { baseDelayMs: r.config.dispatch.retryBaseMs });
}

/**
 * Starts a dispatch run without making the caller wait (the parent's
 * request returns at once). Runs never overlap inside one process; a kick
 * during a run schedules one more run after it. Returns the promise for
 * `waitUntil` on serverless hosts.
 */
export function kickDispatch(): Promise<unknown> {
  if (running) {
    again = true;
    return running;
  }
  running = runDispatch()
    .catch((error: unknown) => {
      console.warn(`[schoolwatch] dispatch failed: ${(error as Error)?.name ?? 'error'}`);
      return { sent: 0, retried: 0, dead: 0, skipped: 0 };
    })
    .finally(() => {
      running = undefined;
      if (again) {
        again = false;
        void kickDispatch();
      }
    });
  startBackgroundDispatch();
  return running;
}

/** On a long-lived server, retries and late jobs are picked up on a timer (unref'd: it never keeps the process alive). */
export function startBackgroundDispatch() {
  if (timer) return;
  void runtime().then((rt) => {
    if (timer || !rt.config.dispatch.background) return;
    timer = setInterval(() => void kickDispatch(), rt.config.dispatch.intervalMs);
    timer.unref?.();
  });
}

/** The daily digest of overdue complaints, then a dispatch so it goes out now. */
export async function runOverdueDigest() {
  const rt = await runtime();
  const result = await queueOverdueDigest(rt);
  await kickDispatch();
  return result;
}
