// The thread under the receipt code through the composition root, on the
// embedded SQLite store and on a real Redis: the bureau asks through its
// signed link, the parent reads the question with their receipt code and is
// emailed once, replies with an image; the stored record (every byte the
// engine keeps) never holds either message in clear; the reply's image is
// served to the bureau and survives the evidence sweep while the complaint
// lives; the legal clocks do not move.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/config/env';
import { registry } from '../../src/catalogue/registry';
import { createRoot, type Root } from '../../src/server/root';
import { uploadOf } from '../../src/server/services/evidenceUpload';
import { claimDatabase, redisUrl, withDatabase } from '../support/redis';
import { movableClock } from '../support/workspace';
import { metadataMarkers, phoneJpeg } from '../support/evidenceImages';

const CRON = 'Bearer thread-test-cron-secret';
const QUESTION = '请问补课是在哪个年级、哪一天？提问标记QX7';
const REPLY = '六年级，每个周六上午八点到十二点。回复标记RY9';
const client = { address: '203.0.113.40' };
const T0 = new Date('2026-12-01T02:00:00.000Z');

interface Engine {
  name: string;
  env: (dir: string) => Promise<Record<string, string>>;
  /** Every byte the engine keeps for the site, as text. */
  dump: (dir: string) => Promise<string>;
  release?: () => void;
}

let claim: { db: number; release(): void } | undefined;
let redisAt = '';
const engines: Engine[] = [
  {
    name: 'sqlite',
    env: async (dir) => ({ SCHOOLWATCH_DATA_DIR: join(dir, 'data') }),
    dump: async (dir) =>
      readdirSync(join(dir, 'data'))
        .filter((name) => name.startsWith('schoolwatch.db'))
        .map((name) => readFileSync(join(dir, 'data', name)).toString('utf8'))
        .join('\n'),
  },
  {
    name: 'redis',
    env: async (dir) => {
      const base = await redisUrl();
      claim = claimDatabase(base);
      redisAt = withDatabase(base, claim.db);
      const flush = createClient({ url: redisAt, RESP: 2 });
      await flush.connect();
      await flush.flushDb();
      await flush.close();
      return {
        MAIL_OUTBOX: '1',
        REDIS_URL: redisAt,
        REDIS_KEY_PREFIX: 'thread',
        SITE_SECRET: 't'.repeat(44),
        EVIDENCE_DIR: join(dir, 'evidence'),
        SCHOOLWATCH_DATA_DIR: join(dir, 'data'),
      };
    },
    dump: async () => {
      const redis = createClient({ url: redisAt, RESP: 2 });
      await redis.connect();
      const parts: string[] = [];
      for (const key of await redis.keys('*')) {
        const type = await redis.type(key);
        if (type === 'string') parts.push(String(await redis.get(key)));
        else if (type === 'hash') parts.push(JSON.stringify(await redis.hGetAll(key)));
        else if (type === 'list') parts.push(JSON.stringify(await redis.lRange(key, 0, -1)));
        else if (type === 'set') parts.push(JSON.stringify(await redis.sMembers(key)));
        else if (type === 'zset') parts.push(JSON.stringify(await redis.zRange(key, 0, -1)));
      }
      await redis.close();
      return parts.join('\n');
    },
    release: () => claim?.release(),
  },
];

/** The emails in the outbox whose idempotency key starts with `prefix`. */
const mailsOf = (outbox: string, prefix: string) => {
  let names: string[] = [];
  try {
    names = readdirSync(outbox);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(prefix) && n.endsWith('.json'))
    .map((n) => JSON.parse(readFileSync(join(outbox, n), 'utf8')) as { to: string; subject: string; text: string });
};

/** The mails `read` finds once there are `count` (the dispatcher sends in the background), after a moment more in which a further one would show. */
async function mailed<T>(read: () => T[], count: number): Promise<T[]> {
  const deadline = Date.now() + 10_000;
  while (read().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  return read();
}

describe.each(engines)('the thread on $name', (engine) => {
  const dir = mkdtempSync(join(tmpdir(), `schoolwatch-thread-${engine.name}-`));
  const outbox = join(dir, 'outbox');
  const clock = movableClock(T0);
  let root: Root;
  afterAll(async () => {
    await root?.close();
    engine.release?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks, tells the parent once, takes the reply with its image, and keeps both sealed', async () => {
    const check = checkConfig({ OUTBOX_DIR: outbox, SITE_URL: 'https://jubao.example', CRON_SECRET: CRON.slice(7), ...(await engine.env(dir)) });
    if (!check.ok) throw new Error(check.problems.join('\n'));
    root = await createRoot({ ...check.config, dispatch: { ...check.config.dispatch, background: false } }, registry, { clock, log: () => {} });
    const { services } = root;

    const filed = await services.submitComplaint(
      {
        school: 'qc-xinghe-primary',
        aspect: 'holiday-classes',
        description: '国庆假期学校组织六年级集体补课，每人收费三百元。',
        anonymous: false,
        name: '王女士',
        email: 'parent@example.org',
        contactConsent: true,
      },
      client,
    );
    if (filed.kind !== 'filed') throw new Error(`not filed: ${filed.kind}`);
    const { reference, receiptCode } = filed.answer;
    const bureauMail = (await mailed(() => mailsOf(outbox, `complaint.filed_${reference}`), 1))[0]!;
    const token = new URL(/https:\/\/jubao\.example\/answer\/\?t=\S+/.exec(bureauMail.text)![0]).searchParams.get('t')!;
    const before = await services.lookupComplaint(receiptCode, client);
    if (before.kind !== 'ok') throw new Error('no lookup');

    // The bureau asks through its signed link.
    clock.set(new Date(T0.getTime() + 3600_000));
    const asked = await services.answerPage({
      query: new URLSearchParams(),
      body: { ok: true, fields: { t: token, action: 'ask', question: QUESTION } },
      client,
    });
    if (asked.show !== 'complaint') throw new Error(asked.message);
    expect([asked.kind, asked.done, asked.problem]).toEqual(['ok', '问题已发送。举报人用查询码查看时会看到并可以回复；办理期限照常计算。', undefined]);
    expect(asked.record.audit?.map((a) => [a.action, a.via])).toEqual([['ask', 'link']]);

    // The parent sees it under the receipt code; status and deadlines are as they were.
    const seen = await services.statusPage({ body: { ok: true, fields: { receiptCode } }, client });
    expect(seen.view).toMatchObject({ status: 'submitted', acceptBy: before.view.acceptBy, questionWaiting: true });
    expect(seen.view!.thread).toEqual([
      { step: 2, at: '2026-12-01T03:00:00.000Z', from: 'bureau', bureau: { id: 'qiaocheng', name: '谯城区教育局' }, text: QUESTION, images: 0 },
    ]);

    // One email to the parent, however often the dispatcher runs, naming the step and never the question.
    const parentMails = await mailed(() => mailsOf(outbox, `parent.update_${reference}`), 1);
    await services.dispatch(CRON);
    await services.dispatch(CRON);
    expect(mailsOf(outbox, `parent.update_${reference}`)).toHaveLength(1);
    expect(parentMails).toHaveLength(1);
    expect(parentMails[0]).toMatchObject({ to: 'parent@example.org', subject: `您的举报 ${reference} 有新进展` });
    expect(parentMails[0]!.text).toContain('有新进展：教育局向您提问。');
    expect(parentMails[0]!.text).toContain('输入查询码查看问题并回复');
    expect(parentMails[0]!.text).not.toContain('QX7');

    // The parent replies with a photo (its metadata stripped by the evidence pipeline).
    clock.set(new Date(T0.getTime() + 2 * 3600_000));
    const photo = await phoneJpeg();
    expect(metadataMarkers(photo).length).toBeGreaterThan(0);
    const replied = await services.statusPage({
      body: { ok: true, fields: { receiptCode, action: 'reply', reply: REPLY, evidenceKept: '' }, files: [uploadOf('IMG_0001.jpg', photo)] },
      client,
    });
    expect([replied.kind, replied.actionDone, replied.reply.errors]).toEqual(['ok', '已发送回复。教育局办理时会看到。', {}]);
    expect(replied.view).toMatchObject({ status: 'submitted', acceptBy: before.view.acceptBy, questionWaiting: false });
    expect(replied.view!.thread.map((m) => [m.from, m.text, m.images])).toEqual([
      ['bureau', QUESTION, 0],
      ['parent', REPLY, 1],
    ]);
    // The bureau is emailed the reply once, with a fresh link.
    const bureauReplies = await mailed(() => mailsOf(outbox, `complaint.replied_${reference}_3`), 1);
    expect(bureauReplies).toHaveLength(1);
    expect(bureauReplies[0]!.subject).toBe(`【举报人已回复】${reference}：请于${'2026年12月16日'}前办理`);
    expect(bureauReplies[0]!.text).toContain(`举报人的回复：\n${REPLY}`);
    // A second reply to the same question is refused, its words kept on the form.
    const again = await services.statusPage({ body: { ok: true, fields: { receiptCode, action: 'reply', reply: '补充一句' } }, client });
    expect([again.kind, again.reply]).toEqual(['invalid', { text: '补充一句', errors: { reply: '现在没有等待您回复的问题' } }]);

    // Sealed at rest: neither message, nor the reply's image, is in clear anywhere the engine keeps.
    const stored = await engine.dump(dir);
    expect(stored).toContain(reference);
    for (const marker of ['QX7', 'RY9', '六年级，每个周六', '哪一天']) expect(stored.includes(marker), marker).toBe(false);

    // The bureau reads the thread and the image through its link; the image has no metadata left.
    const page = await services.answerPage({ query: new URLSearchParams({ t: token }), client });
    if (page.show !== 'complaint') throw new Error(page.message);
    expect(page.view.thread.map((m) => [m.step, m.from, m.text, m.images])).toEqual([
      [2, 'bureau', QUESTION, 0],
      [3, 'parent', REPLY, 1],
    ]);
    const image = await services.answerEvidence!({ token, index: '1', step: '3' });
    if (image.kind !== 'ok') throw new Error(image.message);
    expect([image.type, image.fileName]).toEqual(['image/jpeg', `${reference}-reply3-1.jpg`]);
    expect(metadataMarkers(image.bytes)).toEqual([]);
    expect((await services.answerEvidence!({ token, index: '1', step: '2' })).kind).toBe('not-found');

    // The sweep keeps a reply's image while its complaint lives (past the orphans' grace).
    clock.set(new Date(T0.getTime() + 30 * 3600_000));
    await services.sweepEvidence(CRON);
    expect((await services.answerEvidence!({ token, index: '1', step: '3' })).kind).toBe('ok');
  });
});
