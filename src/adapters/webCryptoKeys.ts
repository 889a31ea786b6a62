import type { Keys } from '../ports/keys';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const toBase64Url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromBase64Url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));

/**
 * Keys through Web Crypto. Each purpose gets its own key derived from the
 * site secret with HKDF, so a leaked rate-limit hash key says nothing about
 * receipt hashes or sealed contacts.
 */
export async function webCryptoKeys(siteSecret: string): Promise<Keys> {
  const master = await crypto.subtle.importKey('raw', encoder.encode(siteSecret), 'HKDF', false, ['deriveKey', 'deriveBits']);
  const salt = encoder.encode('schoolwatch/v1');
  const hmacKey = (purpose: string) =>
    crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: encoder.encode(purpose) }, master, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify']);
  const aesKey = (purpose: string, extra: Uint8Array = new Uint8Array()) =>
    crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array([...salt, ...extra]), info: encoder.encode(purpose) }, master, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

  const [receiptKey, clientKey, idemKey, signKey, sealKey] = await Promise.all([hmacKey('receipt'), hmacKey('client'), hmacKey('idempotency'), hmacKey('signature'), aesKey('seal')]);
  const mac = async (key: CryptoKey, text: string) => toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text))));

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
  const passwordKey = (password: string) => aesKey('seal-with-password', encoder.encode(password));

  return {
    receiptHash: (code) => mac(receiptKey, code),
    clientHash: (address) => mac(clientKey, address),
    idempotencyHash: (key) => mac(idemKey, key),
    seal: (plain) => sealWithKey(sealKey, plain),
    open: (sealed) => openWithKey(sealKey, sealed),
    sealWith: async (password, plain) => sealWithKey(await passwordKey(password), plain),
    openWith: async (password, sealed) => openWithKey(await passwordKey(password), sealed),
    sign: (message) => mac(signKey, message),
    verify: async (message, signature) => {
      // One spelling per signature: base64url decoding forgives stray bits and padding.
      if (!/^[A-Za-z0-9_-]{43}$/.test(signature) || toBase64Url(fromBase64Url(signature)) !== signature) return false;
      try {
        return await crypto.subtle.verify('HMAC', signKey, fromBase64Url(signature), encoder.encode(message));
      } catch {
        return false;
      }
    },
  };
}
