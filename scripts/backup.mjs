// Writes a consistent copy of the embedded database while the server runs:
//   npm run backup                 → <data dir>/backups/schoolwatch-<YYYYMMDD-HHMMSS>.db (UTC)
//   npm run backup -- <folder>     → <folder>/schoolwatch-<YYYYMMDD-HHMMSS>.db
// SCHOOLWATCH_DATA_DIR chooses the data folder, as for the server (default .data).
// The site secret beside the database is deliberately not copied: keep it
// apart (README, "Backup and restore").
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

// The copy holds sealed data and receipt hashes: created readable by the owner only.
process.umask(0o077);
const dataDir = resolve(process.env.SCHOOLWATCH_DATA_DIR || '.data');
const source = join(dataDir, 'schoolwatch.db');
const targetDir = resolve(process.argv[2] || join(dataDir, 'backups'));
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
const target = join(targetDir, `schoolwatch-${stamp}.db`);

function fail(message) {
  console.error(message);
  process.exit(1);
}

if (!existsSync(source)) {
  fail(
    `No database to back up: ${source} does not exist.\n` +
      `The embedded store creates it on the first start of the server (npm start). ` +
      `If the server keeps its data elsewhere, set SCHOOLWATCH_DATA_DIR to that folder; ` +
      `with Redis configured there is no embedded database (see the README for Redis backups).`,
  );
}
if (existsSync(target)) fail(`${target} already exists; not overwriting it. Run again in a second.`);
mkdirSync(targetDir, { recursive: true, mode: 0o700 });

const started = performance.now();
// VACUUM INTO reads one snapshot under WAL, so the server's writes go on and the copy is consistent.
const db = new DatabaseSync(source, { readOnly: true, timeout: 5000 });
try {
  db.prepare('VACUUM INTO ?').run(target);
} finally {
  db.close();
}
// VACUUM INTO writes its output without syncing it; a backup must be on disk when we say it is.
const fd = openSync(target, 'r');
fsyncSync(fd);
closeSync(fd);
const { size } = statSync(target);
const seconds = ((performance.now() - started) / 1000).toFixed(2);
console.log(`Backed up ${source}\n      to ${target} (${(size / 1024).toFixed(0)} KiB in ${seconds} s).`);
console.log(`The site secret is not in the copy: keep ${join(dataDir, 'site-secret')} (or SITE_SECRET) safe on its own.`);
