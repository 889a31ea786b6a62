// The build says which content notices the store's copies replace (issue 23,
// point 6) and leaves their pages to the on-demand route: the integration's
// build hook, over a real SQLite database holding notices published in the
// site, one of them exported into content/notices (npm run notices:export,
// then committed) — the way a city's content comes to share an id with the
// store. A store the build cannot reach is named and the build goes on.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { directoryFrom, registry } from '../../src/catalogue/registry';
import { noticeMarkdown } from '../../src/catalogue/storeNotices';
import { openDatabase } from '../../src/adapters/sqlite/connection';
import { sqliteNoticeStore } from '../../src/adapters/sqlite/sqliteNoticeStore';
import type { NoticeActor } from '../../src/domain/notices/model';
import { storeWins } from '../../src/integrations/storeWins';
import { storeWinsAtBuild } from '../../src/integrations/storeWinsSlot';
import { freePort } from '../support/redis';
import { publisher } from '../support/publish';

const xinghe: NoticeActor = { body: { kind: 'school', school: 'qc-xinghe-primary' } };
const input = (title: string) => ({ title, summary: '学校逐项自查。', phase: 'self-inspection', aspects: ['homework'], body: '学校组织教师逐项自查。' });
const STORE_VARIABLES = [
  'REDIS_URL',
  'UPSTASH_REDIS_REST_URL',
  'UPSTASH_REDIS_REST_TOKEN',
  'KV_REST_API_URL',
  'KV_REST_API_TOKEN',
  'SCHOOLWATCH_DATA_DIR',
  'SITE_SECRET',
  'MAIL_OUTBOX',
];
const saved = Object.fromEntries(STORE_VARIABLES.map((name) => [name, process.env[name]]));

/** Runs the integration's hooks as `astro build` does, with the project at `root`; what it logged. */
async function build(root: string) {
  const said: string[] = [];
  const logger = { info: (m: string) => said.push(`info: ${m}`), warn: (m: string) => said.push(`warn: ${m}`) };
  const { hooks } = storeWins();
  await (hooks['astro:config:done'] as (o: unknown) => Promise<void> | void)({ config: { root: pathToFileURL(`${root}/`) } });
  await (hooks['astro:build:start'] as (o: unknown) => Promise<void>)({ logger });
  return said;
}

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'schoolwatch-store-wins-'));
  mkdirSync(join(root, 'content', 'notices'), { recursive: true });
  return root;
}

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the build and the notices published in the site', () => {
  it('names each content notice whose id the store publishes, and leaves it out of the prerendered pages', async () => {
    const root = project();
    const data = mkdtempSync(join(tmpdir(), 'schoolwatch-store-wins-data-'));
    const db = openDatabase(data);
    try {
      const publish = publisher(sqliteNoticeStore(db.db), directoryFrom(registry));
      const exported = await publish.publish('xinghe-exported', 'self-inspection', xinghe, input('星河小学自查报告'), '2026-12-05T02:00:00Z');
      await publish.publish('xinghe-only-in-store', 'self-inspection', xinghe, input('星河小学第二次自查'), '2026-12-06T02:00:00Z');
      const file = noticeMarkdown(exported)!;
      writeFileSync(join(root, 'content', 'notices', `${file.id}.md`), file.text);
    } finally {
      await db.close();
    }
    for (const name of STORE_VARIABLES) delete process.env[name];
    process.env.SCHOOLWATCH_DATA_DIR = data;

    expect(await build(root)).toEqual([
      "warn: notices.same-id: xinghe-exported is both content/notices/xinghe-exported.md and a notice published in the site; the site's copy wins (/notices/xinghe-exported/ is rendered on demand)",
    ]);
    expect([...storeWinsAtBuild()]).toEqual(['xinghe-exported']);
  });

  it('checks nothing and says nothing when the embedded store was never started', async () => {
    for (const name of STORE_VARIABLES) delete process.env[name];
    process.env.SCHOOLWATCH_DATA_DIR = mkdtempSync(join(tmpdir(), 'schoolwatch-store-wins-empty-'));
    expect(await build(project())).toEqual([]);
    expect([...storeWinsAtBuild()]).toEqual([]);
  });

  it('names a store it cannot reach and goes on', async () => {
    for (const name of STORE_VARIABLES) delete process.env[name];
    process.env.REDIS_URL = `redis://127.0.0.1:${await freePort()}`;
    process.env.SITE_SECRET = 'a'.repeat(40);
    process.env.MAIL_OUTBOX = '1';
    const said = await build(project());
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(
      /^info: notices: the store could not be read \(.+\); content\/notices pages are prerendered without checking the store for the same ids$/,
    );
    expect([...storeWinsAtBuild()]).toEqual([]);
  }, 15_000);
});
