import { describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';

const secret = 'a-test-secret-that-is-long-enough-1234';

describe('keys derived from the site secret', () => {
  it('hash deterministically per purpose, and differently for each purpose', async () => {
    const keys = await webCryptoKeys(secret);
    const code = '7K3M9-Q2PXA-B4RTV-8HJ6N';
    expect(await keys.receiptHash(code)).toBe(await keys.receiptHash(code));
    expect(await keys.receiptHash(code)).not.toBe(await keys.clientHash(code));
    expect(await keys.receiptHash(code)).not.toContain(code);
    expect(await keys.receiptHash(code)).not.toBe(await (await webCryptoKeys(`${secret}x`)).receiptHash(code));
  });

  it('seal and open text, with a fresh nonce each time', async () => {
    const keys = await webCryptoKeys(secret);
    const a = await keys.seal('13800000000');
    const b = await keys.seal('13800000000');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13800000000');
    expect(await keys.open(a)).toBe('13800000000');
  });

  it('refuse a tampered or foreign sealed value', async () => {
    const keys = await webCryptoKeys(secret);
    const sealed = await keys.seal('王女士');
    // One character of the body's first group changed: all six of its bits
    // are data (the last character of base64 may carry unused bits, so
    // changing it can leave the bytes as they were).
    const [version, iv, body] = sealed.split('.') as [string, string, string];
    const tampered = `${version}.${iv}.${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    await expect(keys.open(tampered)).rejects.toThrow();
    await expect((await webCryptoKeys(`${secret}x`)).open(sealed)).rejects.toThrow();
  });

  it('seal with a password that only its holder can open', async () => {
    const keys = await webCryptoKeys(secret);
    const sealed = await keys.sealWith('idem-key-1', '{"receiptCode":"X"}');
    expect(await keys.openWith('idem-key-1', sealed)).toBe('{"receiptCode":"X"}');
    await expect(keys.openWith('idem-key-2', sealed)).rejects.toThrow();
  });

  it('sign and verify', async () => {
    const keys = await webCryptoKeys(secret);
    const signature = await keys.sign('answer|JB-1|qiaocheng|2026-12-01');
    expect(await keys.verify('answer|JB-1|qiaocheng|2026-12-01', signature)).toBe(true);
    expect(await keys.verify('answer|JB-2|qiaocheng|2026-12-01', signature)).toBe(false);
    expect(await keys.verify('answer|JB-1|qiaocheng|2026-12-01', 'not-base64!')).toBe(false);
  });
});

describe('keys during a rotation of the site secret', () => {
  it('seal, hash and sign with the new secret, and still open, verify and find what the previous one made', async () => {
    const [oldSecret, newSecret] = ['o'.repeat(40), 'n'.repeat(40)];
    const before = await webCryptoKeys(oldSecret);
    const rotated = await webCryptoKeys(newSecret, oldSecret);
    const after = await webCryptoKeys(newSecret);
    const sealed = await before.seal('王女士 13800001234');
    expect(await rotated.open(sealed)).toBe('王女士 13800001234');
    await expect(after.open(sealed)).rejects.toThrow();
    expect(await after.open(await rotated.seal('新的'))).toBe('新的');
    const signature = await before.sign('answer|JB-1');
    expect(await rotated.verify('answer|JB-1', signature)).toBe(true);
    expect(await after.verify('answer|JB-1', signature)).toBe(false);
    expect(await rotated.receiptHashes('7K3M9-Q2PXA-B4RTV-8HJ6N')).toEqual([
      await after.receiptHash('7K3M9-Q2PXA-B4RTV-8HJ6N'),
      await before.receiptHash('7K3M9-Q2PXA-B4RTV-8HJ6N'),
    ]);
    expect(await after.receiptHashes('7K3M9-Q2PXA-B4RTV-8HJ6N')).toEqual([await after.receiptHash('7K3M9-Q2PXA-B4RTV-8HJ6N')]);
  });
});
