// Status lookups under load: `npm run bench:status` (BENCH_CONNECTIONS, BENCH_DURATION to change the levels).
import { loadBenchmark } from './lib/load';
import { isMain, runAlone } from './lib/main';

export const run = () => loadBenchmark('status');
if (isMain(import.meta)) await runAlone(run);
