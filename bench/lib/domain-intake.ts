// Intake without HTTP, in a process of its own: `concurrency` callers in a
// loop for `seconds`, after a 2 s warm-up. Prints complaints per second, the
// latency of one call and the process's CPU time per complaint as JSON.
//
//   node --import tsx bench/lib/domain-intake.ts '<json options>'
//
// mode "service": the composition root's `services.submitComplaint` (what
//   api/complaints calls: validation, the filing, and the kick of the
//   background dispatcher, which sends the bureau's email to the capture
//   server from this process, as the Node server does).
// mode "domain": `fileComplaint` alone on a complaint checked once (the
//   sealing, hashing and the one store step, rate limit included).
import { fileComplaint } from '../../src/domain/fileComplaint';
import { BENCH_LIMIT, checkedInput, openRoot, wireDomain } from './domain';

interface Options {
  mode: 'service' | 'domain';
  redisUrl: string;
  prefix: string;
  captureUrl: string;
  dataDir: string;
  secret: string;
  complaint: Record<string, unknown>;
  concurrency: number;
  seconds: number;
  tag: string;
}
const o = JSON.parse(process.argv[2] ?? '{}') as Options;

let call: (key: string) => Promise<boolean>;
let close: () => Promise<void>;
if (o.mode === 'service') {
  const root = await openRoot({
    REDIS_URL: o.redisUrl,
    REDIS_KEY_PREFIX: o.prefix,
    SITE_SECRET: o.secret,
    RESEND_API_KEY: 're_bench_not_a_real_key',
    RESEND_BASE_URL: o.captureUrl,
    MAIL_FROM: '校务监督 <noreply@schoolwatch.example>',
    SCHOOLWATCH_DATA_DIR: o.dataDir,
    INTAKE_RATE_LIMIT: String(BENCH_LIMIT.max),
    LOOKUP_RATE_LIMIT: String(BENCH_LIMIT.max),
  });
  call = async (key) => (await root.services.submitComplaint(o.complaint, { address: '127.0.0.1', idempotencyKey: key })).status === 201;
  close = () => root.close();
} else {
  const deps = await wireDomain(o.redisUrl, o.secret);
  const input = checkedInput(o.complaint, deps.directory);
  call = async (key) => (await fileComplaint(input, deps, { address: '127.0.0.1', idempotencyKey: key, limit: BENCH_LIMIT })).kind === 'filed';
  close = () => deps.connection.close();
}

let n = 0;
let failures = 0;
const latencies: number[] = [];
const run = async (until: number, record: boolean) => {
  while (Date.now() < until) {
    const i = n++;
    const started = performance.now();
    if (!(await call(`${o.tag}-${i}`))) failures++;
    if (record) latencies.push(performance.now() - started);
  }
};
await Promise.all(Array.from({ length: o.concurrency }, () => run(Date.now() + 2000, false)));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(Array.from({ length: o.concurrency }, () => run(Date.now() + o.seconds * 1000, true)));
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
console.log(JSON.stringify({ total: latencies.length, rps: latencies.length / (wall / 1000), cpuMsPerOp: (cpu.user + cpu.system) / 1000 / latencies.length, p50: q(0.5), p99: q(0.99), failures }));
await close();
