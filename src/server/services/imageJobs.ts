/**
 * At most `max` image jobs at once in this process; the next waits up to
 * `waitMs` for a free place, then gets 'busy' (the page answers 503 with the
 * parent's answers kept). Each sharp job holds one of libuv's worker threads
 * for as long as it runs: without this bound, a few uploads at once would
 * hold them all, and static files, compression and WebCrypto would wait.
 */
export type JobLimiter = <T>(job: () => Promise<T>) => Promise<T | 'busy'>;

export function jobLimiter(max: number, waitMs: number): JobLimiter {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (job) => {
    if (running >= max) {
      const admitted = await new Promise<boolean>((resolve) => {
        const go = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(go), 1);
          resolve(false);
        }, waitMs);
        waiting.push(go);
      });
      if (!admitted) return 'busy';
    } else running++;
    try {
      return await job();
    } finally {
      // The place passes to the next in line, or is freed.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
