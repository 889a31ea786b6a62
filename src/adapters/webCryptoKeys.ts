import { createHmac, createSecretKey, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { Keys } from '../ports/keys';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const toBase64Url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromBase64Url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));

/**
 * Keys derived from the site secret with HKDF, one per purpose, so a leaked
 * rate-limit key says nothing about receipt hashes or sealed contacts.
 *
 * Encryption is AES-256-GCM through Web Crypto. The keyed hashes use
 * node:crypto's synchronous HMAC: four of them run on every filing, and
 * Web Crypto's per-call hop to the thread pool cost more than the hashing
 * itself (docs/benchmarks.md, intake profile).
 */
export async function webCryptoKeys(siteSecret: string): Promise<Keys> {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', siteSecret, 'schoolwatch/v1', purpose, 32));
  // Key objects made once: createHmac with a raw Buffer builds one per call (7× slower).
  const [receiptKey, clientKey, idemKey, signKey, idemSealKey] = ['receipt', 'client', 'idempotency', 'signature', 'seal-with-password'].map((p) => createSecretKey(derive(p))) as [KeyObject, KeyObject, KeyObject, KeyObject, KeyObject];
  const sealKey = await crypto.subtle.importKey('raw', derive('seal'), 'AES-GCM', false, ['encrypt', 'decrypt']);
  const mac = (key: KeyObject, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('base64url');

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
  // A key only the holder of `password` (the idempotency key) can rebuild.
  const passwordKey = (password: string) => crypto.subtle.importKey('raw', createHmac('sha256', idemSealKey).update(password, 'utf8').digest(), 'AES-GCM', false, ['encrypt', 'decrypt']);

  return {
    receiptHash: async (code) => mac(receiptKey, code),
    clientHash: async (address) => mac(clientKey, address),
    idempotencyHash: async (key) => mac(idemKey, key),
    seal: (plain) => sealWithKey(sealKey, plain),
    open: (sealed) => openWithKey(sealKey, sealed),
    sealWith: async (password, plain) => sealWithKey(await passwordKey(password), plain),
    openWith: async (password, sealed) => openWithKey(await passwordKey(password), sealed),
    sign: async (message) => mac(signKey, message),
    verify: async (message, signature) => {
      // One spelling per signature: base64url decoding forgives stray bits and padding.
      if (!/^[A-Za-z0-9_-]{43}$/.test(signature) || toBase64Url(fromBase64Url(signature)) !== signature) return false;
      return timingSafeEqual(Buffer.from(mac(signKey, message)), Buffer.from(signature));
    },
  };
}
