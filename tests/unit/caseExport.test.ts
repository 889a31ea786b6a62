// The bureau's CSV export (src/domain/caseExport.ts) on a fixed "today":
// dates as YYYY-MM-DD and days as numbers, so that Excel sorts them; the rows
// are written out by hand.
import { describe, expect, it } from 'vitest';
import { caseloadCsv, type OpenedRecord } from '../../src/domain/caseExport';
import type { ComplaintRecord } from '../../src/domain/complaint';
import { smallDirectory } from '../support/directory';

const TODAY = '2026-03-20';

function opened(reference: string, over: Partial<ComplaintRecord>, description: string, contact?: OpenedRecord['hidden']['contact']): OpenedRecord {
  const record: ComplaintRecord = {
    reference,
    receiptHash: 'h',
    school: 'qc-xinghe-primary',
    aspect: 'holiday-classes',
    anonymous: true,
    contactConsent: false,
    notifyParent: false,
    sealed: 's',
    bureau: 'qiaocheng',
    status: 'submitted',
    filedAt: '2026-03-01T17:00:00.000Z',
    acceptBy: '2026-03-16',
    extended: false,
    history: [],
    ...over,
  };
  return { record, hidden: { description, ...(contact ? { contact } : {}) } };
}

describe('the caseload CSV', () => {
  it('writes dates as YYYY-MM-DD and the days left as a number, negative once overdue, under Chinese headers', () => {
    const csv = caseloadCsv(
      [
        opened('JB-20260302-AAAAAAA1', {}, '周六补课。'),
        opened(
          'JB-20260310-AAAAAAA2',
          { status: 'accepted', filedAt: '2026-03-10T02:00:00.000Z', resolveBy: '2026-05-19', occurredOn: '2026-03-07' },
          '暑假补课。',
        ),
        opened(
          'JB-20260105-AAAAAAA3',
          {
            status: 'resolved',
            filedAt: '2026-01-05T02:00:00.000Z',
            resolveBy: '2026-03-01',
            anonymous: false,
            contactConsent: true,
            channel: 'phone',
            finding: 'partly',
          },
          '收费。',
          {
            name: '张三',
            phone: '13800000000',
          },
        ),
      ],
      smallDirectory(),
      TODAY,
    );
    expect(csv.split('\r\n')).toEqual([
      '\uFEFF"举报编号","提交日期","来源渠道","学校","问题类型","状态","查实情况","期限类型","下一期限","剩余天数（负数为已逾期）","发生日期","举报内容","举报人姓名","举报人电话","举报人邮箱"',
      // Filed at 01:00 on 2 March, China time.
      '"JB-20260302-AAAAAAA1","2026-03-02","网上","谯城区星河小学（示例）","节假日集体补课","待受理","","受理期限","2026-03-16","-4","","周六补课。","","",""',
      '"JB-20260310-AAAAAAA2","2026-03-10","网上","谯城区星河小学（示例）","节假日集体补课","办理中","","办理期限","2026-05-19","60","2026-03-07","暑假补课。","","",""',
      '"JB-20260105-AAAAAAA3","2026-01-05","电话","谯城区星河小学（示例）","节假日集体补课","已答复","部分属实","","","","","收费。","张三","13800000000",""',
      '',
    ]);
  });

  it.each([
    ['letter', 'substantiated', '来信', '属实'],
    ['visit', 'unfounded', '来访', '不属实'],
    ['hotline', 'unverifiable', '12345', '无法核实'],
  ] as const)('the %s channel and the %s finding read %s and %s', (channel, finding, channelWord, findingWord) => {
    const csv = caseloadCsv([opened('JB-20260105-AAAAAAA4', { status: 'resolved', channel, finding }, '收费。')], smallDirectory(), TODAY);
    const cells = csv.split('\r\n')[1]!.split('","');
    expect([cells[2], cells[6]]).toEqual([channelWord, findingWord]);
  });
});
