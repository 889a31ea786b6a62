import { createHmac, createSecretKey, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Keys } from '../ports/keys';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const toBase64Url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromBase64Url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));
const mac = (key: KeyObject, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('base64url');

/**
 * The keys of one secret, derived with HKDF, one per purpose, so a leaked
 * rate-limit key says nothing about receipt hashes or sealed contacts. The
 * keyed hashes use node:crypto's synchronous HMAC (four run on every filing;
 * Web Crypto's per-call hop to the thread pool cost more than the hashing,
 * docs/benchmarks.md); key objects are made once (createHmac with a raw
 * Buffer builds one per call, 7× slower). Encryption is AES-256-GCM.
 */
async function keysOf(secret: string) {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'schoolwatch/v1', purpose, 32));
  const [receipt, client, idempotency, signature, sealWithPassword] = ['receipt', 'client', 'idempotency', 'signature', 'seal-with-password'].map((p) => createSecretKey(derive(p))) as [KeyObject, KeyObject, KeyObject, KeyObject, KeyObject];
  const seal = await crypto.subtle.importKey('raw', derive('seal'), 'AES-GCM', false, ['encrypt', 'decrypt']);
  // A key only the holder of `password` (the idempotency key) can rebuild.
  const passwordKey = (password: string) => crypto.subtle.importKey('raw', createHmac('sha256', sealWithPassword).update(password, 'utf8').digest(), 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { receipt, client, idempotency, signature, seal, passwordKey };
}

const sealWithKey = async (key: CryptoKey, plain: string) => {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const body = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoder.encode(plain)));
  return `v1.${toBase64Url(iv)}.${toBase64Url(body)}`;
};
const openWithKey = async (key: CryptoKey, sealed: string) => {
  const [version, iv, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !body) throw new Error('not a sealed value');
  return decoder.decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(iv) }, key, fromBase64Url(body)));
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
