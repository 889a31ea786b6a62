// The two load benchmarks (intake and status lookups): the Node server and
// the bare baseline under autocannon at 16, 64 and 256 connections, one
// after the other at each level, in the same run. Intake first counts the
// Redis commands and round trips of a filing and a lookup (bench/lib/counts.ts),
// next to the baseline's and to the recorded figures of the code before.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import type { CannonOptions, CannonResult } from './cannon';
import { cleanEnv, onCleanup, projectRoot, workRoot } from './proc';
import { claimDatabase, countKeys, deletePrefix, KEY_PREFIX, REDIS_BASE } from './redis';
import { createClient } from 'redis';
import { benchSecret, ensureSiteBuild, siteWork, startBaseline, startCapture, startSchoolwatch } from './site';
import { countsMarkdown, measureCounts, readBefore } from './counts';
import { fmt, machine, machineLines, table, writeSection, type Target } from './report';
import { profileSummary, type ProfileSummary } from './profile';

const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '16,64,256').split(',').map(Number);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = 3;
const LOOKUP_CODES = 2000;
/** Filings (and lookups) counted one by one before the load runs. */
const COUNT_OPS = Number(process.env.BENCH_COUNT_OPS ?? 100);

/** A valid complaint about the first school of the project's own content. */
export function validComplaint(): Record<string, unknown> {
  const schools = yaml.load(readFileSync(join(projectRoot, 'content', 'schools.yaml'), 'utf8')) as Array<{ id: string }>;
  const aspects = yaml.load(readFileSync(join(projectRoot, 'content', 'aspects.yaml'), 'utf8')) as Array<{ id: string }>;
  return {
    school: schools[0]!.id,
    aspect: aspects[0]!.id,
    description: '学校在周六组织全班到校上课，持续了三个星期，老师说不来就跟不上进度。这是基准测试生成的举报内容。',
    occurredOn: '2026-01-10',
    anonymous: false,
    name: '王女士',
    phone: '13800000000',
    email: 'parent@example.com',
    contactConsent: true,
  };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
function cpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks of 1/100 s
  } catch {
    return 0;
  }
}

/** Redis's own counters: commands processed and CPU seconds used, server-wide. */
async function redisCounters(): Promise<{ commands: number; cpuMs: number }> {
  const client = createClient({ url: REDIS_BASE, RESP: 2 });
  client.on('error', () => {});
  await client.connect();
  try {
    const info = await client.info();
    const num = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
    return { commands: num('total_commands_processed'), cpuMs: (num('used_cpu_user') + num('used_cpu_sys')) * 1000 };
  } finally {
    await client.close();
  }
}

interface Measured extends CannonResult {
  /** CPU ms of the server process per answered request. */
  serverCpuMs: number;
  /** Redis commands per answered request (server-wide counter: other users of that Redis add to it). */
  redisCommands: number;
  redisCpuMs: number;
}

/** One autocannon run against `pid`'s server, with that process's CPU and Redis's work per request. */
async function measured(options: CannonOptions, pid: number | undefined): Promise<Measured> {
  const cpu0 = cpuMs(pid);
  const r0 = await redisCounters();
  const result = await cannon(options);
  const cpu1 = cpuMs(pid);
  const r1 = await redisCounters();
  const answered = Math.max(1, result.total);
  return { ...result, serverCpuMs: (cpu1 - cpu0) / answered, redisCommands: (r1.commands - r0.commands - 2) / answered, redisCpuMs: (r1.cpuMs - r0.cpuMs) / answered };
}

function cannon(options: CannonOptions): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'bench', 'lib', 'cannon.ts'), JSON.stringify(options)], { cwd: projectRoot, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`autocannon failed (${code}):\n${err}${out}`));
      resolve(JSON.parse(last) as CannonResult);
    });
  });
}

/** Files `count` complaints through the API, 16 at a time; returns their receipt codes. */
async function fileComplaints(url: string, count: number): Promise<string[]> {
  const complaint = JSON.stringify(validComplaint());
  const codes: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await fetch(`${url}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: complaint });
      const body = (await res.json()) as { receiptCode?: string };
      if (res.status !== 201 || !body.receiptCode) throw new Error(`filing failed: ${res.status} ${JSON.stringify(body)}`);
      codes.push(body.receiptCode);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return codes;
}

/** The intake in-process, without HTTP (bench/lib/domain-intake.ts), in a process of its own. */
async function domainIntake(mode: 'service' | 'domain', options: { redisUrl: string; captureUrl: string; complaint: Record<string, unknown>; concurrency: number }) {
  const o = { mode, ...options, prefix: KEY_PREFIX, dataDir: join(siteWork, `data-${mode}`), secret: benchSecret(), seconds: DURATION, tag: `${mode}-${Date.now().toString(36)}` };
  return new Promise<{ total: number; rps: number; cpuMsPerOp: number; p50: number; p99: number; failures: number }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'bench', 'lib', 'domain-intake.ts'), JSON.stringify(o)], { cwd: projectRoot, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`in-process intake (${mode}) failed (${code}):\n${err}${out}`));
      resolve(JSON.parse(last));
    });
  });
}

export async function loadBenchmark(kind: 'intake' | 'status') {
  const m = machine();
  const command = `npm run bench:${kind}`;
  console.log(`${kind} benchmark: ${CONNECTIONS.join(', ')} connections, ${DURATION} s each; load ${m.load}`);
  await ensureSiteBuild();
  const db = claimDatabase();
  onCleanup(() => db.release());
  await deletePrefix(db.url);
  onCleanup(() => deletePrefix(db.url));
  const capture = await startCapture();
  const secret = benchSecret();
  // Commands and round trips per filing and per lookup, counted before any load (MONITOR is off during the load runs).
  const counted =
    kind === 'intake'
      ? await measureCounts({ source: projectRoot, db: db.db, url: db.url, captureUrl: capture.url, emails: async () => (await capture.stats()).requests, secret, complaint: validComplaint(), n: COUNT_OPS, baseline: true })
      : undefined;
  const before = counted ? readBefore() : undefined;
  if (counted) console.log(`  counted: a filing ${counted.domain['upstash-rest'].filing.mean.restRequests.toFixed(1)} REST requests, ${counted.domain.tcp.filing.mean.commands.toFixed(1)} Redis commands; a lookup ${counted.domain['upstash-rest'].lookup.mean.restRequests.toFixed(1)} requests, ${counted.domain.tcp.lookup.mean.commands.toFixed(1)} commands`);
  const server = await startSchoolwatch({ redisUrl: db.url, captureUrl: capture.url, secret });
  const baseline = await startBaseline(db.url);

  let codesFile: string | undefined;
  let filedBefore = 0;
  let drained = true;
  if (kind === 'status') {
    const codes = await fileComplaints(server.url, LOOKUP_CODES);
    filedBefore = codes.length;
    codesFile = join(workRoot, 'receipt-codes.txt');
    writeFileSync(codesFile, `${codes.join('\n')}\n`);
    // Let the server's dispatcher send their emails first, so that lookups are measured alone.
    const deadline = Date.now() + 90_000;
    while ((await capture.stats()).requests < filedBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    drained = (await capture.stats()).requests >= filedBefore;
  }
  const complaint = validComplaint();
  const runId = Date.now().toString(36);
  const base = (url: string, connections: number, durationSeconds: number, tag: string): CannonOptions => ({
    url,
    kind,
    connections,
    durationSeconds,
    complaint,
    keyPrefix: `bench-${runId}-${tag}`,
    ...(codesFile ? { codesFile } : {}),
  });

  // Complaints already stored (the counts above filed some): the integrity check counts only those filed under load.
  const storedBefore = kind === 'intake' ? await countKeys(db.url, `${KEY_PREFIX}:complaint:*`) : 0;
  // Warm-up (JIT, connections, the server's runtime), not counted.
  let created = 0;
  await cannon(base(baseline.url, 16, WARMUP, 'warm-b'));
  const warm = await cannon(base(server.url, 16, WARMUP, 'warm-s'));
  created += warm.statuses['201'] ?? 0;
  const emailsBefore = (await capture.stats()).requests;

  const rows: Array<{ connections: number; baseline: Measured; server: Measured }> = [];
  for (const connections of CONNECTIONS) {
    const b = await measured(base(baseline.url, connections, DURATION, `b${connections}`), baseline.process.pid);
    const s = await measured(base(server.url, connections, DURATION, `s${connections}`), server.process.pid);
    created += s.statuses['201'] ?? 0;
    rows.push({ connections, baseline: b, server: s });
    console.log(`  ${connections} connections: server ${fmt.int(s.rps)} req/s p99 ${s.p99} ms (${s.non2xx} non-2xx, ${s.errors} errors) · baseline ${fmt.int(b.rps)} req/s p99 ${b.p99} ms · ratio ${fmt.ratio(s.rps / b.rps)}`);
  }
  const emails = (await capture.stats()).requests - emailsBefore;
  const stored = kind === 'intake' ? (await countKeys(db.url, `${KEY_PREFIX}:complaint:*`)) - storedBefore : 0;
  // Without HTTP and Astro, each in a process of its own: the composition root's service (with the dispatcher it kicks), and fileComplaint alone.
  const service = kind === 'intake' ? await domainIntake('service', { redisUrl: db.url, captureUrl: capture.url, complaint, concurrency: 64 }) : undefined;
  const domain = kind === 'intake' ? await domainIntake('domain', { redisUrl: db.url, captureUrl: capture.url, complaint, concurrency: 64 }) : undefined;
  // Requests still in flight when a run stopped were answered after autocannon stopped counting.
  const inFlight = 16 + CONNECTIONS.reduce((a, b) => a + b, 0);

  // Where the server's time goes: one more run at 64 connections against a server with the CPU profiler on.
  const missed = rows.some((r) => r.connections === 64 && (r.server.rps < r.baseline.rps / 2 || r.server.p99 >= 100));
  let profile: (ProfileSummary & { rps: number }) | undefined;
  if ((missed && process.env.BENCH_PROFILE_SERVER !== '0') || process.env.BENCH_PROFILE_SERVER === 'always') {
    const profDir = join(workRoot, `prof-${kind}`);
    const profiled = await startSchoolwatch({ redisUrl: db.url, captureUrl: capture.url, secret, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=500'] });
    await cannon(base(profiled.url, 16, WARMUP, 'warm-p'));
    const r = await cannon(base(profiled.url, 64, DURATION, 'prof'));
    await profiled.stop();
    const file = readdirSync(profDir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(profDir, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (file) profile = { rps: r.rps, ...profileSummary(file, /\/bench\/\.work\/site\/dist\//, "the server bundle (api/, src/ and Astro's runtime, bundled)") };
  }

  const status = (r: CannonResult) =>
    Object.entries(r.statuses)
      .map(([code, n]) => `${code}: ${fmt.int(n)}`)
      .join(', ');
  const tableRows = rows.flatMap(({ connections, baseline: b, server: s }) => [
    [String(connections), kind === 'intake' ? 'Schoolwatch `POST /api/complaints`' : 'Schoolwatch `POST /api/complaints/status`', fmt.int(s.rps), fmt.ms(s.p50), fmt.ms(s.p99), fmt.int(s.total), `${s.errors} / ${s.timeouts} / ${fmt.int(s.non2xx)}`, status(s), fmt.ms(s.serverCpuMs), fmt.num(s.redisCommands), fmt.ratio(s.rps / b.rps), fmt.ratio(s.p99 / Math.max(b.p99, 1))],
    [String(connections), 'baseline: `node:http` + one Redis `SET`', fmt.int(b.rps), fmt.ms(b.p50), fmt.ms(b.p99), fmt.int(b.total), `${b.errors} / ${b.timeouts} / ${fmt.int(b.non2xx)}`, status(b), fmt.ms(b.serverCpuMs), fmt.num(b.redisCommands), '1.00×', '1.00×'],
  ]);
  const b64 = rows.find((r) => r.connections === 64)?.baseline ?? rows[0]!.baseline;
  if (service) tableRows.push(['64 callers', "the composition root's `services.submitComplaint` in-process (validation, the filing, the email it kicks), no HTTP", fmt.int(service.rps), fmt.ms(service.p50), fmt.ms(service.p99), fmt.int(service.total), `${service.failures} failed`, '—', fmt.ms(service.cpuMsPerOp), '—', fmt.ratio(service.rps / b64.rps), '—']);
  if (domain) tableRows.push(['64 callers', 'the domain alone: `fileComplaint` in-process (sealing, hashing, one store step), no HTTP, no email', fmt.int(domain.rps), fmt.ms(domain.p50), fmt.ms(domain.p99), fmt.int(domain.total), `${domain.failures} failed`, '—', fmt.ms(domain.cpuMsPerOp), '—', fmt.ratio(domain.rps / b64.rps), '—']);
  const at64 = rows.find((r) => r.connections === 64);
  const what = kind === 'intake' ? 'intake' : 'status lookup';
  const targets: Target[] = at64
    ? [
        { benchmark: kind, target: `${what} throughput ≥ half the baseline's (64 connections)`, measured: `${fmt.int(at64.server.rps)} against ${fmt.int(at64.baseline.rps)} req/s (${fmt.ratio(at64.server.rps / at64.baseline.rps)})`, met: at64.server.rps >= at64.baseline.rps / 2 },
        { benchmark: kind, target: `${what} p99 latency < 100 ms at 64 connections`, measured: `${fmt.ms(at64.server.p99)} (baseline ${fmt.ms(at64.baseline.p99)})`, met: at64.server.p99 < 100 },
        { benchmark: kind, target: `${what}: no errors, every answer ${kind === 'intake' ? '201' : '200'}`, measured: rows.map((r) => `${r.connections}: ${r.server.errors + r.server.timeouts} errors, ${fmt.int(r.server.non2xx)} non-2xx`).join('; '), met: rows.every((r) => r.server.errors + r.server.timeouts + r.server.non2xx === 0) },
      ]
    : [];
  const intro =
    kind === 'intake'
      ? 'The Node server (`node scripts/serve.mjs` over a fresh `astro build` of the project, Redis over TCP in a database claimed like the tests claim theirs, key prefix `bench`, `INTAKE_RATE_LIMIT=100000000` set in its environment, Resend pointed at a local capture server) takes valid JSON complaints on `POST /api/complaints`, each request with its own `Idempotency-Key`, from autocannon on loopback (one process of its own, pipelining 1). Right before it, at each level, the baseline — a bare `node:http` server that reads the body and does one Redis `SET` through the same client (`connectRedis({ kind: \'tcp\', url })`, `bench/baseline-server.ts`) — takes the same requests.'
      : `The same servers; ${fmt.int(filedBefore)} complaints are filed through the API first and their receipt codes looked up in turn on \`POST /api/complaints/status\` (\`LOOKUP_RATE_LIMIT=100000000\`). The server's dispatcher had ${drained ? 'sent all their emails' : 'not finished sending their emails'} before the lookups started. The baseline is the same bare \`node:http\` + one Redis \`SET\` server.`;
  const notes =
    kind === 'intake'
      ? [
          '',
          `Integrity: ${fmt.int(created)} complaints answered 201 while autocannon counted (warm-up included), ${fmt.int(stored)} new complaint records in Redis afterwards${stored >= created && stored - created <= inFlight ? ` — the ${fmt.int(stored - created)} more are requests still in flight when a run stopped (at most ${inFlight}); nothing lost` : ' — **more than the requests in flight can explain**'}. Every filing also kicks the server's background dispatcher, which sent ${fmt.int(emails)} emails to the capture server while the load ran (their work is part of the server's cost, as in production).`,
        ]
      : [];
  const md = [
    `## ${kind === 'intake' ? '2. Intake under load' : '3. Status lookups under load'}`,
    '',
    machineLines(m, command, [`Each level runs ${DURATION} s after a ${WARMUP} s warm-up of each server at 16 connections; the load generator, the server and Redis share the 2 cores.`]),
    '',
    intro,
    '',
    ...(counted
      ? [
          `**Redis commands and round trips per filing and per lookup**, counted before the load runs (\`bench/lib/counts.ts\`), next to ${before ? `the same counts of the code before this change (${before.source}, measured ${before.measured} with \`${before.command}\`, recorded in \`bench/counts-d6b97b1.json\`)` : 'the code before this change (not recorded: bench/counts-d6b97b1.json is missing)'} and to the baseline's. Commands are what Redis ran in the benchmark's claimed database, from \`MONITOR\` (which prints each command's database, and the commands a script runs as \`lua\`): that database is the benchmark's alone, so other users of the same Redis are left out, where a diff of \`INFO commandstats\` or \`total_commands_processed\` would count them too. Round trips over REST are the requests the tests' Upstash REST stand-in (\`tests/support/redis.ts\`, in front of the same Redis) received, as \`tests/integration/round-trips.test.ts\` counts them; over TCP, the commands clients sent, a MULTI … EXEC block counting once.`,
          '',
          ...countsMarkdown(counted, before, 'before'),
          '',
          '**Under load.**',
          '',
        ]
      : []),
    table(['connections', 'server', 'req/s', 'p50', 'p99', 'requests', 'errors / timeouts / non-2xx', 'statuses', 'server CPU per request', 'Redis commands per request (server-wide counter)', 'req/s ÷ baseline', 'p99 ÷ baseline'], tableRows),
    '',
    'Server CPU per request: user + system time of the server process (from /proc) over the run, divided by the requests answered — the cost that decides throughput on 2 shared cores. Redis commands per request: Redis\'s `total_commands_processed` over the run, divided likewise (MULTI and EXEC count as commands, and so does each command a Lua script runs; the counter is server-wide, so whatever else used this Redis meanwhile is in it: the exact counts are in the table above). The in-process rows run 64 callers in a loop for the same time in a process of their own, against the same Redis; the first wires the composition root (`src/server/root.ts`, with the real configuration module and registry; `bench/lib/domain.ts`), so it runs what the site runs minus HTTP and Astro.',
    ...notes,
    ...(profile ? profileMarkdown(profile) : []),
  ].join('\n');
  console.log(`\n${md}`);
  writeSection(kind, md, targets);
}

function profileMarkdown(p: ProfileSummary & { rps: number }): string[] {
  const pct = (ms: number) => `${((ms / p.totalMs) * 100).toFixed(1)}%`;
  return [
    '',
    `Where the server's time goes: one more ${DURATION} s run at 64 connections against a server started with \`node --cpu-prof\` (${fmt.int(p.rps)} req/s with the profiler on; ${fmt.s(p.totalMs)} of main-thread samples, idle included). Self time by owner of the code:`,
    '',
    table(['code', 'self time', 'share'], p.owners.map((r) => [r.name, fmt.s(r.ms), pct(r.ms)])),
    '',
    "The server bundle's functions by time on the stack (callees included; file names are the bundle's chunks):",
    '',
    table(['function (chunk:line)', 'time on stack', 'share'], p.own.map((r) => [`\`${r.name}\``, fmt.s(r.ms), pct(r.ms)])),
    '',
    'Top functions by self time:',
    '',
    table(['function (file:line)', 'self time', 'share'], p.rows.map((r) => [`\`${r.name}\``, fmt.s(r.ms), pct(r.ms)])),
  ];
}
