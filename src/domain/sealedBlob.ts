import type { Keys } from '../ports/keys';

/**
 * Envelope encryption of one evidence image: a fresh AES-256-GCM key per
 * image encrypts the bytes, and that key is sealed with the site's key
 * (`Keys.seal`, so a SITE_SECRET rotation keeps old images readable). The
 * blob carries both: `SWE1`, the sealed key's length (2 bytes) and text,
 * the 12-byte nonce, then the ciphertext with its tag. Nothing in it is
 * readable as an image without the site secret.
 */
const MAGIC = new TextEncoder().encode('SWE1');

export async function sealBlob(keys: Keys, plain: Uint8Array): Promise<Uint8Array> {
  const raw = crypto.getRandomValues(new Uint8Array(32));
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const body = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain as Uint8Array<ArrayBuffer>));
  const sealedKey = new TextEncoder().encode(await keys.seal(Buffer.from(raw).toString('base64url')));
  raw.fill(0);
  const out = new Uint8Array(MAGIC.length + 2 + sealedKey.length + iv.length + body.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint16(MAGIC.length, sealedKey.length);
  out.set(sealedKey, MAGIC.length + 2);
  out.set(iv, MAGIC.length + 2 + sealedKey.length);
  out.set(body, MAGIC.length + 2 + sealedKey.length + iv.length);
  return out;
}

/** The image's bytes; throws when the blob is not ours, was changed, or was sealed with another secret. */
export async function openBlob(keys: Keys, blob: Uint8Array): Promise<Uint8Array> {
  if (blob.length < MAGIC.length + 2 || !MAGIC.every((b, i) => blob[i] === b)) throw new Error('not a sealed blob');
  const keyLength = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint16(MAGIC.length);
  const start = MAGIC.length + 2;
  const sealedKey = new TextDecoder().decode(blob.subarray(start, start + keyLength));
  const raw = Buffer.from(await keys.open(sealedKey), 'base64url');
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
  const iv = blob.slice(start + keyLength, start + keyLength + 12);
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, blob.slice(start + keyLength + 12)));
}
