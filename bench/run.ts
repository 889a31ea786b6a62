// `npm run bench [-- section ...] [-- --quick]`: every section (or those named), one after
// the other, then one table of each figure next to its floor. bench/.work is removed at the end.
import { rmSync } from 'node:fs';
import { dropKeys, stopAll, table, work } from './lib/harness';
import { intake, pages } from './intake';
import { dispatch, stats } from './dispatch';
import { evidence } from './evidence';
import { build } from './build';
import { live } from './live';

const sections: Record<string, () => Promise<void>> = { intake, pages, dispatch, stats, evidence, build, live };
const named = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const failed: string[] = [];
for (const [name, section] of Object.entries(sections)) {
  if (named.length > 0 && !named.includes(name)) continue;
  console.log(`\n=== ${name}`);
  try {
    await section();
  } catch (error) {
    failed.push(name);
    console.error(`${name} failed:`, error);
  } finally {
    await stopAll();
  }
}
await dropKeys().catch(() => {});
if (process.env.BENCH_KEEP_WORK !== '1') rmSync(work, { recursive: true, force: true });
console.log(`\n${table()}\n\n${new Date().toISOString()}${failed.length ? `\nFAILED: ${failed.join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
