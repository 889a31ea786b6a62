import { describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { signReceipt, verifyReceipt } from '../../src/domain/receipt';

const SECRET = 'a-site-secret-of-at-least-32-characters!';
const receipt = { reference: 'JB-20261207-AB12CD34', filedOn: '2026-12-07', bureau: 'qiaocheng', acceptBy: '2026-12-22' };

describe('a receipt anyone can verify', () => {
  it('is one line with the reference, the days and the bureau, and no receipt code', async () => {
    const keys = await webCryptoKeys(SECRET);
    const line = await signReceipt(keys, receipt);
    expect(line).toMatch(/^SWR1\.JB-20261207-AB12CD34\.20261207\.qiaocheng\.20261222\.[A-Za-z0-9_-]{43}$/);
    expect(await verifyReceipt(keys, line)).toEqual({ ok: true, receipt });
  });

  it('is found inside the printed block, also when a line break split it', async () => {
    const keys = await webCryptoKeys(SECRET);
    const line = await signReceipt(keys, receipt);
    const printed = `校务监督举报回执\n举报编号：JB-20261207-AB12CD34\n回执编码：${line.slice(0, 40)}\n${line.slice(40)}\n`;
    expect(await verifyReceipt(keys, printed)).toEqual({ ok: true, receipt });
  });

  it('refuses a receipt with any one character changed', async () => {
    const keys = await webCryptoKeys(SECRET);
    const line = await signReceipt(keys, receipt);
    const changed = [
      line.replace('20261222', '20261231'), // a later deadline
      line.replace('20261207.', '20261201.'), // an earlier day
      line.replace('qiaocheng', 'guoyang'), // another bureau
      line.replace('AB12CD34', 'AB12CD35'), // another reference
      line.slice(0, -1) + (line.endsWith('A') ? 'B' : 'A'), // the signature
    ];
    for (const text of changed) expect(await verifyReceipt(keys, text)).toEqual({ ok: false, reason: 'signature' });
  });

  it('refuses a receipt signed by another site, and text without a receipt', async () => {
    const ours = await webCryptoKeys(SECRET);
    const theirs = await webCryptoKeys('another-site-secret-of-32-characters!!');
    expect(await verifyReceipt(ours, await signReceipt(theirs, receipt))).toEqual({ ok: false, reason: 'signature' });
    expect(await verifyReceipt(ours, 'JB-20261207-AB12CD34')).toEqual({ ok: false, reason: 'absent' });
  });
});
