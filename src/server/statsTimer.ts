import type { Log } from './log';

/**
 * On the long-lived Node server, the statistics are recomputed on a timer
 * beside the dispatcher's (Vercel runs /api/cron/stats instead). The first
 * run starts at once, so a new server has figures within seconds.
 */
export function createStatsTimer(
  refresh: () => Promise<unknown>,
  options: { intervalMs: number; log: Log; failed?: string; /** Run at once on start (default), or first after one interval. */ atStart?: boolean },
) {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= refresh()
      .catch((error: unknown) => options.log('warn', options.failed ?? 'stats.failed', { error: (error as Error)?.name ?? 'error' }))
      .finally(() => (running = undefined));
    return running;
  };
  return {
    start() {
      if (timer) return;
      timer = setInterval(() => void run(), options.intervalMs);
      timer.unref?.();
      if (options.atStart !== false) void run();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
