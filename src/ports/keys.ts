/**
 * Keyed hashing, sealing and signing, all derived from the site secret.
 * The domain receives this port and never sees a key.
 */
export interface Keys {
  /** Keyed hash of a receipt code: the only form in which a code is stored. */
  receiptHash(code: string): Promise<string>;
  /** The hashes a stored receipt code may have: the current key's first, then a previous secret's during a rotation. */
  receiptHashes(code: string): Promise<string[]>;
  /** Keyed hash of a client address, for rate limits: raw IPs are never stored. */
  clientHash(address: string): Promise<string>;
  /** Keyed hash of an Idempotency-Key header. */
  idempotencyHash(key: string): Promise<string>;
  /** Encrypts text (AES-GCM, random nonce); the result is opaque ASCII. */
  seal(plain: string): Promise<string>;
  /** Decrypts what `seal` produced; throws when tampered or sealed with another key. */
  open(sealed: string): Promise<string>;
  /** Encrypts with a key derived from `password` too (used to keep an answer readable only to whoever holds the idempotency key). */
  sealWith(password: string, plain: string): Promise<string>;
  openWith(password: string, sealed: string): Promise<string>;
  /**
   * Encrypts bytes (an evidence image) under a fresh key of their own, which
   * is itself sealed with `seal`, so a SITE_SECRET rotation keeps them
   * readable; nothing of the result is readable without the site secret.
   */
  sealBytes(plain: Uint8Array): Promise<Uint8Array>;
  /** The bytes `sealBytes` sealed; throws when they are not ours, were changed, or were sealed with another secret. */
  openBytes(sealed: Uint8Array): Promise<Uint8Array>;
  /** HMAC signature of a message, base64url. */
  sign(message: string): Promise<string>;
  /** Constant-time check of a signature made by `sign`. */
  verify(message: string, signature: string): Promise<boolean>;
}
