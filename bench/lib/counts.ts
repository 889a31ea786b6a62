// Redis commands and round trips per filing and per status lookup.
//
// Commands are counted by Redis itself, with MONITOR, keeping only the lines
// of the benchmark's claimed database: MONITOR prints the database of every
// command (`[14 127.0.0.1:52044] "EVALSHA" …`, and `[14 lua] "SET" …` for
// each command a script runs), and that database is ours alone while the
// claim is held (bench/lib/redis.ts), so other users of the same Redis — test
// suites in their own databases — are seen and left out. A diff of
// `INFO commandstats` or `total_commands_processed` cannot do that: both are
// server-wide, so whatever anyone else runs during the window is added to
// ours (each window below also says how many commands MONITOR saw in other
// databases). MONITOR costs Redis time, so it is on only while counting,
// never during the load runs.
//
// Round trips:
// - Upstash over REST: requests received by the local REST stand-in of the
//   tests (tests/support/redis.ts startUpstashRestServer, in front of the
//   same Redis), counted as tests/integration/round-trips.test.ts counts them;
// - TCP: commands sent by clients (not by scripts), a MULTI … EXEC block
//   counting as one, since node-redis writes it in one go and waits once.
//
// Each operation is followed by a marker (`ECHO`, from a client of its own,
// left out of the counts): when MONITOR has printed it, it has printed
// everything before it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'redis';
import type { RedisTarget } from '../../src/adapters/redis/connect';
import { fileComplaint } from '../../src/domain/fileComplaint';
import { lookupComplaint } from '../../src/domain/lookupComplaint';
import { startUpstashRestServer, withDatabase } from '../../tests/support/redis';
import { BENCH_LIMIT, checkedInput, wireDomain } from './domain';
import { projectRoot } from './proc';
import { deletePrefix, REDIS_BASE } from './redis';

/** What one operation (or a batch, divided) cost Redis. */
export interface Tally {
  /** Commands Redis ran in our database: those sent by clients (MULTI and EXEC included) and those run by scripts. */
  commands: number;
  /** Of which sent by a client. */
  sent: number;
  /** Of which run inside a Lua script. */
  inScripts: number;
  /** Round trips over TCP: client commands, a MULTI … EXEC block counted once. */
  tcpRoundTrips: number;
  /** EVAL (a script Redis did not know yet, after EVALSHA's NOSCRIPT) and EVALSHA among the client commands. */
  eval: number;
  evalsha: number;
  /** Requests the Upstash REST stand-in received (REST only). */
  restRequests: number;
  /** Commands MONITOR saw in other databases meanwhile (other users of the same Redis). */
  otherDatabases: number;
  /** Commands sent by clients, by name. */
  byCommand: Record<string, number>;
}

const empty = (): Tally => ({ commands: 0, sent: 0, inScripts: 0, tcpRoundTrips: 0, eval: 0, evalsha: 0, restRequests: 0, otherDatabases: 0, byCommand: {} });

export interface Monitor {
  /** Waits until MONITOR has printed everything sent so far; returns the tally since the last call and starts a new one. */
  take(): Promise<Tally>;
  /** Resolves once our database has seen no command for `ms`. */
  quiet(ms: number): Promise<void>;
  close(): Promise<void>;
}

const LINE = /^\d+\.\d+ \[(\d+) ([^\]]+)\] "((?:[^"\\]|\\.)*)"(?: "((?:[^"\\]|\\.)*)")?/;

export async function startMonitor(db: number): Promise<Monitor> {
  const monitor = createClient({ url: REDIS_BASE, RESP: 2 });
  const marker = createClient({ url: withDatabase(REDIS_BASE, db), RESP: 2 });
  for (const c of [monitor, marker]) c.on('error', () => {});
  await marker.connect();
  await monitor.connect();
  let tally = empty();
  let lastSeen = Date.now();
  const inMulti = new Set<string>();
  let waiting: { id: string; resolve(): void } | undefined;
  await monitor.monitor((line: string) => {
    const m = LINE.exec(line);
    if (!m) return;
    const [, dbText, client, rawCommand, firstArg] = m as unknown as [string, string, string, string, string | undefined];
    if (Number(dbText) !== db) {
      tally.otherDatabases++;
      return;
    }
    const command = rawCommand.toUpperCase();
    if (command === 'ECHO' && firstArg?.startsWith('bench-marker-')) {
      if (waiting && firstArg === waiting.id) waiting.resolve();
      return;
    }
    tally.commands++;
    lastSeen = Date.now();
    if (client === 'lua') {
      tally.inScripts++;
      return;
    }
    tally.sent++;
    tally.byCommand[command] = (tally.byCommand[command] ?? 0) + 1;
    if (command === 'EVAL') tally.eval++;
    if (command === 'EVALSHA') tally.evalsha++;
    if (command === 'MULTI') {
      inMulti.add(client);
      tally.tcpRoundTrips++;
    } else if (command === 'EXEC' || command === 'DISCARD') inMulti.delete(client);
    else if (!inMulti.has(client)) tally.tcpRoundTrips++;
  });
  let sequence = 0;
  const take = async () => {
    const id = `bench-marker-${++sequence}`;
    const seen = new Promise<void>((resolve) => (waiting = { id, resolve }));
    await marker.echo(id);
    await Promise.race([seen, new Promise((_, reject) => setTimeout(() => reject(new Error('MONITOR did not print the marker within 10 s')), 10_000))]);
    const done = tally;
    tally = empty();
    return done;
  };
  await take(); // the connections' own set-up commands
  return {
    take,
    async quiet(ms) {
      while (Date.now() - lastSeen < ms) await new Promise((r) => setTimeout(r, 50));
    },
    async close() {
      await monitor.close().catch(() => monitor.destroy());
      await marker.close().catch(() => marker.destroy());
    },
  };
}

/** A filing and a lookup as a version of the code does them, for counting. */
export interface Intake {
  file(idempotencyKey?: string): Promise<{ kind: 'filed' | 'replayed' | string; receiptCode: string }>;
  lookup(receiptCode: string): Promise<boolean>;
  close(): Promise<void>;
}

/** This checkout: `fileComplaint` on an input checked by `parseComplaintInput`, and `lookupComplaint`, as the intake service calls them (round-trips.test.ts does the same). */
export async function currentIntake(target: RedisTarget, secret: string, complaint: Record<string, unknown>): Promise<Intake> {
  const deps = await wireDomain(target, secret);
  const input = checkedInput(complaint, deps.directory);
  return {
    async file(idempotencyKey) {
      const outcome = await fileComplaint(input, deps, { address: '127.0.0.1', idempotencyKey, limit: BENCH_LIMIT });
      if (outcome.kind !== 'filed' && outcome.kind !== 'replayed') throw new Error(`filing: ${outcome.kind}`);
      return { kind: outcome.kind, receiptCode: outcome.answer.receiptCode };
    },
    async lookup(receiptCode) {
      return (await lookupComplaint(receiptCode, deps, { address: '127.0.0.1', limit: BENCH_LIMIT })).kind === 'found';
    },
    close: () => deps.connection.close(),
  };
}

/** Per-operation figures: the mean, and the least and most of one operation. */
export interface Spread {
  ops: number;
  mean: Tally;
  min: { commands: number; tcpRoundTrips: number; restRequests: number };
  max: { commands: number; tcpRoundTrips: number; restRequests: number };
  otherDatabases: number;
}

function spread(tallies: Tally[]): Spread {
  const n = Math.max(1, tallies.length);
  const mean = empty();
  for (const t of tallies) {
    for (const key of ['commands', 'sent', 'inScripts', 'tcpRoundTrips', 'eval', 'evalsha', 'restRequests', 'otherDatabases'] as const) mean[key] += t[key] / n;
    for (const [c, k] of Object.entries(t.byCommand)) mean.byCommand[c] = (mean.byCommand[c] ?? 0) + k / n;
  }
  const pick = (f: (a: number, b: number) => number) => ({
    commands: tallies.map((t) => t.commands).reduce((a, b) => f(a, b)),
    tcpRoundTrips: tallies.map((t) => t.tcpRoundTrips).reduce((a, b) => f(a, b)),
    restRequests: tallies.map((t) => t.restRequests).reduce((a, b) => f(a, b)),
  });
  return { ops: tallies.length, mean, min: pick(Math.min), max: pick(Math.max), otherDatabases: tallies.reduce((a, t) => a + t.otherDatabases, 0) };
}

/** A batch of `ops` operations counted together, divided by `ops`. */
export function perOp(t: Tally, ops: number): Spread {
  const mean = { ...t, byCommand: { ...t.byCommand } };
  for (const key of ['commands', 'sent', 'inScripts', 'tcpRoundTrips', 'eval', 'evalsha', 'restRequests'] as const) mean[key] = t[key] / ops;
  for (const c of Object.keys(mean.byCommand)) mean.byCommand[c] = mean.byCommand[c]! / ops;
  const whole = { commands: mean.commands, tcpRoundTrips: mean.tcpRoundTrips, restRequests: mean.restRequests };
  return { ops, mean, min: whole, max: whole, otherDatabases: t.otherDatabases };
}

export type Operation = 'first filing' | 'filing' | 'filing without key' | 'repeated key' | 'lookup';
export type Transport = 'tcp' | 'upstash-rest';
export type DomainCounts = Record<Transport, Record<Operation, Spread>>;

/**
 * Counts each operation alone, in this process, on both transports: the
 * first filing of a fresh connection, then `n` filings with an
 * Idempotency-Key (as autocannon sends them), n/5 without one, n/5 repeats
 * of a used key, and `n` lookups of the codes filed.
 */
export async function domainCounts(options: { db: number; url: string; secret: string; complaint: Record<string, unknown>; n: number; intake: (target: RedisTarget) => Promise<Intake> }): Promise<DomainCounts> {
  const monitor = await startMonitor(options.db);
  const out: Partial<DomainCounts> = {};
  try {
    for (const transport of ['tcp', 'upstash-rest'] as const) {
      const rest = transport === 'upstash-rest' ? await startUpstashRestServer(options.url) : undefined;
      const target: RedisTarget = rest ? { kind: 'upstash', url: rest.url, token: rest.token } : { kind: 'tcp', url: options.url };
      const intake = await options.intake(target);
      const tag = `${transport}-${Date.now().toString(36)}`;
      const count = async (work: () => Promise<unknown>): Promise<Tally> => {
        await monitor.take();
        const before = rest?.requests() ?? 0;
        await work();
        const t = await monitor.take();
        t.restRequests = (rest?.requests() ?? 0) - before;
        return t;
      };
      try {
        const first = [await count(() => intake.file(`${tag}-first`))];
        const filings: Tally[] = [];
        const codes: string[] = [];
        for (let i = 0; i < options.n; i++)
          filings.push(
            await count(async () => {
              const r = await intake.file(`${tag}-${i}`);
              if (r.kind !== 'filed') throw new Error(`filing ${i}: ${r.kind}`);
              codes.push(r.receiptCode);
            }),
          );
        const unkeyed: Tally[] = [];
        for (let i = 0; i < Math.ceil(options.n / 5); i++) unkeyed.push(await count(() => intake.file()));
        const repeats: Tally[] = [];
        for (let i = 0; i < Math.ceil(options.n / 5); i++)
          repeats.push(
            await count(async () => {
              const r = await intake.file(`${tag}-${i}`);
              if (r.kind !== 'replayed') throw new Error(`repeat ${i}: ${r.kind}`);
            }),
          );
        const lookups: Tally[] = [];
        for (const code of codes)
          lookups.push(
            await count(async () => {
              if (!(await intake.lookup(code))) throw new Error('lookup: not found');
            }),
          );
        out[transport] = { 'first filing': spread(first), filing: spread(filings), 'filing without key': spread(unkeyed), 'repeated key': spread(repeats), lookup: spread(lookups) };
      } finally {
        await intake.close();
        await rest?.close();
      }
    }
  } finally {
    await monitor.close();
  }
  return out as DomainCounts;
}

export interface ServerCounts {
  /** Per filing through the HTTP API, the bureau's email the server sends for it included. */
  filing: Spread;
  lookup: Spread;
  emails: number;
}

/**
 * Counts what the running server does in Redis for `n` filings through
 * `POST /api/complaints` (one after the other, each with its own
 * Idempotency-Key), waiting until the capture server has received their `n`
 * emails, so that the dispatcher's work for them is in the count; then `n`
 * lookups of their codes on `POST /api/complaints/status`.
 */
export async function serverCounts(options: { db: number; serverUrl: string; complaint: Record<string, unknown>; n: number; emails(): Promise<number>; restRequests?: () => number }): Promise<ServerCounts> {
  const monitor = await startMonitor(options.db);
  try {
    const emails0 = await options.emails();
    const rest0 = options.restRequests?.() ?? 0;
    await monitor.take();
    const codes: string[] = [];
    const tag = `srv-${Date.now().toString(36)}`;
    for (let i = 0; i < options.n; i++) {
      const res = await fetch(`${options.serverUrl}/api/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `${tag}-${i}` }, body: JSON.stringify(options.complaint) });
      const body = (await res.json()) as { receiptCode?: string };
      if (res.status !== 201 || !body.receiptCode) throw new Error(`filing through the server: ${res.status} ${JSON.stringify(body)}`);
      codes.push(body.receiptCode);
    }
    const deadline = Date.now() + 60_000;
    while ((await options.emails()) - emails0 < options.n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await monitor.quiet(500); // the dispatcher completes each job after its send
    const emails = (await options.emails()) - emails0;
    const filed = await monitor.take();
    filed.restRequests = (options.restRequests?.() ?? 0) - rest0;
    const rest1 = options.restRequests?.() ?? 0;
    for (const code of codes) {
      const res = await fetch(`${options.serverUrl}/api/complaints/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receiptCode: code }) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`lookup through the server: ${res.status}`);
    }
    const looked = await monitor.take();
    looked.restRequests = (options.restRequests?.() ?? 0) - rest1;
    return { filing: perOp(filed, options.n), lookup: perOp(looked, options.n), emails };
  } finally {
    await monitor.close();
  }
}

/** The baseline's one SET per request, counted the same way. */
export async function baselineCounts(options: { db: number; url: string; n: number }): Promise<Spread> {
  const monitor = await startMonitor(options.db);
  try {
    await monitor.take();
    for (let i = 0; i < options.n; i++) await (await fetch(options.url, { method: 'POST', body: '{}' })).arrayBuffer();
    return perOp(await monitor.take(), options.n);
  } finally {
    await monitor.close();
  }
}

/** Everything counted for one version of the code (what bench/counts-*.json records). */
export interface CountsRecord {
  source: string;
  measured: string;
  command: string;
  machine: string;
  domain: DomainCounts;
  server: Record<Transport, ServerCounts>;
  baseline?: Spread;
}

/**
 * Counts one version of the code: the domain in this process on both
 * transports, then the Node server over its build, over TCP and over the
 * REST stand-in, and the baseline server. `source` is a checkout of another
 * commit for "before" figures (bench/lib/legacy-d6b97b1.ts).
 */
export async function measureCounts(options: { source: string; db: number; url: string; captureUrl: string; emails(): Promise<number>; secret: string; complaint: Record<string, unknown>; n: number; baseline?: boolean }): Promise<Omit<CountsRecord, 'measured' | 'command' | 'machine'>> {
  const { ensureSiteBuild, startBaseline, startSchoolwatch } = await import('./site');
  const { isLegacySource, legacyIntake } = await import('./legacy-d6b97b1');
  const legacy = isLegacySource(options.source);
  const domain = await domainCounts({
    db: options.db,
    url: options.url,
    secret: options.secret,
    complaint: options.complaint,
    n: options.n,
    intake: (target) => (legacy ? legacyIntake(options.source, target, options.secret, options.complaint) : currentIntake(target, options.secret, options.complaint)),
  });
  await ensureSiteBuild(options.source);
  // The filings above queued jobs that no dispatcher sent: a server started now would send them in the window counted below.
  await deletePrefix(options.url);
  const server: Partial<Record<Transport, ServerCounts>> = {};
  for (const transport of ['tcp', 'upstash-rest'] as const) {
    const rest = transport === 'upstash-rest' ? await startUpstashRestServer(options.url) : undefined;
    const service = await startSchoolwatch({ source: options.source, redisUrl: options.url, ...(rest ? { upstash: rest } : {}), captureUrl: options.captureUrl, secret: options.secret });
    try {
      server[transport] = await serverCounts({ db: options.db, serverUrl: service.url, complaint: options.complaint, n: options.n, emails: options.emails, ...(rest ? { restRequests: rest.requests } : {}) });
    } finally {
      await service.stop();
      await rest?.close();
    }
  }
  let baseline: Spread | undefined;
  if (options.baseline) {
    const b = await startBaseline(options.url);
    try {
      baseline = await baselineCounts({ db: options.db, url: b.url, n: options.n });
    } finally {
      await b.stop();
    }
  }
  return { source: options.source, domain, server: server as Record<Transport, ServerCounts>, ...(baseline ? { baseline } : {}) };
}

const OPERATIONS: Array<{ op: Operation; label: string }> = [
  { op: 'filing', label: 'filing with an Idempotency-Key (as under load): `fileComplaint`' },
  { op: 'filing without key', label: 'filing without a key' },
  { op: 'repeated key', label: 'a repeated Idempotency-Key (the first answer replayed)' },
  { op: 'lookup', label: 'status lookup: `lookupComplaint`' },
  { op: 'first filing', label: 'the first filing of a fresh connection' },
];

const n1 = (x: number) => (Math.abs(x - Math.round(x)) < 0.005 ? String(Math.round(x)) : x.toFixed(1));
/** The mean, with the range of one operation when it varied. */
const shown = (s: Spread | undefined, key: 'commands' | 'tcpRoundTrips' | 'restRequests') => {
  if (!s) return '—';
  const lo = s.min[key];
  const hi = s.max[key];
  return lo === hi ? n1(s.mean[key]) : `${n1(s.mean[key])} (${n1(lo)}–${n1(hi)})`;
};
const byName = (s: Spread | undefined) =>
  s
    ? `${Object.entries(s.mean.byCommand)
        .sort((a, b) => b[1] - a[1])
        .map(([c, k]) => `${c} ${n1(k)}`)
        .join(', ')}${s.mean.inScripts > 0 ? `; in scripts ${n1(s.mean.inScripts)}` : ''}`
    : '—';

/** The table of commands and round trips, this run (after) next to a recorded run of an earlier commit (before). */
export function countsMarkdown(after: Omit<CountsRecord, 'measured' | 'command' | 'machine'>, before: CountsRecord | undefined, beforeName: string): string[] {
  const b = before;
  const cols = (label: string, a?: Spread, x?: Spread) => [label, shown(x, 'restRequests'), shown(a, 'restRequests'), shown(x, 'tcpRoundTrips'), shown(a, 'tcpRoundTrips'), shown(x, 'commands'), shown(a, 'commands')];
  const rows = [
    ...OPERATIONS.map(({ op, label }) => {
      const aT = after.domain.tcp[op];
      const aR = after.domain['upstash-rest'][op];
      const bT = b?.domain.tcp[op];
      const bR = b?.domain['upstash-rest'][op];
      const note = op === 'first filing' && aT.mean.eval + aT.mean.evalsha > 0 ? ` (over TCP, this run: ${aT.mean.eval > 0 ? "Redis did not know the script yet: EVALSHA, answered NOSCRIPT, then EVAL" : 'Redis knew the script already: EVALSHA alone'})` : '';
      return [label + note, shown(bR, 'restRequests'), shown(aR, 'restRequests'), shown(bT, 'tcpRoundTrips'), shown(aT, 'tcpRoundTrips'), shown(bT, 'commands'), shown(aT, 'commands')];
    }),
    (() => {
      const r = cols('per filing through the server (`POST /api/complaints`), the bureau\'s email it sends included', after.server.tcp.filing, b?.server.tcp.filing);
      r[1] = b ? n1(b.server['upstash-rest'].filing.mean.restRequests) : '—';
      r[2] = n1(after.server['upstash-rest'].filing.mean.restRequests);
      return r;
    })(),
    (() => {
      const r = cols('per lookup through the server (`POST /api/complaints/status`)', after.server.tcp.lookup, b?.server.tcp.lookup);
      r[1] = b ? n1(b.server['upstash-rest'].lookup.mean.restRequests) : '—';
      r[2] = n1(after.server['upstash-rest'].lookup.mean.restRequests);
      return r;
    })(),
    ...(after.baseline ? [['baseline: `node:http` + one Redis `SET`', '—', '—', '—', shown(after.baseline, 'tcpRoundTrips'), '—', shown(after.baseline, 'commands')]] : []),
  ];
  const names = [
    ['filing with a key', byName(b?.domain.tcp.filing), byName(after.domain.tcp.filing)],
    ['status lookup', byName(b?.domain.tcp.lookup), byName(after.domain.tcp.lookup)],
    ['the first filing of a fresh connection (its connection set-up included)', byName(b?.domain.tcp['first filing']), byName(after.domain.tcp['first filing'])],
    ['per filing through the server, email included', byName(b?.server.tcp.filing), byName(after.server.tcp.filing)],
  ];
  const other = [after, ...(b ? [b] : [])].reduce((sum, r) => sum + Object.values(r.domain).reduce((a, t) => a + Object.values(t).reduce((x, s) => x + s.otherDatabases, 0), 0) + Object.values(r.server).reduce((a, s) => a + s.filing.otherDatabases + s.lookup.otherDatabases, 0), 0);
  const { table } = { table: (head: string[], body: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n') };
  const opsNote = (s: Spread) => s.ops;
  return [
    table(['operation', `Upstash REST requests, ${beforeName}`, 'Upstash REST requests, now', `TCP round trips, ${beforeName}`, 'TCP round trips, now', `Redis commands, ${beforeName}`, 'Redis commands, now'], rows),
    '',
    `Means per operation (${opsNote(after.domain.tcp.filing)} filings, ${opsNote(after.domain.tcp['filing without key'])} without a key, ${opsNote(after.domain.tcp['repeated key'])} repeats, ${opsNote(after.domain.tcp.lookup)} lookups on each transport; in brackets the least and most of one operation when they differed). The first five rows are the domain in the benchmark's process, on a store opened as the composition root opens it: each operation counted alone between two markers. The server rows are ${after.server.tcp.filing.ops} filings and then as many lookups through the HTTP API of the Node server over its build (Redis over TCP, and a second server on the REST stand-in), counted together from the first request until the capture server had received every filing's email, and divided.`,
    '',
    `Commands sent, by name, per operation over TCP (MULTI and EXEC are commands too; "in scripts": run by a Lua script):`,
    '',
    table(['operation', beforeName, 'now'], names),
    '',
    `MONITOR saw ${other.toLocaleString('en-US')} commands in other databases of the same Redis while these were counted: a server-wide counter (\`INFO commandstats\`, \`total_commands_processed\`) would have added them to ours.`,
  ];
}

/** The "before" figures (commit d6b97b1, counted once with bench/counts.ts --source), printed next to each run's own. */
export const BEFORE_FILE = join(projectRoot, 'bench', 'counts-d6b97b1.json');
export function readBefore(): CountsRecord | undefined {
  try {
    return JSON.parse(readFileSync(BEFORE_FILE, 'utf8')) as CountsRecord;
  } catch {
    return undefined;
  }
}
