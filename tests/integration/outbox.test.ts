// The development outbox keeps emails in plain files: in a folder of its own
// (not the data folder), readable by its owner only, and never for long.
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTBOX_KEEP_DAYS, outboxMailer } from '../../src/adapters/mail/outboxMailer';

const mail = (key: string) => ({ to: 'jubao@qiaocheng.example', subject: '测试', text: '王女士 13800001234', html: '<p>王女士</p>', idempotencyKey: key });
const DAY = 86_400_000;

describe('the local outbox', () => {
  it(`writes each email once, owner-only, and deletes what is older than ${OUTBOX_KEEP_DAYS} days`, async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'schoolwatch-outbox-')), 'outbox');
    let now = Date.now();
    const outbox = outboxMailer(dir, () => now);
    expect(await outbox.send(mail('complaint.filed/JB-20261201-AAAA0001'))).toEqual({ ok: true, id: 'complaint.filed_JB-20261201-AAAA0001' });
    expect(readdirSync(dir).sort()).toEqual(['complaint.filed_JB-20261201-AAAA0001.html', 'complaint.filed_JB-20261201-AAAA0001.json']);
    expect(statSync(join(dir, 'complaint.filed_JB-20261201-AAAA0001.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);

    now += (OUTBOX_KEEP_DAYS - 1) * DAY;
    await outbox.send(mail('complaint.filed/JB-20261201-AAAA0002'));
    expect(readdirSync(dir)).toHaveLength(4);

    now += 2 * DAY;
    await outbox.send(mail('complaint.filed/JB-20261201-AAAA0003'));
    expect(readdirSync(dir).sort()).toEqual(['complaint.filed_JB-20261201-AAAA0003.html', 'complaint.filed_JB-20261201-AAAA0003.json']);
  });

  it('keeps every email when many are written at once (one send’s clean-up never fails another)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'schoolwatch-outbox-')), 'outbox');
    const outbox = outboxMailer(dir);
    // Started one after another, so that sends overlap at every step of each other's writing.
    const sending: Array<ReturnType<typeof outbox.send>> = [];
    for (let i = 0; i < 200; i++) {
      sending.push(outbox.send(mail(`workspace.signin/@office/${String(i).padStart(4, '0')}`)));
      await new Promise((r) => setImmediate(r));
    }
    const sent = await Promise.all(sending);
    expect(sent.filter((s) => !s.ok)).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.json'))).toHaveLength(200);
    expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });
});
