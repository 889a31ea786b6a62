// The rectification store's contract on each engine: items with their links
// to complaints, listed per bureau, school and complaint, and the "told once"
// mark that keeps a parent from hearing twice that an item was done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RectificationItem } from '../../src/domain/rectification';
import type { RectificationStore } from '../../src/ports/rectificationStore';
import { rectificationEngines } from '../support/rectificationStores';

const item = (over: Partial<RectificationItem> = {}): RectificationItem => ({
  id: 'zg-aaaa0001',
  school: 'qc-xinghe-primary',
  bureau: 'qiaocheng',
  aspect: 'holiday-classes',
  problem: '学校在国庆假期组织六年级集体补课。',
  createdAt: '2026-12-01T02:00:00.000Z',
  createdBy: 'jiandu@qiaocheng.gov.example',
  complaints: ['JB-20261127-AAAA0001'],
  ...over,
});

describe.each(rectificationEngines)('the rectification store over $name', (engine) => {
  let store: RectificationStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await engine.open());
  });
  afterAll(() => cleanup?.());

  it('keeps an item as written with its first complaint, and refuses a second item with its id', async () => {
    expect(await store.create(item())).toBe(true);
    expect(await store.find('zg-aaaa0001')).toEqual(item());
    expect(await store.create(item({ problem: '另一句话' }))).toBe(false);
    expect((await store.find('zg-aaaa0001'))!.problem).toBe('学校在国庆假期组织六年级集体补课。');
    expect(await store.find('zg-none0000')).toBeNull();
  });

  it('links more complaints to one item, once each, in the order linked', async () => {
    expect((await store.link('zg-aaaa0001', 'JB-20261128-AAAA0002'))!.complaints).toEqual(['JB-20261127-AAAA0001', 'JB-20261128-AAAA0002']);
    expect((await store.link('zg-aaaa0001', 'JB-20261127-AAAA0001'))!.complaints).toEqual(['JB-20261127-AAAA0001', 'JB-20261128-AAAA0002']);
    expect(await store.link('zg-none0000', 'JB-20261128-AAAA0002')).toBeNull();
    expect((await store.ofComplaint('JB-20261128-AAAA0002')).map((i) => i.id)).toEqual(['zg-aaaa0001']);
  });

  it('lists items per bureau and per school newest first, and per complaint in the order linked', async () => {
    await store.create(item({ id: 'zg-bbbb0002', createdAt: '2026-12-02T02:00:00.000Z', aspect: 'homework', problem: '三年级作业时长超标。' }));
    await store.create(
      item({ id: 'zg-cccc0003', school: 'gy-qinghe-primary', bureau: 'guoyang', createdAt: '2026-12-03T02:00:00.000Z', complaints: ['JB-20261129-AAAA0003'] }),
    );
    await store.link('zg-bbbb0002', 'JB-20261127-AAAA0001');
    expect((await store.ofBureau('qiaocheng')).map((i) => i.id)).toEqual(['zg-bbbb0002', 'zg-aaaa0001']);
    expect((await store.ofSchool('qc-xinghe-primary')).map((i) => i.id)).toEqual(['zg-bbbb0002', 'zg-aaaa0001']);
    expect((await store.ofSchool('gy-qinghe-primary')).map((i) => [i.id, i.complaints])).toEqual([['zg-cccc0003', ['JB-20261129-AAAA0003']]]);
    expect((await store.ofComplaint('JB-20261127-AAAA0001')).map((i) => i.id)).toEqual(['zg-aaaa0001', 'zg-bbbb0002']);
    expect(await store.ofBureau('lixin')).toEqual([]);
    expect(await store.ofComplaint('JB-20261130-AAAA0009')).toEqual([]);
  });

  it('marks a parent told once per item: true the first time, false after', async () => {
    expect(await store.toldOf('zg-aaaa0001')).toEqual([]);
    expect(await store.markTold('zg-aaaa0001', 'JB-20261127-AAAA0001')).toBe(true);
    expect(await store.markTold('zg-aaaa0001', 'JB-20261127-AAAA0001')).toBe(false);
    expect(await store.markTold('zg-aaaa0001', 'JB-20261128-AAAA0002')).toBe(true);
    expect(await store.markTold('zg-bbbb0002', 'JB-20261127-AAAA0001')).toBe(true);
    expect(await store.toldOf('zg-aaaa0001')).toEqual(['JB-20261127-AAAA0001', 'JB-20261128-AAAA0002']);
  });
});
