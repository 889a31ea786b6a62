// POST /api/complaints/status with an action, against the built server and a
// real Redis: `rate` (满意 / 基本满意 / 不满意 with a reason) beside the
// `confirm` and `dispute` that older clients send, each answering as the
// status page does. The bureau's steps are taken with the server's own secret
// on the same Redis keyspace.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMailer } from '../../src/adapters/mail/outboxMailer';
import { systemClock } from '../../src/ports/clock';
import { createDispatcher } from '../../src/server/dispatcher';
import { actionService } from '../../src/server/services/actions';
import type { ComplaintAction } from '../../src/domain/status';
import { startServer, type RunningServer } from '../support/server';
import { postJson, validComplaint } from '../support/intakeForms';
import { sampleDirectory } from '../support/directory';
import { openServerKeyspace, type ServerKeyspace } from '../support/serverKeyspace';

let server: RunningServer;
let space: ServerKeyspace;
let act: ReturnType<typeof actionService>;
const client = { address: '198.51.100.7' };

beforeAll(async () => {
  space = await openServerKeyspace('rate');
  server = await startServer({ ...space.env, INTAKE_RATE_LIMIT: '1000', LOOKUP_RATE_LIMIT: '1000' });
  const { store, keys } = space;
  const directory = sampleDirectory();
  const outbox = mkdtempSync(join(tmpdir(), 'schoolwatch-rate-'));
  const dispatcher = createDispatcher(
    { store, mailer: outboxMailer(outbox), keys, directory, clock: systemClock, siteUrl: server.url },
    { retryBaseMs: 60_000, intervalMs: 60_000, log: () => undefined },
  );
  act = actionService({ store, keys, directory, clock: systemClock, dispatcher });
});

afterAll(async () => {
  await server?.stop();
  await space?.close();
});

/** A complaint filed through the API, accepted and answered by its bureau. */
async function answered(): Promise<string> {
  const res = await postJson(`${server.url}/api/complaints`, validComplaint({ description: '评价接口测试：学校国庆假期组织集体补课。' }));
  const { reference, receiptCode, bureau } = (await res.json()) as { reference: string; receiptCode: string; bureau: { id: string } };
  const by = { kind: 'bureau' as const, bureau: bureau.id };
  expect((await act(reference, { type: 'accept' }, by, client)).kind).toBe('ok');
  const resolve = { type: 'resolve', answer: '经查属实，已责令停止补课。', finding: 'substantiated' } as ComplaintAction;
  expect((await act(reference, resolve, by, client)).kind).toBe('ok');
  return receiptCode;
}

const status = (body: Record<string, unknown>) => postJson(`${server.url}/api/complaints/status`, body);

describe('POST /api/complaints/status with an action', () => {
  it('rate 不满意 needs a reason (422), then answers 200 with the complaint back for review', async () => {
    const receiptCode = await answered();
    const refused = await status({ receiptCode, action: 'rate', rating: 'unsatisfied' });
    expect([refused.status, await refused.json()]).toEqual([422, { errors: { action: '请填写不满意的原因' } }]);
    const res = await status({ receiptCode, action: 'rate', rating: 'unsatisfied', reason: '周六仍在补课。' });
    expect(res.status).toBe(200);
    const view = await res.json();
    expect([view.status, view.statusLabel, view.rating, view.resolveByLabel]).toEqual(['disputed', '有异议，待复核', '不满意', '复核期限']);
    // The receipt code opens the parent's own words.
    expect(view.history.at(-1)).toMatchObject({ type: 'disputed', note: '周六仍在补课。', rating: '不满意', by: { kind: 'parent' } });
    // Rated once: a second rating is refused in words.
    const again = await status({ receiptCode, action: 'rate', rating: 'satisfied' });
    expect([again.status, await again.json()]).toEqual([422, { errors: { action: '这件举报当前状态下不能执行此操作' } }]);
  });

  it('rate 基本满意 answers 200 with the complaint confirmed', async () => {
    const res = await status({ receiptCode: await answered(), action: 'rate', rating: 'basically' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'confirmed', statusLabel: '已确认办结', rating: '基本满意' });
  });

  it('confirm and dispute answer as before', async () => {
    const confirmed = await status({ receiptCode: await answered(), action: 'confirm' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ status: 'confirmed' });
    const disputed = await status({ receiptCode: await answered(), action: 'dispute', reason: '仍在补课。' });
    expect(disputed.status).toBe(200);
    expect(await disputed.json()).toMatchObject({
      status: 'disputed',
      history: expect.arrayContaining([expect.objectContaining({ type: 'disputed', note: '仍在补课。' })]),
    });
  });

  it('refuses an unknown action or rating in words (422), and an unknown code as a lookup does (404)', async () => {
    const receiptCode = await answered();
    const unknown = await status({ receiptCode, action: 'like' });
    expect([unknown.status, await unknown.json()]).toEqual([
      422,
      { errors: { action: '不认识的操作：可用 rate、confirm、dispute、followUp、reply、escalate' } },
    ]);
    const rating = await status({ receiptCode, action: 'rate', rating: 'great' });
    expect([rating.status, await rating.json()]).toEqual([422, { errors: { action: '请选择满意、基本满意或不满意' } }]);
    const missing = await status({ receiptCode: '00000-00000-00000-00000', action: 'rate', rating: 'satisfied' });
    expect(missing.status).toBe(404);
  });
});
