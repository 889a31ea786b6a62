// Signed answer links (src/domain/answerLink.ts) with the real Web Crypto
// keys: `<reference>.<bureau>.<transfers>.<expiry>.<signature>`, scoped to one
// complaint, one bureau and one routing of it, expiring, in one spelling only,
// and refused with a reason when anything is off.
import { beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_LINK_DAYS, signAnswerToken, transfersOf, verifyAnswerToken } from '../../src/domain/answerLink';
import type { ComplaintEvent } from '../../src/domain/complaint';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import type { Keys } from '../../src/ports/keys';

const SECRET = 'answer-link-test-secret-0123456789abcdef';
const REF = 'JB-20260310-7K3M9Q2P';
const OTHER_REF = 'JB-20260310-8HJ6NB4R';
const NOW = new Date('2026-03-10T02:00:00Z');
const DAY = 86_400_000;

let keys: Keys;
let token: string;

const filed: ComplaintEvent = { at: NOW.toISOString(), type: 'filed', bureau: 'qiaocheng' };
const moved = (bureau: string): ComplaintEvent => ({ at: NOW.toISOString(), type: 'transferred', bureau, note: '学校不归本局主管' });
/** A complaint as the signer sees it: its reference, bureau and history. */
const at = (reference: string, bureau: string, history: ComplaintEvent[] = [filed]) => ({ reference, bureau, history });
const sign = (reference: string, bureau: string, now = NOW, days?: number) => signAnswerToken(keys, at(reference, bureau), now, days);

beforeAll(async () => {
  keys = await webCryptoKeys(SECRET);
  token = await sign(REF, 'qiaocheng');
});

/** The token with part `index` (0 reference, 1 bureau, 2 transfers, 3 expiry, 4 signature) replaced. */
const withPart = (t: string, index: number, value: string) =>
  t
    .split('.')
    .map((part, i) => (i === index ? value : part))
    .join('.');

describe('a fresh token', () => {
  it('has five parts and carries no personal data', () => {
    const [reference, bureau, transfers, expires, signature] = token.split('.');
    expect(reference).toBe(REF);
    expect(bureau).toBe('qiaocheng');
    expect(transfers).toBe('0');
    expect(Number(expires)).toBe(NOW.getTime() / 1000 + ANSWER_LINK_DAYS * 86_400);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token.split('.')).toHaveLength(5);
  });

  it('verifies, naming its complaint, bureau and routing', async () => {
    expect(await verifyAnswerToken(keys, token, NOW)).toEqual({ ok: true, reference: REF, bureau: 'qiaocheng', transfers: 0 });
  });

  it('survives URL encoding as the email writes it', async () => {
    const url = new URL(`https://schoolwatch.example/answer/?t=${encodeURIComponent(token)}`);
    expect(await verifyAnswerToken(keys, url.searchParams.get('t'), NOW)).toMatchObject({ ok: true });
  });

  it('is the same for the same inputs and differs per complaint and bureau', async () => {
    expect(await sign(REF, 'qiaocheng')).toBe(token);
    expect((await sign(OTHER_REF, 'qiaocheng')).split('.')[4]).not.toBe(token.split('.')[4]);
    expect((await sign(REF, 'guoyang')).split('.')[4]).not.toBe(token.split('.')[4]);
  });
});

describe('a tampered token is refused as a bad signature', () => {
  it.each([
    ['the reference', 0, () => OTHER_REF],
    ['the bureau', 1, () => 'guoyang'],
    ['the transfer count', 2, () => '1'],
    ['the expiry (one second later)', 3, (t: string) => String(Number(t.split('.')[3]) + 1)],
    ['the expiry (ten years later)', 3, (t: string) => String(Number(t.split('.')[3]) + 3650 * 86_400)],
    [
      'the signature (first character)',
      4,
      (t: string) => {
        const s = t.split('.')[4]!;
        return (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
      },
    ],
    ['the signature (truncated)', 4, (t: string) => t.split('.')[4]!.slice(0, 20)],
    ['the signature (another token’s)', 4, () => 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY'],
    ['the signature (empty)', 4, () => ''],
  ] as const)('changing %s', async (_, index, value) => {
    const tampered = withPart(token, index, value(token));
    expect(tampered).not.toBe(token);
    expect(await verifyAnswerToken(keys, tampered, NOW)).toEqual({ ok: false, reason: 'signature' });
  });

  it('also when the signature of another complaint is spliced in', async () => {
    const other = await sign(OTHER_REF, 'qiaocheng');
    expect(await verifyAnswerToken(keys, withPart(token, 4, other.split('.')[4]!), NOW)).toEqual({ ok: false, reason: 'signature' });
  });
});

describe('expiry, with an injected clock', () => {
  it.each([
    ['the same moment', 0, true],
    ['179 days later', 179 * DAY, true],
    ['exactly 180 days later', 180 * DAY, true],
    ['180 days and a second later', 180 * DAY + 1000, false],
    ['a year later', 365 * DAY, false],
  ])('at %s: valid = %s', async (_, offset, valid) => {
    const check = await verifyAnswerToken(keys, token, new Date(NOW.getTime() + offset));
    expect(check).toEqual(valid ? { ok: true, reference: REF, bureau: 'qiaocheng', transfers: 0 } : { ok: false, reason: 'expired' });
  });

  it('honours a shorter lifetime', async () => {
    const short = await sign(REF, 'qiaocheng', NOW, 1);
    expect(await verifyAnswerToken(keys, short, new Date(NOW.getTime() + DAY - 1000))).toMatchObject({ ok: true });
    expect(await verifyAnswerToken(keys, short, new Date(NOW.getTime() + DAY + 1000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('checks the signature before the expiry: a forged far-future expiry is not “expired” but forged', async () => {
    const expired = await sign(REF, 'qiaocheng', new Date(NOW.getTime() - 400 * DAY));
    expect(await verifyAnswerToken(keys, expired, NOW)).toEqual({ ok: false, reason: 'expired' });
    const extended = withPart(expired, 3, String(Math.floor(NOW.getTime() / 1000) + 86_400));
    expect(await verifyAnswerToken(keys, extended, NOW)).toEqual({ ok: false, reason: 'signature' });
  });
});

describe('a malformed token is refused as malformed', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 12345],
    ['an object', { t: 'x' }],
    ['an array of parts', ['JB-20260310-7K3M9Q2P', 'qiaocheng', '0', '1', 'sig']],
    ['the empty string', ''],
    ['four parts (the old form)', `${REF}.qiaocheng.1773108000.sig`],
    ['six parts', `${REF}.qiaocheng.0.1773108000.sig.extra`],
    ['a lower-case reference', `jb-20260310-7k3m9q2p.qiaocheng.0.1773108000.sig`],
    ['a reference with a short date', `JB-2026031-7K3M9Q2P.qiaocheng.0.1773108000.sig`],
    ['a bureau id in capitals', `${REF}.Qiaocheng.0.1773108000.sig`],
    ['a bureau id starting with a digit', `${REF}.9qiaocheng.0.1773108000.sig`],
    ['a transfer count with a leading zero', `${REF}.qiaocheng.01.1773108000.sig`],
    ['a negative expiry', `${REF}.qiaocheng.0.-1773108000.sig`],
    ['an expiry in words', `${REF}.qiaocheng.0.never.sig`],
    ['a 13-digit expiry', `${REF}.qiaocheng.0.1773108000000.sig`],
    ['a token over 300 characters', `${REF}.qiaocheng.0.1773108000.${'A'.repeat(300)}`],
  ])('%s', async (_, value) => {
    expect(await verifyAnswerToken(keys, value, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('the real token with a character cut off the reference', async () => {
    expect(await verifyAnswerToken(keys, token.slice(1), NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('the real token with its expiry spelt with a leading zero: one spelling per link', async () => {
    expect(await verifyAnswerToken(keys, withPart(token, 3, `0${token.split('.')[3]}`), NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('scope', () => {
  it('a token signed with another site secret is refused', async () => {
    const foreign = await signAnswerToken(await webCryptoKeys(`${SECRET}-other`), at(REF, 'qiaocheng'), NOW);
    expect(foreign.split('.').slice(0, 4)).toEqual(token.split('.').slice(0, 4));
    expect(await verifyAnswerToken(keys, foreign, NOW)).toEqual({ ok: false, reason: 'signature' });
  });

  it('a token for another complaint opens that complaint, never this one', async () => {
    const other = await sign(OTHER_REF, 'qiaocheng');
    const check = await verifyAnswerToken(keys, other, NOW);
    expect(check).toEqual({ ok: true, reference: OTHER_REF, bureau: 'qiaocheng', transfers: 0 });
    expect(check.ok && check.reference === REF).toBe(false);
  });

  it('a token for another bureau names that bureau, so the page refuses it for this complaint', async () => {
    // The page loads the complaint by the token's reference and requires the
    // complaint's current bureau to equal the token's bureau.
    const guoyang = await sign(REF, 'guoyang');
    const check = await verifyAnswerToken(keys, guoyang, NOW);
    expect(check).toEqual({ ok: true, reference: REF, bureau: 'guoyang', transfers: 0 });
    expect(check.ok && check.bureau === 'qiaocheng').toBe(false);
  });

  it('a link issued before a transfer no longer fits after the complaint comes back (A → B → A)', async () => {
    const back = [filed, moved('guoyang'), moved('qiaocheng')];
    expect(transfersOf({ history: back })).toBe(2);
    const fresh = await signAnswerToken(keys, at(REF, 'qiaocheng', back), NOW);
    expect(fresh.split('.')[2]).toBe('2');
    // The first link still verifies as a signature, but names routing 0: the page compares it with the complaint's 2.
    expect(await verifyAnswerToken(keys, token, NOW)).toEqual({ ok: true, reference: REF, bureau: 'qiaocheng', transfers: 0 });
    expect(await verifyAnswerToken(keys, fresh, NOW)).toEqual({ ok: true, reference: REF, bureau: 'qiaocheng', transfers: 2 });
  });
});
