// Dispatch: 10,000 queued notification jobs drained by the domain's
// dispatchDue with the real store over TCP Redis (wired as the composition
// root wires it, without its background dispatcher: bench/lib/domain.ts) and resendMailer pointed at
// a local Resend capture server (a process of its own), which counts requests
// per Idempotency-Key. Baseline, same run: the same number of emails sent
// straight through resendMailer with the same concurrency, no store.
//
//   npm run bench:dispatch            (BENCH_JOBS=2000 for fewer jobs)
import { DEFAULT_DISPATCH, dispatchDue } from '../src/domain/dispatch';
import { fileComplaint } from '../src/domain/fileComplaint';
import { resendMailer } from '../src/adapters/mail/resendMailer';
import { BENCH_LIMIT, checkedInput, wireDomain } from './lib/domain';
import { validComplaint } from './lib/load';
import { isMain, runAlone } from './lib/main';
import { onCleanup } from './lib/proc';
import { claimDatabase, deletePrefix } from './lib/redis';
import { fmt, machine, machineLines, table, writeSection, type Target } from './lib/report';
import { benchSecret, startCapture } from './lib/site';

const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const RACE_JOBS = Math.min(2000, JOBS);

async function parallel(count: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < count; i = next++) await work(i);
  }));
}

function timed<T>(fn: () => Promise<T>) {
  return async () => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const value = await fn();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

export async function run() {
  const m = machine();
  console.log(`dispatch benchmark: ${fmt.int(JOBS)} jobs; load ${m.load}`);
  const db = claimDatabase();
  onCleanup(() => db.release());
  await deletePrefix(db.url);
  onCleanup(() => deletePrefix(db.url));
  const capture = await startCapture();
  const deps = await wireDomain(db.url, benchSecret());
  onCleanup(() => deps.connection.close());
  const mailer = resendMailer({ apiKey: 're_bench_not_a_real_key', from: '校务监督 <noreply@schoolwatch.example>', baseUrl: capture.url });
  const dispatchDeps = { ...deps, mailer, siteUrl: 'http://127.0.0.1:4321' };
  const input = checkedInput(validComplaint(), deps.directory);
  const tag = Date.now().toString(36);

  // Queue the jobs: each filed complaint stores its complaint.filed job in the same transaction.
  const fileAll = async (count: number, prefix: string) =>
    parallel(count, 32, async (i) => {
      const outcome = await fileComplaint(input, deps, { address: '127.0.0.1', idempotencyKey: `${prefix}-${i}`, limit: BENCH_LIMIT });
      if (outcome.kind !== 'filed') throw new Error(`filing ${i}: ${outcome.kind}`);
    });
  const filing = await timed(() => fileAll(JOBS, `dispatch-${tag}`))();
  const queued = (await deps.store.dueJobs(Date.now(), JOBS + 10)).length;
  console.log(`  queued ${fmt.int(queued)} jobs by filing complaints (${fmt.int(JOBS / (filing.ms / 1000))} complaints/s)`);

  // Baseline: the same emails' worth of sends straight through the mailer, same concurrency, no store.
  const sample = { to: 'bureau@schoolwatch.example', subject: '新的举报（基准测试）', text: 'x'.repeat(1200), html: `<p>${'x'.repeat(1500)}</p>` };
  const baseline = await timed(() =>
    parallel(JOBS, DEFAULT_DISPATCH.concurrency, async (i) => {
      const sent = await mailer.send({ ...sample, idempotencyKey: `baseline-${tag}-${i}` });
      if (!sent.ok) throw new Error(`baseline send ${i}: ${sent.reason}`);
    }),
  )();
  const afterBaseline = await capture.stats();
  await capture.reset();
  console.log(`  baseline: ${fmt.int(JOBS / (baseline.ms / 1000))} emails/s`);

  // Drain: dispatchDue runs (the server's defaults: 200 jobs a run, 8 at a time) until nothing is due.
  const drain = await timed(async () => {
    const totals = { runs: 0, sent: 0, retried: 0, dead: 0, skipped: 0 };
    for (;;) {
      const report = await dispatchDue(dispatchDeps);
      totals.runs++;
      totals.sent += report.sent;
      totals.retried += report.retried;
      totals.dead += report.dead;
      totals.skipped += report.skipped;
      if (report.sent + report.retried + report.dead + report.skipped === 0) break;
    }
    return totals;
  })();
  const stats = await capture.stats();
  const left = (await deps.store.dueJobs(Number.MAX_SAFE_INTEGER, 10)).length;
  const dead = (await deps.store.deadJobIds()).length;
  console.log(`  dispatch: ${fmt.int(drain.value.sent / (drain.ms / 1000))} emails/s; ${fmt.int(stats.requests)} requests, ${fmt.int(stats.distinctKeys)} distinct keys, max ${stats.maxPerKey} per key`);

  // Exactly once under contention: two dispatchers drain the same queue at once.
  await capture.reset();
  await fileAll(RACE_JOBS, `race-${tag}`);
  const race = await timed(async () => {
    const loop = async () => {
      const t = { sent: 0, skipped: 0 };
      for (;;) {
        const r = await dispatchDue(dispatchDeps);
        t.sent += r.sent;
        t.skipped += r.skipped;
        if (r.sent + r.retried + r.dead + r.skipped === 0) return t;
      }
    };
    return Promise.all([loop(), loop()]);
  })();
  const raceStats = await capture.stats();
  const raceLeft = (await deps.store.dueJobs(Number.MAX_SAFE_INTEGER, 10)).length;

  const exact = stats.requests === JOBS && stats.distinctKeys === JOBS && stats.maxPerKey === 1 && stats.withoutKey === 0 && left === 0 && dead === 0;
  const raceExact = raceStats.requests === RACE_JOBS && raceStats.distinctKeys === RACE_JOBS && raceStats.maxPerKey === 1 && raceLeft === 0;
  const rate = drain.value.sent / (drain.ms / 1000);
  const baseRate = JOBS / (baseline.ms / 1000);
  const md = [
    '## 4. Dispatch',
    '',
    machineLines(m, 'npm run bench:dispatch'),
    '',
    `${fmt.int(JOBS)} complaints are filed through \`fileComplaint\` (in-process, 32 at a time, real store over TCP Redis), which queues one \`complaint.filed\` job each. Then \`dispatchDue\` — with the server's defaults: ${DEFAULT_DISPATCH.limit} jobs a run, ${DEFAULT_DISPATCH.concurrency} at a time — is called until nothing is due, with \`resendMailer({ apiKey, from, baseUrl })\` pointed at a local Resend capture server (\`bench/lib/capture.ts\`, a process of its own) that answers \`POST /emails\` with \`{"id": ...}\` and counts requests per \`Idempotency-Key\`. Each job is leased, read, its complaint read and unsealed, an answer link signed, the bureau's email composed and sent, and the job completed. The baseline, in the same run, sends the same number of emails straight through the same mailer with the same concurrency, with no store.`,
    '',
    table(
      ['', 'emails', 'time', 'emails/s', 'CPU per email (this process)', 'ratio to baseline'],
      [
        ['`dispatchDue` drain', fmt.int(drain.value.sent), fmt.s(drain.ms), fmt.int(rate), fmt.ms(drain.cpuMs / Math.max(1, drain.value.sent)), fmt.ratio(rate / baseRate)],
        ['baseline: `resendMailer.send` alone, 8 at a time', fmt.int(JOBS), fmt.s(baseline.ms), fmt.int(baseRate), fmt.ms(baseline.cpuMs / JOBS), '1.00×'],
        ['(queueing: `fileComplaint`, 32 at a time)', fmt.int(JOBS), fmt.s(filing.ms), fmt.int(JOBS / (filing.ms / 1000)), fmt.ms(filing.cpuMs / JOBS), '—'],
      ],
    ),
    '',
    'Exactly once — what the capture server counted:',
    '',
    table(
      ['run', 'jobs queued', 'requests', 'distinct Idempotency-Keys', 'most requests for one key', 'without a key', 'jobs left due', 'dead letters', 'dispatch runs', 'exactly once'],
      [
        ['one dispatcher', fmt.int(queued), fmt.int(stats.requests), fmt.int(stats.distinctKeys), String(stats.maxPerKey), String(stats.withoutKey), String(left), String(dead), String(drain.value.runs), exact ? 'yes' : '**no**'],
        [`two dispatchers racing on ${fmt.int(RACE_JOBS)} more jobs`, fmt.int(RACE_JOBS), fmt.int(raceStats.requests), fmt.int(raceStats.distinctKeys), String(raceStats.maxPerKey), String(raceStats.withoutKey), String(raceLeft), String((await deps.store.deadJobIds()).length), '—', raceExact ? 'yes' : '**no**'],
      ],
    ),
    '',
    `The racing dispatchers split the work ${race.value.map((t) => fmt.int(t.sent)).join(' / ')} (${fmt.int(race.value.reduce((a, t) => a + t.skipped, 0))} jobs skipped because the other held the lease) in ${fmt.s(race.ms)}. The baseline's capture count: ${fmt.int(afterBaseline.requests)} requests, ${fmt.int(afterBaseline.distinctKeys)} keys.`,
  ].join('\n');
  const targets: Target[] = [
    { benchmark: 'dispatch', target: `every one of ${fmt.int(JOBS)} jobs sent exactly once (requests = distinct keys = jobs, none left, none dead)`, measured: `${fmt.int(stats.requests)} requests, ${fmt.int(stats.distinctKeys)} keys, max ${stats.maxPerKey} per key, ${left} left, ${dead} dead; racing: ${fmt.int(raceStats.requests)}/${fmt.int(raceStats.distinctKeys)}/${RACE_JOBS}`, met: exact && raceExact },
    { benchmark: 'dispatch', target: 'dispatch throughput against the bare mailer (no target; reported)', measured: `${fmt.int(rate)} against ${fmt.int(baseRate)} emails/s (${fmt.ratio(rate / baseRate)})`, met: null },
  ];
  console.log(`\n${md}`);
  writeSection('dispatch', md, targets);
}

if (isMain(import.meta)) await runAlone(run);
