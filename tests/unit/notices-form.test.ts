// The notice forms' fields without JavaScript (rows added and removed by
// buttons, answers kept), a self-inspection written into its body and read
// back, and the accounts content gives (who may sign in, as whom).
import { describe, expect, it } from 'vitest';
import { draftInput, fieldsOf, readSelfInspection, reshape } from '../../src/domain/notices/form';
import { accountsFrom, fromSessionKey, sessionKey } from '../../src/domain/accounts';

const aspects = new Map([
  ['homework', { name: '作业总量和时长超标' }],
  ['fees', { name: '课后服务违规收费' }],
]);

describe('rows without JavaScript', () => {
  it('"再加一行" adds an empty row after the answers, which are kept', () => {
    const fields = { title: '整改公示', rows: '1', 'ledger-0-problem': '作业超时', 'ledger-0-item': 'row-3' };
    expect(reshape(fields, 'add-row')).toEqual({
      title: '整改公示',
      rows: '2',
      'ledger-0-problem': '作业超时',
      'ledger-0-item': 'row-3',
      ...Object.fromEntries(['source', 'aspect', 'measure', 'responsible', 'deadline', 'status'].map((f) => [`ledger-0-${f}`, ''])),
      ...Object.fromEntries(['item', 'problem', 'source', 'aspect', 'measure', 'responsible', 'deadline', 'status'].map((f) => [`ledger-1-${f}`, ''])),
    });
  });

  it('"删除第 1 项" removes that row and moves the next up, its id with it', () => {
    const fields = { rows: '2', 'ledger-0-problem': '甲', 'ledger-1-problem': '乙', 'ledger-1-item': 'row-2' };
    const after = reshape(fields, 'remove-row-0')!;
    expect([after.rows, after['ledger-0-problem'], after['ledger-0-item'], after['ledger-1-problem']]).toEqual(['1', '乙', 'row-2', undefined]);
  });

  it('any other button is not a reshaping', () => {
    expect(reshape({}, 'save')).toBeUndefined();
  });
});

describe('a self-inspection', () => {
  const fields = {
    title: '自查报告',
    summary: '摘要',
    phase: 'self-inspection',
    method: '校长牵头自查。',
    'check-homework': 'found',
    'note-homework': '三年级作业超时。',
    'check-fees': 'none',
    arrangements: '每月检查一次。',
  };

  it('is written into the body with the channels from content, its found aspects listed', () => {
    const { input, errors } = draftInput('self-inspection', fields, { aspects, channels: ['本站在线举报：https://x.example/report/'] });
    expect(errors).toEqual({});
    expect(input.aspects).toEqual(['homework']);
    expect(input.body).toBe(
      '# 自查方式\n\n校长牵头自查。\n\n# 逐项自查结果\n\n- 作业总量和时长超标：发现问题。三年级作业超时。\n- 课后服务违规收费：未发现问题\n\n# 长效机制\n\n每月检查一次。\n\n# 举报渠道\n\n- 本站在线举报：https://x.example/report/',
    );
  });

  it('is read back from its body to be edited', () => {
    const { input } = draftInput('self-inspection', fields, { aspects, channels: ['渠道'] });
    expect(readSelfInspection(input.body as string, aspects)).toEqual({
      method: '校长牵头自查。',
      arrangements: '每月检查一次。',
      'check-homework': 'found',
      'note-homework': '三年级作业超时。',
      'check-fees': 'none',
    });
  });

  it('asks for every aspect, and for a sentence where a problem was found', () => {
    const { errors } = draftInput('self-inspection', { 'check-homework': 'found' }, { aspects, channels: [] });
    expect(errors).toEqual({
      method: '请说明学校是怎样自查的',
      'note-homework': '请用一句话写明“作业总量和时长超标”发现的问题',
      'check-fees': '请选择“课后服务违规收费”的自查结果',
    });
  });

  it('a ledger goes back into the form with its rows’ ids', () => {
    const row = {
      item: 'row-1',
      problem: '甲',
      source: '自查' as const,
      aspect: 'homework',
      measure: '乙',
      responsible: '教务处',
      deadline: '2026-12-31',
      status: '整改中' as const,
    };
    const back = fieldsOf('rectification', { title: 't', summary: 's', phase: 'p', aspects: [], body: '', ledger: [row] }, aspects);
    expect([back.rows, back['ledger-0-item'], back['ledger-0-deadline']]).toEqual(['1', 'row-1', '2026-12-31']);
  });
});

describe('accounts', () => {
  const content = {
    bureaus: [{ id: 'qiaocheng', name: '谯城区教育局', email: 'jubao@q.example', officers: [{ email: 'a@q.example', name: '周科长', role: '科长' }] }],
    schools: [
      { id: 'xinghe', name: '星河小学', officers: [{ email: 'li@x.example', name: '李老师', role: '主任' }] },
      { id: 'none', name: '无人小学', officers: [] },
    ],
    supervisor: { name: '督导办', email: 'dudao@example.org', officers: [] },
  };

  it('lists bureaus with their own address first, the office, and only schools with registered people', () => {
    expect(accountsFrom(content).map((b) => [b.id, b.people.map((p) => p.email)])).toEqual([
      ['qiaocheng', ['jubao@q.example', 'a@q.example']],
      ['@office', ['dudao@example.org']],
      ['school:xinghe', ['li@x.example']],
    ]);
  });

  it('a session names its person; a key from before people were registered names the body’s own address; an address no longer registered names no one', () => {
    const bodies = accountsFrom(content);
    expect(fromSessionKey(sessionKey(bodies[0]!, bodies[0]!.people[1]!), bodies)?.person.name).toBe('周科长');
    expect(fromSessionKey('qiaocheng', bodies)?.person.email).toBe('jubao@q.example');
    expect(fromSessionKey('qiaocheng gone@q.example', bodies)).toBeUndefined();
    expect(fromSessionKey('school:none li@x.example', bodies)).toBeUndefined();
  });
});
