// The statistics snapshot at 1,000 and 20,000 complaints: how long the job
// takes, the longest the event loop stood still meanwhile, and what a filing
// made during the job waited, next to the same filings with no job running
// (the baseline, same run). On the embedded SQLite store (synchronous reads,
// where blocking would show) and on Redis over TCP.
//
//   npm run bench:stats            (BENCH_STATS_SIZES=1000,20000)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../src/adapters/sqlite/sqliteComplaintStore';
import { sqliteStatsStore } from '../src/adapters/stats/sqliteStatsStore';
import { redisStatsStore } from '../src/adapters/stats/redisStatsStore';
import { connectRedis } from '../src/adapters/redis/connect';
import { redisComplaintStore } from '../src/adapters/redis/redisComplaintStore';
import { webCryptoKeys } from '../src/adapters/webCryptoKeys';
import { fileComplaint } from '../src/domain/fileComplaint';
import { applyAction, type ComplaintAction } from '../src/domain/status';
import type { ComplaintRecord } from '../src/domain/complaint';
import type { Directory } from '../src/domain/directory';
import { statisticsService } from '../src/server/services/statistics';
import { systemClock } from '../src/ports/clock';
import { cryptoRandom } from '../src/ports/random';
import type { ComplaintStore } from '../src/ports/complaintStore';
import type { StatsStore } from '../src/ports/statsStore';
import { BENCH_LIMIT, checkedInput, loadDirectory } from './lib/domain';
import { validComplaint } from './lib/load';
import { isMain, runAlone } from './lib/main';
import { onCleanup, workRoot } from './lib/proc';
import { claimDatabase, deletePrefix, KEY_PREFIX } from './lib/redis';
import { fmt, machine, machineLines, table, writeSection, type Target } from './lib/report';
import { benchSecret } from './lib/site';

const SIZES = (process.env.BENCH_STATS_SIZES ?? '1000,20000').split(',').map(Number);
const DAY = 86_400_000;

/** A varied complaint: any school and aspect, filed in the last year, taken some way along the status machine. */
function syntheticRecord(i: number, directory: Directory, now: number): ComplaintRecord {
  const schools = [...directory.schools.keys()];
  const aspects = [...directory.aspects.keys()];
  const school = schools[i % schools.length]!;
  const bureau = directory.schools.get(school)!.bureau;
  const filed = new Date(now - ((i * 7919) % 360) * DAY);
  let record: ComplaintRecord = {
    reference: `JB-BENCH-${String(i).padStart(8, '0')}`,
    receiptHash: `bench-receipt-${i}`,
    school,
    aspect: aspects[i % aspects.length]!,
    anonymous: true,
    contactConsent: false,
    notifyParent: false,
    sealed: 'v1.bench.sealed',
    bureau,
    status: 'submitted',
    filedAt: filed.toISOString(),
    acceptBy: new Date(filed.getTime() + 15 * DAY).toISOString().slice(0, 10),
    extended: false,
    history: [{ at: filed.toISOString(), type: 'filed', bureau }],
  };
  const steps: Array<[number, ComplaintAction]> = [
    [3 + (i % 20), { type: 'accept' }],
    [40 + (i % 50), { type: 'extend', reason: '需要进一步调查。' }],
    [60 + (i % 60), { type: 'resolve', answer: '已核查并责令整改。' }],
  ];
  const depth = i % 5; // 0: untouched … 3: answered; 4: refused
  if (depth === 4) steps.splice(0, 3, [5, { type: 'reject', reason: '不属于受理范围。' }]);
  for (const [day, action] of steps.slice(0, depth === 4 ? 1 : depth)) {
    const at = new Date(filed.getTime() + day * DAY);
    if (at.getTime() > now) break;
    const outcome = applyAction(record, action, { kind: 'bureau', bureau }, at, directory);
    if (outcome.ok) record = outcome.record;
  }
  return record;
}

async function seed(store: ComplaintStore, count: number, directory: Directory) {
  const now = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < count; i = next++) {
        const complaint = syntheticRecord(i, directory, now);
        const job = { id: `bench.none/${complaint.reference}`, event: 'complaint.filed' as const, reference: complaint.reference, createdAt: complaint.filedAt, attempts: 0 };
        await store.file({ complaint, job, rate: { bucket: 'bench', max: 1e9, windowSeconds: 3600 } });
        // Jobs are not what this measures: take them off the queue again.
        await store.completeJob(job.id);
      }
    }),
  );
}

interface Measured {
  snapshotMs: number;
  loopMaxMs: number;
  filings: number[];
  bytes: number;
}

/** Files complaints one after another while `during` runs, and returns each filing's time. */
async function fileWhile(during: Promise<unknown> | undefined, file: () => Promise<unknown>, minimum: number): Promise<number[]> {
  let done = during === undefined;
  void during?.then(() => (done = true));
  const times: number[] = [];
  while (!done || times.length < minimum) {
    const t0 = performance.now();
    await file();
    times.push(performance.now() - t0);
    if (done && times.length >= minimum) break;
  }
  return times;
}

async function measure(store: ComplaintStore, stats: StatsStore, directory: Directory, file: () => Promise<unknown>): Promise<Measured> {
  const service = statisticsService({ store, stats, directory, clock: systemClock, rules: { minCount: 5, minGroup: 5 } });
  // The longest gap between ticks of a 1 ms timer: how long nothing else could run.
  let last = performance.now();
  let loopMaxMs = 0;
  const ticker = setInterval(() => {
    const t = performance.now();
    loopMaxMs = Math.max(loopMaxMs, t - last);
    last = t;
  }, 1);
  const t0 = performance.now();
  let snapshotMs = 0;
  const job = service.refresh().then(() => (snapshotMs = performance.now() - t0));
  const filings = await fileWhile(job, file, 5);
  await job;
  clearInterval(ticker);
  const bytes = JSON.stringify(await stats.read()).length;
  return { snapshotMs, loopMaxMs, filings, bytes };
}

const p = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

export async function run() {
  const m = machine();
  console.log(`stats benchmark: ${SIZES.join(', ')} complaints; load ${m.load}`);
  const directory = await loadDirectory();
  const keys = await webCryptoKeys(benchSecret());
  const input = checkedInput(validComplaint(), directory);
  const db = claimDatabase();
  onCleanup(() => db.release());
  const rows: Array<Array<string | number>> = [];
  const targets: Target[] = [];

  for (const engine of ['sqlite', 'redis'] as const) {
    for (const size of SIZES) {
      let store: ComplaintStore;
      let stats: StatsStore;
      let close: () => Promise<void>;
      if (engine === 'sqlite') {
        mkdirSync(workRoot, { recursive: true });
        const dir = mkdtempSync(join(workRoot, 'stats-'));
        store = openSqliteStore(dir);
        stats = sqliteStatsStore(dir);
        close = async () => {
          await stats.close();
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        };
      } else {
        await deletePrefix(db.url);
        const connection = connectRedis({ kind: 'tcp', url: db.url });
        store = redisComplaintStore(connection, KEY_PREFIX);
        stats = redisStatsStore(connectRedis({ kind: 'tcp', url: db.url }), KEY_PREFIX);
        close = async () => {
          await stats.close();
          await deletePrefix(db.url);
          await store.close();
        };
      }
      try {
        console.log(`  ${engine}: seeding ${fmt.int(size)} complaints ...`);
        await seed(store, size, directory);
        const file = () => fileComplaint(input, { directory, store, keys, clock: systemClock, random: cryptoRandom }, { address: '127.0.0.1', limit: BENCH_LIMIT });
        const baseline = await fileWhile(undefined, file, 50);
        const run = await measure(store, stats, directory, file);
        console.log(`  ${engine} ${size}: snapshot ${fmt.ms(run.snapshotMs)}, loop max ${fmt.ms(run.loopMaxMs)}, filing p50 ${fmt.ms(p(run.filings, 0.5))} (baseline ${fmt.ms(p(baseline, 0.5))})`);
        rows.push([engine === 'sqlite' ? 'SQLite (embedded)' : 'Redis over TCP', fmt.int(size), fmt.ms(run.snapshotMs), fmt.ms(run.loopMaxMs), fmt.int(run.filings.length), fmt.ms(p(run.filings, 0.5)), fmt.ms(Math.max(...run.filings)), fmt.ms(p(baseline, 0.5)), fmt.ms(Math.max(...baseline)), fmt.kb(run.bytes)]);
        if (size >= 20_000) {
          targets.push({ benchmark: 'stats', target: `${engine}: intake not blocked by the snapshot at 20,000 (longest event-loop stall under 100 ms)`, measured: `${fmt.ms(run.loopMaxMs)} stall; snapshot ${fmt.s(run.snapshotMs)}`, met: run.loopMaxMs < 100 });
        }
      } finally {
        await close();
      }
    }
  }

  const markdown = [
    '## 9. Statistics snapshot',
    '',
    machineLines(m, 'npm run bench:stats'),
    '',
    'Complaints are stored straight through the store port (varied schools, aspects, filing days over the last year, a fifth each untouched, accepted, extended, answered and refused, made with the status machine). Then the snapshot job (`statisticsService.refresh`: pages of 250 through `complaintsPage`, a pause for other work after each page, the tally, suppression, one write) runs while complaints are filed one after another through `fileComplaint` in the same process. The baseline is the same filings with no job running, in the same run.',
    '',
    table(['store', 'complaints', 'snapshot', 'longest event-loop stall (1 ms timer)', 'filings during it', 'filing p50', 'filing max', 'baseline p50', 'baseline max', 'snapshot record'], rows),
  ].join('\n');
  writeSection('stats', markdown, targets);
}

if (isMain(import.meta)) await runAlone(run);
