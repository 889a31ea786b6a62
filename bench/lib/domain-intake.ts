// Intake without HTTP: the rate check and fileComplaint, as the server's
// submitComplaint calls them, in a loop with `concurrency` callers for
// `seconds`, in a process of its own. Prints complaints per second and the
// process's CPU time per complaint as JSON.
//
//   node --import tsx bench/lib/domain-intake.ts '<json options>'
import { checkRate } from '../../src/domain/rateLimit';
import { fileComplaint } from '../../src/domain/fileComplaint';
import { wireDomain } from './domain';

const o = JSON.parse(process.argv[2] ?? '{}') as { redisUrl: string; secret: string; complaint: Record<string, unknown>; concurrency: number; seconds: number; tag: string };
const deps = await wireDomain(o.redisUrl, o.secret);
let n = 0;
let failures = 0;
const latencies: number[] = [];
const run = async (until: number, record: boolean) => {
  while (Date.now() < until) {
    const i = n++;
    const started = performance.now();
    const rate = await checkRate(deps, 'intake', '127.0.0.1', { max: 100_000_000, windowSeconds: 3600 });
    const outcome = rate.allowed ? await fileComplaint(o.complaint, deps, `${o.tag}-${i}`) : undefined;
    if (outcome?.kind !== 'filed') failures++;
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
await deps.connection.close();
