// Redis commands and round trips per filing and per status lookup, on their
// own (bench:intake runs the same counts and prints them next to its load
// figures). With --source, counts another checkout instead (the "before"
// figures of docs/benchmarks.md) and records them with --record.
//
//   npx tsx bench/counts.ts
//   npx tsx bench/counts.ts --source ../old-checkout --record bench/counts-d6b97b1.json
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { countsMarkdown, measureCounts, readBefore, type CountsRecord } from './lib/counts';
import { validComplaint } from './lib/load';
import { isMain, runAlone } from './lib/main';
import { onCleanup, projectRoot } from './lib/proc';
import { claimDatabase, deletePrefix } from './lib/redis';
import { machine } from './lib/report';
import { benchSecret, startCapture } from './lib/site';

async function main() {
  const { values } = parseArgs({ options: { source: { type: 'string' }, record: { type: 'string' }, n: { type: 'string' } } });
  const source = resolve(values.source ?? projectRoot);
  const n = Number(values.n ?? 100);
  const m = machine();
  const db = claimDatabase();
  onCleanup(() => db.release());
  await deletePrefix(db.url);
  onCleanup(() => deletePrefix(db.url));
  const capture = await startCapture();
  const counted = await measureCounts({ source, db: db.db, url: db.url, captureUrl: capture.url, emails: async () => (await capture.stats()).requests, secret: benchSecret(), complaint: validComplaint(), n, baseline: source === projectRoot });
  let head = 'unknown';
  try {
    const { execFileSync } = await import('node:child_process');
    head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: source, encoding: 'utf8' }).trim();
  } catch {
    // not a checkout
  }
  const record: CountsRecord = {
    ...counted,
    source: source === projectRoot ? m.source : `commit ${head} (${source})`,
    measured: m.date,
    command: `npx tsx bench/counts.ts${values.source ? ` --source ${values.source}` : ''}${values.record ? ` --record ${values.record}` : ''}`,
    machine: `${m.cores}, ${m.memory}, ${m.os}; Node ${m.node}, Redis ${m.redis}; load average ${m.load}`,
  };
  const before = source === projectRoot ? readBefore() : undefined;
  console.log(countsMarkdown(record, before, before ? 'before' : 'before (not recorded)').join('\n'));
  if (values.record) {
    writeFileSync(resolve(values.record), `${JSON.stringify(record, null, 1)}\n`);
    console.log(`\nrecorded in ${values.record}`);
  }
}

export const run = main;
if (isMain(import.meta)) await runAlone(run);
