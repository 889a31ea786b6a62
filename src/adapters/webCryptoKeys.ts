import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Keys } from '../ports/keys';
import { cryptoRandom } from '../ports/random';

const toBase64Url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromBase64Url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));
const mac = (key: KeyObject, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('base64url');

/**
 * The keys of one secret, derived with HKDF, one per purpose, so a leaked
 * rate-limit key says nothing about receipt hashes or sealed contacts. The
 * keyed hashes use node:crypto's synchronous HMAC (four run on every filing;
 * Web Crypto's per-call hop to the thread pool cost more than the hashing,
 * docs/benchmarks.md); key objects are made once (createHmac with a raw
 * Buffer builds one per call, 7× slower). Encryption is AES-256-GCM, also
 * synchronous: two seals per filing through Web Crypto were two thread-pool
 * round trips and a key import (13% of a filing's CPU, docs/benchmarks.md);
 * the sealed form is the same (nonce, then ciphertext with its 16-byte tag).
 */
async function keysOf(secret: string) {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'schoolwatch/v1', purpose, 32));
  const [receipt, client, idempotency, signature, sealWithPassword] = ['receipt', 'client', 'idempotency', 'signature', 'seal-with-password'].map((p) =>
    createSecretKey(derive(p)),
  ) as [KeyObject, KeyObject, KeyObject, KeyObject, KeyObject];
  const seal = createSecretKey(derive('seal'));
  // A key only the holder of `password` (the idempotency key) can rebuild.
  const passwordKey = async (password: string) => createSecretKey(createHmac('sha256', sealWithPassword).update(password, 'utf8').digest());
  return { receipt, client, idempotency, signature, seal, passwordKey };
}

const TAG = 16;
const sealWithKey = async (key: KeyObject, plain: string) => {
  const iv = cryptoRandom.bytes(12); // from the pool (ports/random.ts): two seals per filing
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1.${toBase64Url(iv)}.${toBase64Url(body)}`;
};
const openWithKey = async (key: KeyObject, sealed: string) => {
  const [version, iv, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !body) throw new Error('not a sealed value');
  const bytes = fromBase64Url(body);
  if (bytes.length < TAG) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, fromBase64Url(iv), { authTagLength: TAG });
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG)), decipher.final()]).toString('utf8');
};

/**
 * Envelope encryption of bytes (an evidence image): a fresh AES-256-GCM key
 * encrypts them, and that key is sealed with the site's key (`seal`). The
 * result carries both: `SWE1`, the sealed key's length (2 bytes) and text,
 * the 12-byte nonce, then the ciphertext with its 16-byte tag.
 */
const MAGIC = Buffer.from('SWE1', 'latin1');
const sealBytesWith = async (seal: (plain: string) => Promise<string>, plain: Uint8Array): Promise<Uint8Array> => {
  const raw = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', createSecretKey(raw), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  const sealedKey = Buffer.from(await seal(raw.toString('base64url')), 'latin1');
  raw.fill(0);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(sealedKey.length);
  return new Uint8Array(Buffer.concat([MAGIC, length, sealedKey, iv, body]));
};
const openBytesWith = async (open: (sealed: string) => Promise<string>, blob: Uint8Array): Promise<Uint8Array> => {
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (bytes.length < MAGIC.length + 2 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a sealed blob');
  const start = MAGIC.length + 2;
  const end = start + bytes.readUInt16BE(MAGIC.length);
  const raw = Buffer.from(await open(bytes.subarray(start, end).toString('latin1')), 'base64url');
  const body = bytes.subarray(end + 12);
  if (raw.length !== 32 || body.length < TAG) throw new Error('not a sealed blob');
  const decipher = createDecipheriv('aes-256-gcm', createSecretKey(raw), bytes.subarray(end, end + 12), { authTagLength: TAG });
  decipher.setAuthTag(body.subarray(body.length - TAG));
  return new Uint8Array(Buffer.concat([decipher.update(body.subarray(0, body.length - TAG)), decipher.final()]));
};

/**
 * The site's keys, from SITE_SECRET. During a rotation (docs/operations.md)
 * the previous secret is kept too: everything new is hashed, sealed and
 * signed with the current one, and what was made with the previous one is
 * still opened, verified and found (receipt codes are stored only as keyed
 * hashes, so a code from before the rotation is found by its old hash).
 */
export async function webCryptoKeys(siteSecret: string, previousSecret?: string): Promise<Keys> {
  const current = await keysOf(siteSecret);
  const all = previousSecret ? [current, await keysOf(previousSecret)] : [current];
  /** The first key set that opens it; the last one's error otherwise. */
  const firstThat = async <T>(attempt: (keys: typeof current) => Promise<T>): Promise<T> => {
    let failure: unknown;
    for (const keys of all) {
      try {
        return await attempt(keys);
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  };
  const seal = (plain: string) => sealWithKey(current.seal, plain);
  const open = (sealed: string) => firstThat((keys) => openWithKey(keys.seal, sealed));
  return {
    receiptHash: async (code) => mac(current.receipt, code),
    receiptHashes: async (code) => all.map((keys) => mac(keys.receipt, code)),
    clientHash: async (address) => mac(current.client, address),
    idempotencyHash: async (key) => mac(current.idempotency, key),
    seal,
    open,
    sealBytes: (plain) => sealBytesWith(seal, plain),
    openBytes: (sealed) => openBytesWith(open, sealed),
    sealWith: async (password, plain) => sealWithKey(await current.passwordKey(password), plain),
    openWith: (password, sealed) => firstThat(async (keys) => openWithKey(await keys.passwordKey(password), sealed)),
    sign: async (message) => mac(current.signature, message),
    verify: async (message, signature) => {
      // One spelling per signature: base64url decoding forgives stray bits and padding.
      if (!/^[A-Za-z0-9_-]{43}$/.test(signature) || toBase64Url(fromBase64Url(signature)) !== signature) return false;
      return all.some((keys) => timingSafeEqual(Buffer.from(mac(keys.signature, message)), Buffer.from(signature)));
    },
  };
}
