// The bureau workspace's caseload and the office's overview as the number of
// complaints grows: `npm run bench:workspace` (BENCH_CASES=200,2000 to change
// the sizes). Each size is filed into one county bureau through the real
// composition root, on the embedded SQLite store and on Redis over TCP; then
// the caseload (first page, no filter; and filtered to overdue) and the
// office's overview are read 20 times each and the median and worst are
// printed. The caseload reads a bureau's complaints in one store step
// (bureauRecords: one SELECT, or one Lua script), so on Upstash too a page
// costs one request per bureau, not one per complaint.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openRoot } from './lib/domain';
import { claimDatabase, deletePrefix } from './lib/redis';
import { isMain, runAlone } from './lib/main';

const sizes = (process.env.BENCH_CASES ?? '200,2000').split(',').map(Number);
const RUNS = 20;
const bureau = { id: 'qiaocheng', name: '谯城区教育局', kind: 'bureau' as const };
const office = { id: '@office', name: '督导', kind: 'office' as const };
const who = (body: typeof bureau | typeof office) => ({ body, label: 'bench00000', hash: 'bench' });

async function timed(work: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return `median ${times[RUNS / 2]!.toFixed(1)} ms, worst ${times.at(-1)!.toFixed(1)} ms`;
}

async function measure(label: string, env: Record<string, string>, count: number) {
  const root = await openRoot({ INTAKE_RATE_LIMIT: '100000000', ...env });
  try {
    for (let i = 0; i < count; i++) {
      const filed = await root.services.submitComplaint({ school: 'qc-xinghe-primary', aspect: 'catchment-enrolment', description: `基准测试：第 ${i} 件举报，学校周六组织补课。`, anonymous: true }, { address: '192.0.2.1' });
      if (filed.status !== 201) throw new Error(`filing answered ${filed.status}`);
    }
    const { cases } = root.services;
    console.log(`${label}, ${count} complaints: caseload ${await timed(() => cases.caseload(who(bureau), new URLSearchParams()))}`);
    console.log(`${label}, ${count} complaints: caseload ?due=overdue ${await timed(() => cases.caseload(who(bureau), new URLSearchParams('due=overdue')))}`);
    console.log(`${label}, ${count} complaints: office overview ${await timed(() => cases.office(who(office)))}`);
  } finally {
    await root.close();
  }
}

export async function run() {
  const secret = randomBytes(32).toString('base64url');
  for (const count of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'schoolwatch-bench-ws-'));
    try {
      await measure('SQLite', { SCHOOLWATCH_DATA_DIR: dir, OUTBOX_DIR: join(dir, 'outbox') }, count);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const claim = claimDatabase();
    const prefix = `bench-ws-${randomBytes(3).toString('hex')}`;
    try {
      await measure('Redis (TCP)', { REDIS_URL: claim.url, REDIS_KEY_PREFIX: prefix, SITE_SECRET: secret, MAIL_OUTBOX: '1', OUTBOX_DIR: join(tmpdir(), `bench-ws-outbox-${prefix}`) }, count);
    } finally {
      await deletePrefix(claim.url, prefix);
      rmSync(join(tmpdir(), `bench-ws-outbox-${prefix}`), { recursive: true, force: true });
      claim.release();
    }
  }
}

if (isMain(import.meta)) await runAlone(run);
