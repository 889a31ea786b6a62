// Child processes for the benchmarks: started on the project's Node (the one
// running this script, Node 24 through npx), timed, their peak memory
// sampled from /proc, and always stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '..', '..');
/** Scratch space inside the project (node_modules is found by walking up), ignored by bench/.gitignore. */
export const workRoot = join(projectRoot, 'bench', '.work');
export const astroBin = join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');

/** Environment variables that pick a store, a mailer or limits: never inherited from the caller's shell. */
const CONFIG_VARIABLES = /^(UPSTASH_|KV_|REDIS_|RESEND_|SITE_|CRON_SECRET|MAIL_FROM|OUTBOX_DIR|INTAKE_|LOOKUP_|SCHOOLWATCH_|DISPATCH_|VERCEL)/;
export const cleanEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONFIG_VARIABLES.test(name))),
  ...extra,
});

function childrenOf(pid: number): number[] {
  try {
    const tasks = readdirSync(`/proc/${pid}/task`);
    return tasks.flatMap((t) => {
      try {
        return readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/** kB fields of /proc/<pid>/status (VmRSS, VmHWM). */
function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Samples a process tree every `everyMs`: the largest resident set of one process (its VmHWM) and of the tree together. */
export function sampleMemory(root: number, everyMs = 100) {
  let peakProcessKb = 0;
  let peakTreeKb = 0;
  const sample = () => {
    const pids = [root];
    for (let i = 0; i < pids.length; i++) pids.push(...childrenOf(pids[i]!));
    let tree = 0;
    for (const pid of pids) {
      tree += statusKb(pid, 'VmRSS');
      peakProcessKb = Math.max(peakProcessKb, statusKb(pid, 'VmHWM'));
    }
    peakTreeKb = Math.max(peakTreeKb, tree);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      sample();
      clearInterval(timer);
      return { peakProcessMb: peakProcessKb / 1024, peakTreeMb: peakTreeKb / 1024 };
    },
  };
}

export interface TimedRun {
  code: number | null;
  output: string;
  wallMs: number;
  peakProcessMb: number;
  peakTreeMb: number;
}

/** Runs `node <args>` to completion, timing it and sampling its memory. */
export function runNode(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; onLine?: (line: string) => void }): Promise<TimedRun> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const memory = sampleMemory(child.pid!);
    let output = '';
    let partial = '';
    const take = (d: Buffer) => {
      const text = d.toString();
      output += text;
      if (!options.onLine) return;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20 * 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      const peak = memory.stop();
      child.on('close', () => resolvePromise({ code, output, wallMs, ...peak }));
    });
  });
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePromise(port));
    });
    server.on('error', reject);
  });
}

export interface Service {
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts a long-running node process and waits until `readyPath` answers on its port. */
export async function startService(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; port: number; readyPath?: string; readyMethod?: string }): Promise<Service> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(hard);
        done();
      });
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited:\n${output}`);
    try {
      const res = await fetch(`${url}${options.readyPath ?? '/'}`, { method: options.readyMethod ?? 'GET' });
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${args.join(' ')} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, process: child, output: () => output, stop };
}

/** Processes started by this run, stopped on exit or Ctrl-C whatever happens. */
const cleanups: Array<() => Promise<unknown> | unknown> = [];
export function onCleanup(fn: () => Promise<unknown> | unknown) {
  cleanups.push(fn);
}
export async function cleanup() {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      console.warn(`cleanup: ${(error as Error).message}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanup().finally(() => process.exit(130));
  });
}
