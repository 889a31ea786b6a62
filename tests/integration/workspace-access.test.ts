// Signing in to the workspace through the composition root, with a clock the
// test moves, on the embedded SQLite store and the local outbox: the
// 15-minute link and the 8-hour idle session at their edges, the per-client
// limit, and that only keyed hashes of tokens are ever stored.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/config/env';
import { registry } from '../../src/catalogue/registry';
import { createRoot, type Root } from '../../src/server/root';
import { movableClock, nextSignInMail, settledMailCount, signInMails } from '../support/workspace';

const dir = mkdtempSync(join(tmpdir(), 'schoolwatch-access-'));
const outbox = join(dir, 'outbox');
const T0 = new Date('2026-12-01T02:00:00.000Z');
const MIN = 60_000;
const clock = movableClock(T0);
let root: Root;
const at = (ms: number) => clock.set(new Date(T0.getTime() + ms));

beforeAll(async () => {
  const check = checkConfig({ SCHOOLWATCH_DATA_DIR: join(dir, 'data'), OUTBOX_DIR: outbox, SITE_URL: 'https://jubao.example' });
  if (!check.ok) throw new Error(check.problems.join('\n'));
  root = await createRoot({ ...check.config, dispatch: { ...check.config.dispatch, background: false } }, registry, { clock, log: () => {} });
});
afterAll(async () => {
  await root?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function link(body: string, address: string) {
  const seen = signInMails(outbox, body).length;
  expect(await root.services.workspace.requestLink({ body }, { address })).toMatchObject({ kind: 'ok' });
  return nextSignInMail(outbox, body, seen);
}

describe('the sign-in link', () => {
  it('leads to the site’s public origin and works until its 15th minute is over', async () => {
    at(0);
    const mail = await link('qiaocheng', '203.0.113.1');
    expect(mail.url).toMatch(/^https:\/\/jubao\.example\/bureau\/signin\/\?t=[\w-]{43}$/);
    at(15 * MIN - 1);
    expect(await root.services.workspace.linkPage(mail.token)).toMatchObject({ ok: true, body: { id: 'qiaocheng', name: '谯城区教育局' } });
    at(15 * MIN);
    expect(await root.services.workspace.linkPage(mail.token)).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(await root.services.workspace.signIn(mail.token)).toMatchObject({ ok: false, kind: 'forbidden' });
  });
});

describe('the session', () => {
  it('ends 8 hours after its last use, not 8 hours after signing in', async () => {
    at(0);
    const signed = await root.services.workspace.signIn((await link('lixin', '203.0.113.2')).token);
    if (!signed.ok || !('cookie' in signed)) throw new Error('not signed in');
    at(7 * 60 * MIN);
    expect(await root.services.workspace.session(signed.cookie)).toMatchObject({ body: { id: 'lixin' } });
    at(15 * 60 * MIN - 1);
    expect(await root.services.workspace.session(signed.cookie)).toMatchObject({ body: { id: 'lixin' } });
    at(23 * 60 * MIN);
    expect(await root.services.workspace.session(signed.cookie)).toBeNull();
  });

  it('and its link are stored only as keyed hashes', async () => {
    at(0);
    const unused = await link('guoyang', '203.0.113.3');
    const used = await link('guoyang', '203.0.113.3');
    const signed = await root.services.workspace.signIn(used.token);
    if (!signed.ok || !('cookie' in signed)) throw new Error('not signed in');
    const db = new DatabaseSync(join(dir, 'data', 'schoolwatch.db'), { readOnly: true });
    const dump = JSON.stringify([db.prepare('SELECT * FROM ws_links').all(), db.prepare('SELECT * FROM ws_sessions').all()]);
    db.close();
    expect(dump).toContain('guoyang');
    for (const secret of [unused.token, used.token, signed.cookie]) expect(dump).not.toContain(secret);
    // Nor anywhere else in the data folder (the database, its WAL).
    for (const name of readdirSync(join(dir, 'data'))) {
      const bytes = readFileSync(join(dir, 'data', name)).toString('latin1');
      for (const secret of [unused.token, used.token, signed.cookie]) expect(bytes.includes(secret), name).toBe(false);
    }
  });
});

describe('link requests', () => {
  it('from one client: 10 an hour go out, then none, with the same answer', async () => {
    at(0);
    const bodies = ['bozhou-city', 'mengcheng', '@office'];
    const count = () => bodies.reduce((n, b) => n + signInMails(outbox, b).length, 0);
    const before = count();
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await root.services.workspace.requestLink({ body: bodies[i % 3]! }, { address: '203.0.113.9' }));
    expect((await settledMailCount(count, before + 10)) - before).toBe(10);
    expect(new Set(answers.map((a) => a.kind))).toEqual(new Set(['ok']));
  });
});
