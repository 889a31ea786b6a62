import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Keys } from '../ports/keys';

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
  const [receipt, client, idempotency, signature, sealWithPassword] = ['receipt', 'client', 'idempotency', 'signature', 'seal-with-password'].map((p) => createSecretKey(derive(p))) as [KeyObject, KeyObject, KeyObject, KeyObject, KeyObject];
  const seal = createSecretKey(derive('seal'));
  // A key only the holder of `password` (the idempotency key) can rebuild.
  const passwordKey = async (password: string) => createSecretKey(createHmac('sha256', sealWithPassword).update(password, 'utf8').digest());
  return { receipt, client, idempotency, signature, seal, passwordKey };
}

const TAG = 16;
const sealWithKey = async (key: KeyObject, plain: string) => {
  const iv = randomBytes(12);
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
  return {
    receiptHash: async (code) => mac(current.receipt, code),
    receiptHashes: async (code) => all.map((keys) => mac(keys.receipt, code)),
    clientHash: async (address) => mac(current.client, address),
    idempotencyHash: async (key) => mac(current.idempotency, key),
    seal: (plain) => sealWithKey(current.seal, plain),
    open: (sealed) => firstThat((keys) => openWithKey(keys.seal, sealed)),
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
