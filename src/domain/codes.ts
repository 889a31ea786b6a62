import type { Random } from '../ports/random';

/**
 * Crockford's base32: no I, L, O or U, so a code read aloud or copied by
 * hand survives (O→0, I/L→1 are mapped back when a code is typed in).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(random: Random, length: number): string {
  // 256 is a multiple of 32, so `byte % 32` is unbiased.
  return Array.from(random.bytes(length), (b) => ALPHABET[b % 32]).join('');
}

/** Characters in a receipt code: 20 × 5 bits = 100 bits of entropy (DESIGN.md asks for at least 80). */
export const RECEIPT_LENGTH = 20;

/** A new receipt code, grouped for reading: `7K3M9-Q2PXA-B4RTV-8HJ6N`. */
export function newReceiptCode(random: Random): string {
  const raw = base32(random, RECEIPT_LENGTH);
  return raw.match(/.{5}/g)!.join('-');
}

/**
 * The canonical form of a typed-in receipt code, or undefined when it cannot
 * be one. Spaces, hyphens and case are ignored; O, I and L are read as 0, 1, 1.
 */
export function normaliseReceiptCode(input: string): string | undefined {
  const compact = input
    .toUpperCase()
    .replace(/[\s\-－—_]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== RECEIPT_LENGTH || [...compact].some((c) => !ALPHABET.includes(c))) return undefined;
  return compact.match(/.{5}/g)!.join('-');
}

/**
 * A public complaint reference such as `JB-20261127-7K3M9Q2P`: the filing
 * date in China plus 40 random bits. It always contains letters, so the
 * Upstash client can never read it back as a number.
 */
export function newReference(random: Random, chinaDate: string): string {
  return `JB-${chinaDate.replaceAll('-', '')}-${base32(random, 8)}`;
}

/** A random idempotency key for a form that is about to be submitted. */
export function newFormKey(random: Random): string {
  return `form-${base32(random, 26)}`;
}
