// Fixtures for the notices domain and store: a two-bureau directory, the
// bodies that act, and drafts of each kind as a form would send them.
import type { NoticeContext } from '../../src/domain/notices/machine';
import type { NoticeActor } from '../../src/domain/notices/model';

export const noticeDirectory = {
  schools: new Map([
    ['qc-xinghe-primary', { name: '谯城区星河小学（示例）', bureau: 'qiaocheng' }],
    ['qc-yuehu-middle', { name: '谯城区月湖中学（示例）', bureau: 'qiaocheng' }],
    ['gy-chengdong-primary', { name: '涡阳县城东小学（示例）', bureau: 'guoyang' }],
  ]),
  aspects: new Map([
    ['holiday-classes', { name: '节假日集体补课', category: 'classes' }],
    ['homework-load', { name: '作业总量和时长超标', category: 'teaching' }],
  ]),
  bureaus: new Map([
    ['qiaocheng', { name: '谯城区教育局', email: 'jubao@qiaocheng.example' }],
    ['guoyang', { name: '涡阳县教育局', email: 'jubao@guoyang.example' }],
  ]),
};

export const xinghe: NoticeActor = { body: { kind: 'school', school: 'qc-xinghe-primary' }, address: 'bangongshi@xinghe.example' };
export const yuehu: NoticeActor = { body: { kind: 'school', school: 'qc-yuehu-middle' } };
export const chengdong: NoticeActor = { body: { kind: 'school', school: 'gy-chengdong-primary' } };
export const qiaocheng: NoticeActor = { body: { kind: 'bureau', bureau: 'qiaocheng' }, address: 'jijiao@qiaocheng.example' };
export const guoyang: NoticeActor = { body: { kind: 'bureau', bureau: 'guoyang' } };
export const office: NoticeActor = { body: { kind: 'office' }, address: 'dudao@example.org' };

/** The context of a step at `at`, approval required unless said otherwise. */
export const context = (at: string, approvalRequired = true): NoticeContext => ({ directory: noticeDirectory, settings: { approvalRequired }, at });

export const row = (problem: string, extra: Record<string, unknown> = {}) => ({
  problem,
  source: '自查',
  aspect: 'holiday-classes',
  measure: '停止周六集体补课，向家长说明',
  responsible: '教务处',
  deadline: '2026-12-31',
  status: '整改中',
  ...extra,
});

export const rectificationInput = (extra: Record<string, unknown> = {}) => ({
  title: '星河小学整改公示',
  summary: '自查发现两个问题，正在整改。',
  phase: 'self-correction',
  aspects: ['holiday-classes'],
  body: '## 整改情况\n学校对照清单逐项自查。\n\n- 停止补课\n- 公开作业时长',
  ledger: [row('周六组织六年级集体补课'), row('三年级书面作业超时', { aspect: 'homework-load', source: '举报' })],
  ...extra,
});

export const selfInspectionInput = (extra: Record<string, unknown> = {}) => ({
  title: '月湖中学自查报告',
  summary: '对照十五个方面逐项自查。',
  phase: 'self-correction',
  body: '学校成立自查工作组。',
  selfScore: 92,
  ...extra,
});

export const bulletinInput = (extra: Record<string, unknown> = {}) => ({
  title: '谯城区第一期督查通报',
  summary: '十二月上旬明察暗访情况。',
  phase: 'inspection',
  body: '区教育局对辖区学校开展明察暗访。',
  findings: [{ school: 'qc-xinghe-primary', aspect: 'holiday-classes', finding: '周六组织集体补课', sanction: '限期整改' }],
  ...extra,
});
