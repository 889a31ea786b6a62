import { directoryFrom } from '../../src/catalogue/registry';
import { readContent } from './content';
import type { Directory } from '../../src/domain/directory';

/** The domain's view of the sample content. */
export const sampleDirectory = () => directoryFrom(readContent());

/** A two-bureau directory for domain tests that must not depend on the sample content. */
export const smallDirectory = (): Directory => ({
  schools: new Map([['qc-xinghe-primary', { name: '谯城区星河小学（示例）', bureau: 'qiaocheng' }]]),
  aspects: new Map([['holiday-classes', { name: '节假日集体补课', category: 'classes' }]]),
  bureaus: new Map([
    ['qiaocheng', { name: '谯城区教育局', email: 'jubao@qiaocheng.example' }],
    ['guoyang', { name: '涡阳县教育局', email: 'jubao@guoyang.example' }],
  ]),
  deadlines: { acceptDays: 15, resolveDays: 60, extensionDays: 30, reviewDays: 30 },
  retentionDays: 365,
  supervisor: { name: '督导室', email: 'dudao@example.org' },
});
