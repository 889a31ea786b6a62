// `npm run bench`: every benchmark in turn, in one process, sharing one build
// of the site; what each one started is stopped before the next begins, and
// bench/.work is removed at the end. BENCH_ONLY=intake,status runs a subset.
import { rmSync } from 'node:fs';
import os from 'node:os';
import { run as build } from './build';
import { run as intake } from './intake';
import { run as status } from './status';
import { run as dispatch } from './dispatch';
import { run as pages } from './pages';
import { run as search } from './search';
import { run as evidence } from './evidence';
import { run as stats } from './stats';
import { cleanup, workRoot } from './lib/proc';
import { docPath } from './lib/report';

const all = { build, intake, status, dispatch, pages, search, evidence, stats };
const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const QUIET_WAIT_S = Number(process.env.BENCH_QUIET_WAIT ?? 90);

/** Waits (a while at most) for other work on the machine to calm down, so that one benchmark does not measure another's tail. */
async function waitForQuiet() {
  const deadline = Date.now() + QUIET_WAIT_S * 1000;
  while (os.loadavg()[0]! > 1.5 && Date.now() < deadline) {
    console.log(`  load average ${os.loadavg()[0]!.toFixed(2)}: waiting for the machine to calm down ...`);
    await new Promise((r) => setTimeout(r, 10_000));
  }
}

const started = performance.now();
const failed: string[] = [];
for (const [name, run] of Object.entries(all)) {
  if (only && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  await waitForQuiet();
  try {
    await run();
  } catch (error) {
    failed.push(name);
    console.error(`${name} failed:`, error);
  } finally {
    await cleanup();
  }
}
rmSync(workRoot, { recursive: true, force: true });
console.log(`\nall benchmarks done in ${((performance.now() - started) / 60_000).toFixed(1)} min; figures in ${docPath}${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`);
process.exit(failed.length > 0 ? 1 : 0);
