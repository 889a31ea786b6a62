import type { Keys } from '../ports/keys';

/** How long a bureau's answer link works: the whole legal course of a complaint, with room to spare. */
export const ANSWER_LINK_DAYS = 180;

const message = (reference: string, bureau: string, expires: number) => `answer|${reference}|${bureau}|${expires}`;

/**
 * A token for the bureau's answer page, scoped to one complaint and one
 * bureau, expiring, signed with the site key: `<reference>.<bureau>.<expiry>.<signature>`.
 * After a transfer the old bureau's token no longer matches the complaint.
 */
export async function signAnswerToken(keys: Keys, reference: string, bureau: string, now: Date, days = ANSWER_LINK_DAYS): Promise<string> {
  const expires = Math.floor(now.getTime() / 1000) + days * 86_400;
  return `${reference}.${bureau}.${expires}.${await keys.sign(message(reference, bureau, expires))}`;
}

export type TokenCheck = { ok: true; reference: string; bureau: string } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** Checks a token: well-formed, signed by us, not expired. Scope is checked against the complaint by the caller. */
export async function verifyAnswerToken(keys: Keys, token: unknown, now: Date): Promise<TokenCheck> {
  if (typeof token !== 'string' || token.length > 300) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'malformed' };
  const [reference, bureau, expiresText, signature] = parts as [string, string, string, string];
  if (!/^JB-\d{8}-[0-9A-Z]{8}$/.test(reference) || !/^[a-z][a-z0-9-]{1,63}$/.test(bureau) || !/^\d{1,12}$/.test(expiresText)) return { ok: false, reason: 'malformed' };
  const expires = Number(expiresText);
  if (!(await keys.verify(message(reference, bureau, expires), signature))) return { ok: false, reason: 'signature' };
  if (now.getTime() / 1000 > expires) return { ok: false, reason: 'expired' };
  return { ok: true, reference, bureau };
}
