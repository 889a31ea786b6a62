// The open-data files and public answers as a reader gets them: CSV that
// Excel opens (BOM, quoting, CRLF), and public answers that carry nothing of
// the parent's.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/server/services/openData';
import { publicAnswerOf } from '../../src/domain/publicAnswers';
import type { ComplaintRecord } from '../../src/domain/complaint';
import { complaintRecord } from '../support/complaintRecord';

describe('toCsv', () => {
  it('starts with a UTF-8 byte-order mark, quotes what needs it and ends lines with CRLF', () => {
    const csv = toCsv({
      id: 'x',
      title: 't',
      description: 'd',
      columns: [
        { id: 'school_name', description: '' },
        { id: 'complaints', description: '' },
        { id: 'suppressed', description: '' },
      ],
      rows: [
        { school_name: '星河小学，东校区', complaints: 12, suppressed: '' },
        { school_name: 'Lanxi School, East', complaints: 0, suppressed: '' },
        { school_name: '“示例”学校 "A"', complaints: null, suppressed: '少于 5' },
        { school_name: '一行\n两行', complaints: 1, suppressed: '回车\r' },
      ],
    });
    expect(csv).toBe(
      '\uFEFFschool_name,complaints,suppressed\r\n星河小学，东校区,12,\r\n"Lanxi School, East",0,\r\n"“示例”学校 ""A""",,少于 5\r\n"一行\n两行",1,"回车\r"\r\n',
    );
  });
});

describe('publicAnswerOf', () => {
  const record = complaintRecord({
    reference: 'JB-20261101-AAAA0001',
    anonymous: false,
    contactConsent: true,
    notifyParent: true,
    sealed: 'v1.sealed-description-and-contact',
    status: 'resolved',
    filedAt: '2026-11-01T02:00:00.000Z',
    acceptBy: '2026-11-16',
    history: [
      { at: '2026-11-01T02:00:00.000Z', type: 'filed', bureau: 'qiaocheng' },
      { at: '2026-11-03T02:00:00.000Z', type: 'accepted', bureau: 'qiaocheng' },
      { at: '2026-11-20T02:00:00.000Z', type: 'resolved', bureau: 'qiaocheng', note: '已责令整改。' },
      { at: '2026-11-22T02:00:00.000Z', type: 'disputed', bureau: 'qiaocheng', sealedNote: 'v1.sealed-parent-words' },
      { at: '2026-11-30T16:30:00.000Z', type: 'resolved', bureau: 'qiaocheng', note: '复查后通报批评。' },
    ],
    publishAnswer: true,
  });

  it('copies the school, problem type, days and the bureau’s answers only', () => {
    expect(publicAnswerOf(record)).toEqual({
      id: 'JB-20261101-AAAA0001',
      school: 'qc-xinghe-primary',
      aspect: 'homework',
      bureau: 'qiaocheng',
      filedOn: '2026-11-01',
      answers: [
        { on: '2026-11-20', at: '2026-11-20T02:00:00.000Z', text: '已责令整改。' },
        { on: '2026-12-01', at: '2026-11-30T16:30:00.000Z', text: '复查后通报批评。' },
      ],
    });
    expect(JSON.stringify(publicAnswerOf(record))).not.toMatch(/sealed|hash|contact/);
  });

  it('carries each answer’s finding where it stated one', () => {
    const history = record.history.map((e) => (e.type === 'resolved' && e.note === '复查后通报批评。' ? { ...e, finding: 'partly' as const } : e));
    expect(publicAnswerOf({ ...record, history, finding: 'partly' })!.answers).toEqual([
      { on: '2026-11-20', at: '2026-11-20T02:00:00.000Z', text: '已责令整改。' },
      { on: '2026-12-01', at: '2026-11-30T16:30:00.000Z', text: '复查后通报批评。', finding: 'partly' },
    ]);
  });

  it('is null without the parent’s consent or before an answer', () => {
    const { publishAnswer: _, ...withoutConsent } = record;
    expect(publicAnswerOf(withoutConsent)).toBeNull();
    expect(publicAnswerOf({ ...record, history: record.history.slice(0, 2) })).toBeNull();
  });
});
