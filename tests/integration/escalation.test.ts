// A parent asks the city office to supervise an overdue complaint (请上级督办),
// on SQLite and on Redis: allowed only past the deadline and once per
// deadline; the office's email and the bureau's go out once each, the office's
// without the complaint's text or anything about the parent.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { parseComplaintInput } from '../../src/domain/complaintInput';
import { dispatchDue } from '../../src/domain/dispatch';
import { fileComplaint } from '../../src/domain/fileComplaint';
import { publicView } from '../../src/domain/publicView';
import { applyAction } from '../../src/domain/status';
import type { Keys } from '../../src/ports/keys';
import { cryptoRandom } from '../../src/ports/random';
import { sampleDirectory } from '../support/directory';
import { dispatchToMemory } from '../support/memoryDispatch';
import { storeBackends } from '../support/stores';

const directory = sampleDirectory();
const DESCRIPTION = '学校寒假期间组织全年级学生到校补课，每人收费五百元。';
let keys: Keys;
beforeAll(async () => {
  keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
});

describe.each(storeBackends().filter((b) => b.name !== 'upstash-rest'))('请上级督办 on $name', (backend) => {
  it('is refused in time, taken once when overdue, and each email goes out once', async () => {
    const opened = await backend.open();
    try {
      let now = new Date('2026-12-01T02:00:00Z');
      const clock = { now: () => now };
      const { deps, sent } = dispatchToMemory({ store: opened.store, keys, directory, clock });
      const input = parseComplaintInput(
        {
          school: 'qc-xinghe-primary',
          aspect: 'holiday-classes',
          description: DESCRIPTION,
          anonymous: false,
          name: '赵先生',
          phone: '13811112222',
          contactConsent: true,
        },
        directory,
        '2026-12-01',
      );
      if (!input.ok) throw new Error('input');
      const filed = await fileComplaint(
        input.value,
        { directory, store: opened.store, keys, clock, random: cryptoRandom },
        { address: '10.3.3.3', limit: { max: 100, windowSeconds: 3600 } },
      );
      if (filed.kind !== 'filed') throw new Error(filed.kind);
      const { reference, acceptBy } = filed.answer;
      expect(acceptBy).toBe('2026-12-16');
      await dispatchDue(deps);
      sent.length = 0;

      const escalate = async () => {
        const record = (await opened.store.byReference(reference))!;
        const outcome = applyAction(record, { type: 'escalate' }, { kind: 'parent' }, now, directory);
        if (outcome.ok) await opened.store.saveChange({ before: record, after: outcome.record, jobs: outcome.jobs, retentionSeconds: 86_400 });
        return outcome.ok ? 'ok' : outcome.error;
      };
      now = new Date('2026-12-16T10:00:00Z'); // the last day to accept: not yet overdue
      expect(await escalate()).toBe('还没有超过办理期限，暂时不能请求督办');
      now = new Date('2026-12-19T02:00:00Z');
      expect(await escalate()).toBe('ok');
      expect(await escalate()).toBe('您已经请求过督办，市督导部门正在督办');
      expect(publicView((await opened.store.byReference(reference))!, directory, '2026-12-19')).toMatchObject({ overdue: 'accept', underSupervision: true });

      await dispatchDue(deps);
      await dispatchDue(deps);
      expect(sent.map((m) => [m.to, m.subject])).toEqual([
        ['dudao@bozhou.example', `【家长请求督办】${reference}：谯城区教育局逾期未受理`],
        [directory.bureaus.get('qiaocheng')!.email, `【举报人请求上级督办】${reference}：已超过法定期限，市督导部门已收到`],
      ]);
      const office = sent[0]!;
      expect(office.text).toContain('已逾期：3 天');
      for (const secret of [DESCRIPTION, '赵先生', '13811112222']) expect(office.text + office.html).not.toContain(secret);
    } finally {
      await opened.cleanup();
    }
  });
});
