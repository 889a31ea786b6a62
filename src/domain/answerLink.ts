import type { Keys } from '../ports/keys';
import type { ComplaintRecord } from './complaint';

/** How long a bureau's answer link works: the whole legal course of a complaint, with room to spare. */
export const ANSWER_LINK_DAYS = 180;

/**
 * How often a complaint has changed hands. A link names the count it was
 * issued at, so that every link issued before a transfer stays dead, even
 * when the complaint comes back to the same bureau (A → B → A).
 */
export const transfersOf = (record: Pick<ComplaintRecord, 'history'>) => record.history.filter((e) => e.type === 'transferred').length;

const message = (reference: string, bureau: string, transfers: number, expires: number) => `answer|${reference}|${bureau}|${transfers}|${expires}`;

/**
 * A token for the bureau's answer page, scoped to one complaint, one bureau
 * and one routing of it, expiring, signed with the site key:
 * `<reference>.<bureau>.<transfers>.<expiry>.<signature>`.
 */
export async function signAnswerToken(
  keys: Keys,
  record: Pick<ComplaintRecord, 'reference' | 'bureau' | 'history'>,
  now: Date,
  days = ANSWER_LINK_DAYS,
): Promise<string> {
  const expires = Math.floor(now.getTime() / 1000) + days * 86_400;
  const transfers = transfersOf(record);
  return `${record.reference}.${record.bureau}.${transfers}.${expires}.${await keys.sign(message(record.reference, record.bureau, transfers, expires))}`;
}

export type TokenCheck = { ok: true; reference: string; bureau: string; transfers: number } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/**
 * Checks a token: in its one canonical spelling (no leading zeros, nothing
 * around it), signed by us, not expired. Whether it still fits the complaint
 * (same bureau, no transfer since) is the caller's check.
 */
export async function verifyAnswerToken(keys: Keys, token: unknown, now: Date): Promise<TokenCheck> {
  if (typeof token !== 'string' || token.length > 300) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 5) return { ok: false, reason: 'malformed' };
  const [reference, bureau, transfersText, expiresText, signature] = parts as [string, string, string, string, string];
  if (
    !/^JB-\d{8}-[0-9A-Z]{8}$/.test(reference) ||
    !/^[a-z][a-z0-9-]{1,63}$/.test(bureau) ||
    !/^(0|[1-9]\d{0,3})$/.test(transfersText) ||
    !/^[1-9]\d{0,11}$/.test(expiresText)
  )
    return { ok: false, reason: 'malformed' };
  const [transfers, expires] = [Number(transfersText), Number(expiresText)];
  if (!(await keys.verify(message(reference, bureau, transfers, expires), signature))) return { ok: false, reason: 'signature' };
  if (now.getTime() / 1000 > expires) return { ok: false, reason: 'expired' };
  return { ok: true, reference, bureau, transfers };
}
