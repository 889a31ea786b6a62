// Writes every notice published in the site back as Markdown files in the content format:
//   npm run notices:export                → content/notices/<id>.md
//   npm run notices:export -- <folder>    → <folder>/<id>.md
// The store is the server's (SCHOOLWATCH_DATA_DIR, or Redis as configured), so that a city can commit
// what was published to git. A file of the same id is replaced: the site serves the store's copy anyway.
import { resolve } from 'node:path';
import { checkConfig } from '../src/config/env';
import { openEngine } from '../src/adapters/engine';
import { exportNotices } from '../src/server/noticeExport';

const check = checkConfig(process.env);
if (!check.ok) {
  for (const problem of check.problems) console.error(problem);
  console.error('Nothing exported: fix the environment variables above.');
  process.exit(1);
}
const dir = resolve(process.argv[2] || 'content/notices');
const engine = await openEngine(check.config.store, check.config.keyPrefix);
try {
  const { written, skipped } = await exportNotices(engine.notices, dir);
  console.log(`${written.length} notices written to ${dir}`);
  if (skipped.length) console.log(`Not written (the city office's notices have no publisher in the content format): ${skipped.join(', ')}`);
} finally {
  await engine.close();
}
