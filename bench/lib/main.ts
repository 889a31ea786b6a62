// Entry-point helpers: a benchmark file runs on its own (`npm run bench:x`)
// or from bench/run.ts; either way what it started is stopped and
// bench/.work is removed at the end.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, workRoot } from './proc';

export const isMain = (meta: ImportMeta) => Boolean(process.argv[1]) && resolve(process.argv[1]!) === meta.filename;

export async function runAlone(run: () => Promise<void>) {
  let failed = false;
  try {
    await run();
  } catch (error) {
    failed = true;
    console.error(error);
  } finally {
    await cleanup();
    if (process.env.BENCH_KEEP_WORK !== '1') rmSync(workRoot, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}
