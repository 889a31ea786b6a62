// The one harness every benchmark uses: build the site once, start the built
// Node server (scripts/serve.mjs) and the floors (bench/floor.ts) as child
// processes, load them with autocannon from this process, and print each
// figure next to its floor with the ratio. Whatever was started is stopped at
// the end, whatever happens.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { createClient } from 'redis';

export const projectRoot = resolve(import.meta.dirname, '..', '..');
/** Scratch space (ignored by bench/.gitignore), removed by run.ts at the end. */
export const work = join(projectRoot, 'bench', '.work');
export const siteOut = join(work, 'site', 'dist');
/** --quick: shorter load runs and smaller sizes, for a check that everything still runs. */
export const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
export const seconds = quick ? 3 : 8;
/** Database 0 under a prefix of this run's own (`PREFIX:` for floors, `PREFIX-n:` for the nth server, so that one section's queued jobs never reach the next): only these keys are ever deleted. */
export const REDIS_URL = 'redis://127.0.0.1:6379/0';
export const PREFIX = `bench-${Date.now().toString(36)}`;

/** Environment variables that choose a store, a mailer or limits are never inherited from the caller's shell. */
const CONFIG = /^(UPSTASH_|KV_|REDIS_|RESEND_|SITE_|CRON_SECRET|MAIL_FROM|OUTBOX_DIR|INTAKE_|LOOKUP_|SCHOOLWATCH_|DISPATCH_|SMTP_|EVIDENCE_|VERCEL)/;
export const cleanEnv = (extra: NodeJS.ProcessEnv = {}) => ({ ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !CONFIG.test(k))), ...extra });

const stops: Array<() => Promise<void>> = [];
export async function stopAll() {
  while (stops.length > 0) await stops.pop()!().catch(() => {});
}

export function run(args: string[], env: NodeJS.ProcessEnv = cleanEnv(), cwd = projectRoot): Promise<{ code: number | null; output: string; ms: number }> {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => done({ code, output, ms: performance.now() - t0 }));
  });
}

/** `astro build` of this checkout into bench/.work/site, once (BENCH_REUSE_BUILD=1 keeps an earlier one). */
let built: Promise<number> | undefined;
export function buildSite(): Promise<number> {
  built ??= (async () => {
    if (process.env.BENCH_REUSE_BUILD === '1' && existsSync(join(siteOut, 'server', 'entry.mjs'))) return 0;
    console.log('building the site ...');
    const r = await run(
      [join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'build'],
      cleanEnv({ SCHOOLWATCH_OUT_DIR: siteOut, SCHOOLWATCH_CACHE_DIR: join(work, 'site', 'cache'), ASTRO_TELEMETRY_DISABLED: '1' }),
    );
    if (r.code !== 0) throw new Error(`astro build failed:\n${r.output.slice(-3000)}`);
    return r.ms;
  })();
  return built;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
    s.on('error', fail);
  });
}

export interface Server {
  url: string;
  pid: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node <args>` with PORT set and waits until `ready` answers below 500. */
export async function start(args: string[], env: NodeJS.ProcessEnv, ready = '/'): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { cwd: projectRoot, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => (clearTimeout(hard), done()));
      child.kill('SIGTERM');
    });
  stops.push(stop);
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 100))) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not start:\n${output}`);
    const res = await fetch(url + ready).catch(() => undefined);
    await res?.arrayBuffer();
    if (res && res.status < 500) break;
  }
  return { url, pid: child.pid!, child, output: () => output, stop };
}

/** A floor (bench/floor.ts): `set` = node:http + one Redis SET (`sealed`: after a filing's crypto); `files` = node:http serving the build's pages from memory; `resend` = Resend's API answering 200. */
export const startFloor = (kind: 'set' | 'sealed' | 'files' | 'resend', env: NodeJS.ProcessEnv = {}) =>
  start(
    ['--import', 'tsx', join(projectRoot, 'bench', 'floor.ts'), kind],
    cleanEnv({ REDIS_URL, PREFIX, SITE_DIR: join(siteOut, 'client'), ...env }),
    kind === 'set' || kind === 'sealed' ? '/health' : '/',
  );

let servers = 0;
/** The built site through scripts/serve.mjs on TCP Redis, Resend pointed at `resendUrl`, limits raised through configuration. */
export async function startSite(resendUrl: string, env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<Server> {
  if (!env.SCHOOLWATCH_OUT_DIR) await buildSite();
  const data = join(work, `data-${randomBytes(4).toString('hex')}`);
  mkdirSync(data, { recursive: true });
  return start(
    [...nodeArgs, join(projectRoot, 'scripts', 'serve.mjs')],
    cleanEnv({
      SCHOOLWATCH_OUT_DIR: siteOut,
      SCHOOLWATCH_DATA_DIR: data,
      OUTBOX_DIR: join(data, 'outbox'),
      REDIS_URL,
      REDIS_KEY_PREFIX: `${PREFIX}-${++servers}`,
      SITE_SECRET: randomBytes(32).toString('base64url'),
      SITE_URL: 'http://127.0.0.1',
      RESEND_API_KEY: 're_bench_not_a_real_key',
      RESEND_BASE_URL: resendUrl,
      MAIL_FROM: '校务监督 <noreply@schoolwatch.example>',
      INTAKE_RATE_LIMIT: '100000000',
      LOOKUP_RATE_LIMIT: '100000000',
      ...env,
    }),
    '/api/health',
  );
}

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  seconds: number;
  bad: number;
}

/** autocannon against `url`; `each` may vary a request (a fresh Idempotency-Key, another code). */
export async function load(
  url: string,
  o: {
    connections: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    each?: (n: number) => { path?: string; body?: string; headers?: Record<string, string> };
    duration?: number;
    amount?: number;
    ok?: number;
  },
): Promise<Load> {
  let n = 0;
  const r = await autocannon({
    url,
    connections: o.connections,
    duration: o.duration ?? seconds,
    ...(o.amount ? { amount: o.amount } : {}),
    timeout: 10,
    method: o.method ?? 'GET',
    headers: o.headers ?? {},
    ...(o.body ? { body: o.body } : {}),
    ...(o.each ? { requests: [{ setupRequest: (req) => ({ ...req, ...o.each!(n++) }) }] } : {}),
  });
  const good = r.statusCodeStats?.[String(o.ok ?? 200)]?.count ?? 0;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    seconds: r.duration,
    bad: r.errors + r.timeouts + (r.requests.total - good),
  };
}

/**
 * The same load on the product and on its floor, back to back, twice (floor, product, floor,
 * product); the better of each. `settled` resolves once the work a product run left behind is
 * done (the emails of its filings): each run starts on a machine the other's leftovers no longer
 * load, or the floor would share its cores with the product's backlog and every ratio look better.
 */
export async function versus(
  product: () => Promise<Load>,
  floor: () => Promise<Load>,
  settled: () => Promise<void> = async () => undefined,
): Promise<{ product: Load; floor: Load }> {
  const best = (a: Load, b: Load) => (a.rps >= b.rps ? a : b);
  const after = async (load: () => Promise<Load>) => (await settled(), load());
  let f = await after(floor);
  let p = await after(product);
  if (!quick) {
    f = best(f, await after(floor));
    p = best(p, await after(product));
  }
  return { product: p, floor: f };
}

// --- the report: one table, each figure next to its floor or anchor and the ratio ---
export interface Row {
  what: string;
  figure: string;
  floor: string;
  ratio?: number;
  /** The target, e.g. '≥ 0.5×' or '≤ 400 MB', and whether it was met. */
  target?: string;
  met?: boolean;
}
export const rows: Row[] = [];
export const fmt = {
  rps: (l: Load) => `${Math.round(l.rps).toLocaleString('en')} req/s, p99 ${l.p99} ms${l.bad ? `, ${l.bad} bad` : ''}`,
  ms: (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`),
  mb: (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`,
};
export function report(row: Row) {
  rows.push(row);
  const ratio = row.ratio === undefined ? '' : ` = ${row.ratio.toFixed(2)}×`;
  console.log(`  ${row.what}: ${row.figure} | floor ${row.floor}${ratio}${row.target ? ` (target ${row.target}: ${row.met ? 'met' : 'MISSED'})` : ''}`);
}
export function table(): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  return [
    '| what | figure | floor / anchor | ratio | target |',
    '|---|---|---|---:|---|',
    ...rows.map(
      (r) =>
        `| ${cell(r.what)} | ${cell(r.figure)} | ${cell(r.floor)} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} | ${r.target ? `${r.target} ${r.met ? '✓' : '✗ missed'}` : ''} |`,
    ),
  ].join('\n');
}

/** Resident set of a process, in bytes, from /proc: now (VmRSS) and its peak since it started (VmHWM). */
const status = (pid: number, field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
export const rss = (pid: number) => status(pid, 'VmRSS');
export const peakRss = (pid: number) => status(pid, 'VmHWM');

/** Deletes this run's keys (SCAN + UNLINK under PREFIX, never FLUSHDB). */
export async function dropKeys() {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => {});
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 5000 })) if (keys.length) await client.unlink(keys);
  await client.close();
}
