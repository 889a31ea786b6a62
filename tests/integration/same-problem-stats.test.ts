// 同题反映 in the statistics snapshot, on each store engine: complaints filed
// through "我也遇到了" are counted per bureau and for the city, small counts
// suppressed so that no hidden one can be worked out; complaints still
// waiting for other parents count nowhere.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { parseComplaintInput } from '../../src/domain/complaintInput';
import { fileComplaint } from '../../src/domain/fileComplaint';
import { figureText } from '../../src/domain/suppression';
import { cell, figureOf } from '../../src/domain/statistics';
import { statisticsService } from '../../src/server/services/statistics';
import { cryptoRandom } from '../../src/ports/random';
import { sampleDirectory } from '../support/directory';
import { statsStoreBeside, storeBackends } from '../support/stores';

const rules = { minCount: 5, minGroup: 5 };
const NOW = new Date('2026-12-07T02:00:00Z');

describe.each(storeBackends().filter((b) => b.name !== 'upstash-rest'))('同题反映 in the statistics on $name', (backend) => {
  it('counts the link’s complaints by bureau, suppressed, and no waiting complaint anywhere', async () => {
    const opened = await backend.open();
    const directory = sampleDirectory();
    const keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
    const stats = statsStoreBeside(opened.address);
    try {
      const clock = { now: () => NOW };
      const file = async (school: string, fields: Record<string, string>) => {
        const input = parseComplaintInput({ school, aspect: 'holiday-classes', anonymous: 'true', ...fields }, directory, '2026-12-07');
        if (!input.ok) throw new Error(JSON.stringify(input.errors));
        const filed = await fileComplaint(
          input.value,
          { directory, store: opened.store, keys, clock, random: cryptoRandom },
          {
            address: 'same-stats',
            limit: { max: 1000, windowSeconds: 3600 },
          },
        );
        if (filed.kind !== 'filed') throw new Error(filed.kind);
      };
      // 谯城: one ordinary complaint and 6 through the link (no words: the standard sentence); 蒙城: 2 through the link;
      // 利辛: 2 waiting for a third parent, who never comes.
      await file('qc-xinghe-primary', { description: '学校寒假期间组织全年级学生到校补课。' });
      for (let i = 0; i < 6; i++) await file('qc-xinghe-primary', { same: '1' });
      for (let i = 0; i < 2; i++) await file('mc-yueguang-primary', { same: '1' });
      for (let i = 0; i < 2; i++) await file('lx-ziyun-primary', { same: '1', waitForOthers: 'true', waitEnd: 'alone' });

      const service = statisticsService({ store: opened.store, stats, directory, clock, rules, pageSize: 3 });
      expect(await service.refresh()).toEqual({ computedAt: NOW.toISOString(), complaints: 9 });
      const snapshot = (await service.snapshot())!;
      const text = (id: string) => figureText(figureOf(snapshot, id), rules);
      const scopes = ['city', 'qiaocheng', 'mengcheng', 'lixin', 'guoyang', 'bozhou'];
      expect(Object.fromEntries(scopes.map((s) => [s, text(cell.measure('sameProblem', s))]))).toEqual({
        // 蒙城's 2 is hidden, so one more figure of the line city = bureaus must be: the suppression hides 谯城's.
        city: '8',
        qiaocheng: '不公布',
        mengcheng: '少于 5',
        lixin: '0',
        guoyang: '0',
        bozhou: '0',
      });
      expect(Object.fromEntries(scopes.map((s) => [s, text(cell.measure('received', s))]))).toEqual({
        // 9, not 11: 利辛's two waiting complaints are in no figure.
        city: '9',
        qiaocheng: '不公布',
        mengcheng: '少于 5',
        lixin: '0',
        guoyang: '0',
        bozhou: '0',
      });
    } finally {
      await stats.close();
      await opened.cleanup();
    }
  });
});
