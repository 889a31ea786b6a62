import { describe, expect, it } from 'vitest';
import { noticeSchema } from '../../src/catalogue/schemas/notices';
import { bureauSchema, schoolSchema } from '../../src/catalogue/schemas/organisations';
import { settingsSchema } from '../../src/catalogue/schemas/settings';
import { isCalendarDate } from '../../src/catalogue/schemas/primitives';
import { readContent } from '../support/content';

/** The first issue as `path: message`, the way the build shows it. */
function firstIssue(
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } },
  value: unknown,
) {
  const result = schema.safeParse(value);
  if (result.success) return 'ok';
  const issue = result.error!.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

const row = {
  problem: '课后服务默认勾选',
  source: '举报',
  aspect: 'compulsory-after-school',
  measure: '家长自愿勾选',
  responsible: '德育处',
  deadline: '2024-09-15',
  status: '整改中',
};
const rectification = {
  kind: 'rectification',
  title: '整改公示',
  publishedOn: '2024-07-10',
  phase: 'self-inspection',
  summary: '摘要',
  school: 'qc-xinghe-primary',
  ledger: [row],
};

describe('notice schema', () => {
  it.each([
    ['a valid rectification notice', rectification, 'ok'],
    ['an unquoted YAML date (a Date object)', { ...rectification, publishedOn: new Date('2024-07-10T00:00:00Z') }, 'ok'],
    [
      'a date that does not exist',
      { ...rectification, publishedOn: '2024-13-45' },
      'publishedOn: “2024-13-45”不是有效日期：格式应为 YYYY-MM-DD，例如 2024-05-10',
    ],
    ['a date in Chinese', { ...rectification, publishedOn: '7月10日' }, 'publishedOn: “7月10日”不是有效日期：格式应为 YYYY-MM-DD，例如 2024-05-10'],
    ['a missing date', { ...rectification, publishedOn: undefined }, 'publishedOn: 应为日期，格式 YYYY-MM-DD，例如 2024-05-10'],
    ['an unknown ledger status', { ...rectification, ledger: [{ ...row, status: '已完成' }] }, 'ledger.0.status: 整改进展应为 已整改、整改中、未启动 之一'],
    ['an unknown ledger source', { ...rectification, ledger: [{ ...row, source: '媒体' }] }, 'ledger.0.source: 问题来源应为 自查、督查、举报 之一'],
    [
      'a bad deadline',
      { ...rectification, ledger: [{ ...row, deadline: '2024-02-30' }] },
      'ledger.0.deadline: “2024-02-30”不是有效日期：格式应为 YYYY-MM-DD，例如 2024-05-10',
    ],
    ['an empty deadline', { ...rectification, ledger: [{ ...row, deadline: '' }] }, 'ledger.0.deadline: 请填写日期，格式 YYYY-MM-DD，例如 2024-05-10'],
    ['an empty ledger', { ...rectification, ledger: [] }, 'ledger: 整改公示至少要有一行整改台账（ledger）'],
    ['an unknown kind', { ...rectification, kind: 'press-release' }, 'kind: kind 应为 self-inspection、rectification、bulletin、exposure、announcement 之一'],
    ['an empty title', { ...rectification, title: '  ' }, 'title: 标题不能为空'],
    [
      'a school id with capitals',
      { ...rectification, school: 'QC-School' },
      'school: 编号只能用小写字母、数字和连字符，以字母开头，例如 qiaocheng-shiyan-primary',
    ],
    [
      'an exposure without findings',
      { kind: 'exposure', title: 't', publishedOn: '2024-11-01', phase: 'inspection', summary: 's', bureau: 'qiaocheng', findings: [] },
      'findings: 曝光至少要写明一条查实问题（findings）',
    ],
    [
      'a bulletin with an unknown sanction',
      {
        kind: 'bulletin',
        title: 't',
        publishedOn: '2024-11-01',
        phase: 'inspection',
        summary: 's',
        bureau: 'qiaocheng',
        findings: [{ school: 'a-school', aspect: 'homework', finding: 'f', sanction: '罚款' }],
      },
      'findings.0.sanction: 处理方式应为 通报批评、黄牌警告、限期整改、追责问责、约谈 之一',
    ],
    [
      'a self-inspection score over 100',
      { kind: 'self-inspection', title: 't', publishedOn: '2024-07-01', phase: 'self-inspection', summary: 's', school: 'a-school', selfScore: 120 },
      'selfScore: Too big: expected number to be <=100',
    ],
  ])('%s', (_name, value, expected) => {
    expect(firstIssue(noticeSchema, value)).toBe(expected);
  });

  it('normalises dates to YYYY-MM-DD and fills defaults', () => {
    const parsed = noticeSchema.parse({ ...rectification, publishedOn: new Date('2024-07-10T00:00:00Z') });
    expect(parsed.publishedOn).toBe('2024-07-10');
    expect(parsed.aspects).toEqual([]);
    expect(parsed.sample).toBe(false);
  });
});

describe('school and bureau schemas', () => {
  const school = { id: 'qc-xinghe-primary', name: '星河小学', level: '小学', bureau: 'qiaocheng', address: '示例路 1 号' };
  const bureau = {
    id: 'qiaocheng',
    name: '谯城区教育局',
    division: '谯城区',
    divisionCode: '341602',
    level: 'county',
    email: 'a@b.example',
    phone: '0558-0000000',
    hours: '工作日',
    address: '示例街',
  };
  it.each([
    [schoolSchema, school, 'ok'],
    [schoolSchema, { ...school, level: '高中' }, 'level: 学段应为 小学、初中、九年一贯制 之一'],
    [schoolSchema, { ...school, id: '12345' }, 'id: 编号只能用小写字母、数字和连字符，以字母开头，例如 qiaocheng-shiyan-primary'],
    [schoolSchema, { ...school, aliases: ['星河小', '星河路小学'] }, 'ok'],
    [schoolSchema, { ...school, aliases: '三中' }, 'aliases: 别名（aliases）应写成列表，例如 [三中, 亳州三中]'],
    [schoolSchema, { ...school, aliases: ['三中', ' '] }, 'aliases.1: 学校别名不能为空'],
    [schoolSchema, { ...school, aliases: ['三中', '三中'] }, 'aliases: 别名（aliases）中有重复的名称'],
    [bureauSchema, bureau, 'ok'],
    [bureauSchema, { ...bureau, divisionCode: 341602 }, 'divisionCode: 行政区划代码应写成带引号的文字，例如 "341602"'],
    [bureauSchema, { ...bureau, email: 'not-an-email' }, 'email: 应为电子邮箱地址，例如 complaints@qiaocheng.edu.example'],
    [bureauSchema, { ...bureau, level: 'province' }, 'level: level 应为 city（市级）或 county（县区级）'],
  ] as const)('%#: %o', (schema, value, expected) => {
    expect(firstIssue(schema, value)).toBe(expected);
  });
});

describe('settings schema', () => {
  const settings = readContent().settings;
  it('fills the legal clocks by default', () => {
    const { deadlines: _omit, ...rest } = settings;
    expect(settingsSchema.parse({ ...rest, deadlines: {} }).deadlines).toEqual({ acceptDays: 15, resolveDays: 60, extensionDays: 30, reviewDays: 30 });
  });
  it('refuses phases out of order', () => {
    const phases = [...settings.campaign.phases].reverse();
    expect(firstIssue(settingsSchema, { ...settings, campaign: { ...settings.campaign, phases } })).toBe('campaign.phases.1.startsOn: 阶段应按时间先后排列');
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-04-31', false],
    ['2024-4-1', false],
    ['', false],
  ])('%s → %s', (text, expected) => expect(isCalendarDate(text)).toBe(expected));
});
