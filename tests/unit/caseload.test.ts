// The caseload's rows, filters, pages and counts (src/domain/caseload.ts) as
// tables on a fixed "today", and the audit trail's absence from the parent's
// view. Expected values are written out by hand.
import { describe, expect, it } from 'vitest';
import { bureauCounts, caseRow, daysLeftText, matchesFilter, pageOf, parseCaseFilter, type CaseFilter } from '../../src/domain/caseload';
import type { ComplaintRecord } from '../../src/domain/complaint';
import { complaintRecord } from '../support/complaintRecord';
import { publicView } from '../../src/domain/publicView';
import { smallDirectory } from '../support/directory';

const directory = smallDirectory();
const TODAY = '2026-03-20';

const record = (reference: string, over: Partial<ComplaintRecord> = {}): ComplaintRecord =>
  complaintRecord({ reference, aspect: 'holiday-classes', filedAt: '2026-03-01T02:00:00.000Z', acceptBy: '2026-03-16', ...over });

// Today is 20 March.
const RECORDS = {
  overdueAccept: record('JB-20260301-AAAAAAA1'), // accept by 16 March: 4 days over
  dueToday: record('JB-20260305-AAAAAAA2', { acceptBy: '2026-03-20' }),
  dueIn3: record('JB-20260308-AAAAAAA3', { status: 'accepted', acceptBy: '2026-03-23', resolveBy: '2026-03-23' }),
  dueIn4: record('JB-20260309-AAAAAAA4', { acceptBy: '2026-03-24' }),
  disputedOverdue: record('JB-20260201-AAAAAAA5', { status: 'disputed', resolveBy: '2026-03-19' }),
  resolved: record('JB-20260101-AAAAAAA6', { status: 'resolved', resolveBy: '2026-03-01', aspect: 'unsure' }),
};

describe('a caseload row', () => {
  it.each([
    ['overdueAccept', '待受理', { kind: 'accept', by: '2026-03-16' }, -4, '逾期 4 天'],
    ['dueToday', '待受理', { kind: 'accept', by: '2026-03-20' }, 0, '今天到期'],
    ['dueIn3', '办理中', { kind: 'resolve', by: '2026-03-23' }, 3, '剩 3 天'],
    ['disputedOverdue', '有异议，待复核', { kind: 'resolve', by: '2026-03-19' }, -1, '逾期 1 天'],
    ['resolved', '已答复', undefined, undefined, ''],
  ] as const)('%s: %s, deadline %o, %s days left (%s)', (name, label, deadline, daysLeft, text) => {
    const row = caseRow(RECORDS[name], directory, TODAY);
    expect(row.statusLabel).toBe(label);
    expect(row.deadline).toEqual(deadline);
    expect(row.daysLeft).toBe(daysLeft);
    expect(daysLeftText(row)).toBe(text);
  });

  it('names the school and the kind of problem, or says the parent was unsure', () => {
    expect(caseRow(RECORDS.dueToday, directory, TODAY)).toMatchObject({ school: { name: '谯城区星河小学（示例）' }, aspect: { name: '节假日集体补课' } });
    expect(caseRow(RECORDS.resolved, directory, TODAY).aspect.name).toBe('不确定属于哪一类');
  });
});

describe('the caseload filter', () => {
  const choices = { schools: new Set(['qc-xinghe-primary']), aspects: new Set(['holiday-classes', 'unsure']) };
  it.each([
    ['due=overdue', { due: 'overdue' }, ['overdueAccept', 'disputedOverdue']],
    ['due=soon', { due: 'soon' }, ['dueToday', 'dueIn3']],
    ['status=submitted', { status: 'submitted' }, ['overdueAccept', 'dueToday', 'dueIn4']],
    ['status=submitted&due=overdue', { status: 'submitted', due: 'overdue' }, ['overdueAccept']],
    ['aspect=unsure', { aspect: 'unsure' }, ['resolved']],
    ['school=qc-xinghe-primary', { school: 'qc-xinghe-primary' }, Object.keys(RECORDS)],
    ['status=nonsense&school=elsewhere&due=later', {}, Object.keys(RECORDS)],
    ['', {}, Object.keys(RECORDS)],
  ] as const)('?%s', (query, filter, names) => {
    const parsed = parseCaseFilter(new URLSearchParams(query), choices);
    expect(parsed).toEqual(filter);
    const kept = Object.entries(RECORDS).filter(([, r]) => matchesFilter(caseRow(r, directory, TODAY), parsed as CaseFilter));
    expect(kept.map(([n]) => n)).toEqual(names);
  });
});

describe('pages of the caseload', () => {
  const items = Array.from({ length: 45 }, (_, i) => i + 1);
  it.each([
    [1, 1, 3, [1, 20]],
    [3, 3, 3, [41, 45]],
    [9, 3, 3, [41, 45]],
    [0, 1, 3, [1, 20]],
    [Number.NaN, 1, 3, [1, 20]],
  ])('page %s → page %s of %s, items %o', (asked, current, last, [first, end]) => {
    const page = pageOf(items, asked);
    expect([page.currentPage, page.lastPage, page.items[0], page.items.at(-1)]).toEqual([current, last, first, end]);
  });
  it('has one empty page when there is nothing', () => expect(pageOf([], 1)).toEqual({ items: [], currentPage: 1, lastPage: 1 }));
});

describe('the office’s counts', () => {
  it('counts open, overdue and disputed', () => {
    expect(bureauCounts(Object.values(RECORDS), TODAY)).toEqual({ open: 5, overdue: 2, disputed: 1 });
    expect(bureauCounts([], TODAY)).toEqual({ open: 0, overdue: 0, disputed: 0 });
  });
});

describe('the audit trail', () => {
  it('never reaches the parent’s view', () => {
    const audited = record('JB-20260301-AAAAAAA9', {
      audit: [{ at: '2026-03-02T02:00:00.000Z', body: 'qiaocheng', action: 'accept', via: 'workspace', session: 'Sess10Char' }],
    });
    const view = JSON.stringify(publicView(audited, directory, TODAY));
    expect(view).not.toContain('audit');
    expect(view).not.toContain('Sess10Char');
    expect(view).not.toContain('workspace');
  });
});
