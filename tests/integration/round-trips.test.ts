// How many requests one filing and one lookup cost on Upstash over REST,
// where each is a network hop from the function: the local REST stand-in
// counts every request the real Upstash client sends. The limit is 2: one
// EVALSHA, plus one EVAL when Redis does not know the script yet.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { fileComplaint } from '../../src/domain/fileComplaint';
import { lookupComplaint } from '../../src/domain/lookupComplaint';
import { parseComplaintInput } from '../../src/domain/complaintInput';
import { systemClock } from '../../src/ports/clock';
import { cryptoRandom } from '../../src/ports/random';
import type { Keys } from '../../src/ports/keys';
import { sampleDirectory } from '../support/directory';
import { storeBackends, type OpenedStore } from '../support/stores';
import { redisUrl } from '../support/redis';
import { openRedis } from '../support/intakeRedis';

const directory = sampleDirectory();
const limit = { max: 1000, windowSeconds: 3600 };
let opened: OpenedStore;
let keys: Keys;

beforeAll(async () => {
  opened = await storeBackends()
    .find((b) => b.name === 'upstash-rest')!
    .open();
  keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
  // Redis forgets its scripts on a restart: start from that, the worst case.
  const redis = await openRedis(await redisUrl());
  await redis.scriptFlush();
  redis.destroy();
});
afterAll(() => opened?.cleanup());

/** Requests the REST stand-in received while `work` ran. */
async function requestsOf(work: () => Promise<unknown>): Promise<number> {
  const before = opened.requests!();
  await work();
  return opened.requests!() - before;
}

const input = (text: string) => {
  const parsed = parseComplaintInput({ school: 'qc-xinghe-primary', aspect: 'holiday-classes', description: text, anonymous: true }, directory, '2026-12-01');
  if (!parsed.ok) throw new Error('invalid test input');
  return parsed.value;
};
const deps = () => ({ directory, store: opened.store, keys, clock: systemClock, random: cryptoRandom });
const file = (text: string, idempotencyKey?: string) => fileComplaint(input(text), deps(), { address: '203.0.113.7', idempotencyKey, limit });

describe('round trips to Upstash over REST', () => {
  let receiptCode = '';

  // At most 2 the first time (another test file may load the same script in
  // between), exactly 1 once Redis knows it.
  it('files a complaint in at most 2 requests when Redis does not know the script, then in 1', async () => {
    expect(
      await requestsOf(
        async () =>
          ({ receiptCode } = ((await file('国庆假期学校组织全年级补课，每人收费。', 'round-trip-key-1')) as { answer: { receiptCode: string } }).answer),
      ),
    ).toBeLessThanOrEqual(2);
    expect(await requestsOf(() => file('周六上午学校要求全班到校上课。'))).toBe(1);
  });

  it('replays a repeated idempotency key in 1 request', async () => {
    const requests = await requestsOf(async () => expect((await file('国庆假期学校组织全年级补课，每人收费。', 'round-trip-key-1')).kind).toBe('replayed'));
    expect(requests).toBe(1);
  });

  it('looks a complaint up in at most 2 requests the first time, then in 1', async () => {
    const lookup = () => lookupComplaint(receiptCode, { store: opened.store, keys }, { address: '203.0.113.7', limit });
    expect(await requestsOf(async () => expect((await lookup()).kind).toBe('found'))).toBeLessThanOrEqual(2);
    expect(await requestsOf(async () => expect((await lookup()).kind).toBe('found'))).toBe(1);
  });
});
