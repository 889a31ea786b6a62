// Start-up time and memory of a server process: spawned with `node <args>`,
// timed from the spawn until GET /api/health answers 200 (polled every
// 10 ms), its resident set read from /proc right then, and again after
// `requests` GETs of an on-demand page (4 at a time); stopped at the end.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cleanEnv, freePort } from './proc';

export interface StartupRun {
  /** Spawn → first 200 from /api/health. */
  startMs: number;
  /** VmRSS when /api/health first answered 200. */
  rssReadyMb: number;
  /** VmRSS after the page requests. */
  rssAfterMb: number;
  /** VmHWM (the largest resident set so far) at the end. */
  peakMb: number;
  /** The first request of the page, and the mean of the others. */
  firstPageMs: number;
  pageMeanMs: number;
  requests: number;
  statuses: Record<string, number>;
  /** The start-up time of every run, when this is the median of several. */
  runsMs?: number[];
}

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

export async function measureStartup(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; pagePath: string; requests: number }): Promise<StartupRun> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: cleanEnv({ ...options.env, HOST: '127.0.0.1', PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-10_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-10_000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    let startMs = 0;
    for (const deadline = Date.now() + 120_000; ; ) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited (${child.exitCode}):\n${output}`);
      try {
        const res = await fetch(`${url}/api/health`);
        await res.arrayBuffer();
        if (res.status === 200) {
          startMs = performance.now() - started;
          break;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${args.join(' ')}: /api/health did not answer 200 within 120 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const rssReadyMb = statusMb(child.pid!, 'VmRSS');
    const statuses: Record<string, number> = {};
    const get = async () => {
      const t = performance.now();
      const res = await fetch(`${url}${options.pagePath}`);
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      return performance.now() - t;
    };
    const firstPageMs = await get();
    let next = 1;
    let total = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next++ < options.requests) total += await get();
      }),
    );
    return {
      startMs,
      rssReadyMb,
      rssAfterMb: statusMb(child.pid!, 'VmRSS'),
      peakMb: statusMb(child.pid!, 'VmHWM'),
      firstPageMs,
      pageMeanMs: total / Math.max(1, options.requests - 1),
      requests: options.requests,
      statuses,
    };
  } finally {
    await new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(hard);
        done();
      });
      child.kill('SIGTERM');
    });
  }
}
