// The three emails of src/domain/emails: to the bureau (what it needs to
// act, contact details only with consent, user text escaped, nothing
// personal in the subject), to the parent (reference and status only) and
// the daily digest to the supervision office (grouped by bureau).
import { describe, expect, it } from 'vitest';
import { bureauEmail, type BureauEmailKind } from '../../src/domain/emails/bureauEmail';
import { parentRectifiedEmail, parentReleasedEmail, parentUpdateEmail } from '../../src/domain/emails/parentEmail';
import { overdueDigestEmail, type OverdueLine } from '../../src/domain/emails/digestEmail';
import { eventLabel } from '../../src/domain/publicView';
import type { ComplaintPrivate, ComplaintRecord } from '../../src/domain/complaint';
import { complaintRecord } from '../support/complaintRecord';
import { smallDirectory } from '../support/directory';

const REF = 'JB-20260310-7K3M9Q2P';
const ANSWER_URL = 'https://schoolwatch.example/answer/?t=JB-20260310-7K3M9Q2P.qiaocheng.1788000000.c2lnbmF0dXJl';
const EXPIRES = '2026年9月6日';

const directory = smallDirectory();

const DESCRIPTION = '班主任周六在<b>校外</b>组织补课<script>alert("x")</script>，每人收费 300 元 & 要求保密。';
const CONTACT = { name: '王<i>女士</i>', phone: '13800001234', email: 'wang.parent@example.com' };

const record = (overrides: Partial<ComplaintRecord> = {}): ComplaintRecord =>
  complaintRecord({
    reference: REF,
    receiptHash: 'receipt-hash-value',
    aspect: 'holiday-classes',
    occurredOn: '2026-03-07',
    anonymous: false,
    contactConsent: true,
    notifyParent: true,
    sealed: 'v1.sealed-private-part',
    filedAt: '2026-03-10T02:00:00.000Z',
    acceptBy: '2026-03-25',
    ...overrides,
  });

const hidden = (contact: ComplaintPrivate['contact'] = CONTACT): ComplaintPrivate => ({ description: DESCRIPTION, ...(contact ? { contact } : {}) });

/** The three situations of the person who complained. */
const WHO = {
  consented: { rec: record(), priv: hidden() },
  declined: { rec: record({ contactConsent: false }), priv: hidden() },
  anonymous: { rec: record({ anonymous: true, contactConsent: false, notifyParent: false }), priv: hidden(undefined) },
};

const KINDS: Array<[BureauEmailKind, Partial<ComplaintRecord>]> = [
  ['filed', {}],
  [
    'transferred',
    { bureau: 'guoyang', history: [...record().history, { at: '2026-03-12T02:00:00.000Z', type: 'transferred', bureau: 'guoyang', note: '学校归<涡阳>主管' }] },
  ],
  [
    'disputed',
    {
      status: 'disputed',
      resolveBy: '2026-04-11',
      history: [
        ...record().history,
        { at: '2026-03-12T02:00:00.000Z', type: 'disputed', bureau: 'qiaocheng', note: '答复与事实不符 <img src=x onerror=alert(1)>' },
      ],
    },
  ],
  [
    'replied',
    {
      history: [
        ...record().history,
        { at: '2026-03-11T02:00:00.000Z', type: 'asked', bureau: 'qiaocheng', note: '是哪个年级？' },
        { at: '2026-03-12T02:00:00.000Z', type: 'replied', bureau: 'qiaocheng', note: '六年级 <img src=x onerror=alert(2)>' },
      ],
    },
  ],
];

const personal = [DESCRIPTION, '补课', CONTACT.name, '王', CONTACT.phone, CONTACT.email, '13800001234'];

describe('the bureau email', () => {
  describe.each(KINDS)('%s', (kind, overrides) => {
    const rec = record(overrides);
    const mail = bureauEmail(kind, rec, hidden(), directory, ANSWER_URL, EXPIRES);

    it('has a subject with only the reference and a date', () => {
      const subject = mail.subject;
      expect(subject).toContain(REF);
      const date = /\d{4}年\d{1,2}月\d{1,2}日/;
      expect(subject).toMatch(date);
      for (const text of [...personal, '星河', '谯城区教育局', '涡阳县教育局', '节假日集体补课', 'https://']) expect(subject).not.toContain(text);
      // What is left after the reference and the date is fixed wording, with no room for user text.
      const rest = subject.replace(REF, '<ref>').replace(date, '<date>');
      expect([
        '【举报待受理】<ref>：请于<date>前受理',
        '【转办举报】<ref>：请于<date>前受理',
        '【举报人对答复有异议】<ref>：请于<date>前复核',
        '【举报人已回复】<ref>：请于<date>前办理',
      ]).toContain(rest);
    });

    it('puts the right deadline in the subject', () => {
      expect(mail.subject).toContain(kind === 'disputed' ? '2026年4月11日' : '2026年3月25日');
    });

    it('escapes the description and every other user text in the html', () => {
      expect(mail.html).toContain(
        '班主任周六在&lt;b&gt;校外&lt;/b&gt;组织补课&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;，每人收费 300 元 &amp; 要求保密。',
      );
      expect(mail.html).toContain('王&lt;i&gt;女士&lt;/i&gt;');
      expect(mail.html).not.toMatch(/<script|<b>|<i>|<img/i);
      // The plain-text part carries the words as written.
      expect(mail.text).toContain(DESCRIPTION);
    });

    it('links to the answer page and says how long the link works', () => {
      expect(mail.html).toContain(`href="${ANSWER_URL}"`);
      expect(mail.text).toContain(ANSWER_URL);
      expect(mail.text).toContain(`${EXPIRES}前有效`);
      expect(mail.text).toContain('请勿向被举报学校透露举报内容或举报人信息。');
    });

    it('gives the facts the bureau needs', () => {
      const bureauName = kind === 'transferred' ? '涡阳县教育局' : '谯城区教育局';
      for (const text of [`${bureauName}：`, REF, '谯城区星河小学（示例）', '节假日集体补课', '2026年3月7日', '2026年3月25日前']) {
        expect(mail.text).toContain(text);
        expect(mail.html).toContain(text);
      }
    });
  });

  it('carries the transfer reason and the dispute reason, escaped', () => {
    const transferred = bureauEmail('transferred', record(KINDS[1]![1]), hidden(), directory, ANSWER_URL, EXPIRES);
    expect(transferred.text).toContain('转办理由：\n学校归<涡阳>主管');
    expect(transferred.html).toContain('学校归&lt;涡阳&gt;主管');
    const disputed = bureauEmail('disputed', record(KINDS[2]![1]), hidden(), directory, ANSWER_URL, EXPIRES);
    expect(disputed.text).toContain('异议理由：\n答复与事实不符 <img src=x onerror=alert(1)>');
    expect(disputed.html).toContain('答复与事实不符 &lt;img src=x onerror=alert(1)&gt;');
    const replied = bureauEmail('replied', record(KINDS[3]![1]), hidden(), directory, ANSWER_URL, EXPIRES);
    expect(replied.text).toContain('举报人回复了贵单位的提问');
    expect(replied.text).toContain('举报人的回复：\n六年级 <img src=x onerror=alert(2)>');
    expect(replied.html).toContain('六年级 &lt;img src=x onerror=alert(2)&gt;');
  });

  it('tells the parent whose complaint waited for others that it went to the bureau: the reference and the step only', () => {
    const mail = parentReleasedEmail(REF, 'https://schoolwatch.example/report/status/');
    expect(mail.subject).toBe(`您的举报 ${REF} 有新进展`);
    expect(mail.text).toBe(
      [
        '您好：',
        '',
        `您的举报 ${REF} 有新进展：已转给教育局办理。`,
        '',
        '请打开 https://schoolwatch.example/report/status/ ，输入查询码查看详情。',
        '',
        '为保护您的隐私，本邮件不含举报内容。',
      ].join('\n'),
    );
    expect(mail.html).toContain(`<strong>${REF}</strong> 有新进展：<strong>已转给教育局办理</strong>`);
  });

  it('tells the parent a question waits, never what it asks', () => {
    const mail = parentUpdateEmail(REF, 'asked', 'https://schoolwatch.example/report/status/');
    expect(mail.text).toContain(`您的举报 ${REF} 有新进展：教育局向您提问。`);
    expect(mail.text).toContain('输入查询码查看问题并回复');
    expect(mail.html).toContain('输入查询码查看问题并回复');
  });

  it('shows the contact details when the parent consented', () => {
    const { rec, priv } = WHO.consented;
    const mail = bureauEmail('filed', rec, priv, directory, ANSWER_URL, EXPIRES);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('13800001234');
      expect(part).toContain('wang.parent@example.com');
      expect(part).not.toContain('举报人选择不向教育局提供联系方式');
    }
    expect(mail.text).toContain('姓名：王<i>女士</i>');
  });

  it('keeps them out entirely when the parent did not consent, and says so', () => {
    const { rec, priv } = WHO.declined;
    const mail = bureauEmail('filed', rec, priv, directory, ANSWER_URL, EXPIRES);
    for (const part of [mail.subject, mail.text, mail.html]) {
      for (const value of [CONTACT.phone, CONTACT.email, '王<i>女士</i>', '王&lt;i&gt;女士', '女士']) expect(part).not.toContain(value);
    }
    expect(mail.text).toContain('举报人选择不向教育局提供联系方式。');
    expect(mail.html).toContain('举报人选择不向教育局提供联系方式。');
  });

  it('says anonymous for an anonymous complaint', () => {
    const { rec, priv } = WHO.anonymous;
    const mail = bureauEmail('filed', rec, priv, directory, ANSWER_URL, EXPIRES);
    expect(mail.text).toContain('匿名举报，未留联系方式。');
    expect(mail.html).toContain('匿名举报，未留联系方式。');
    expect(mail.text).not.toContain('举报人选择不向教育局提供联系方式');
  });

  it('an anonymous record never shows contact details, even if some were sealed by mistake', () => {
    const mail = bureauEmail('filed', record({ anonymous: true, contactConsent: true }), hidden(), directory, ANSWER_URL, EXPIRES);
    for (const value of [CONTACT.phone, CONTACT.email]) expect(`${mail.text}${mail.html}`).not.toContain(value);
    expect(mail.text).toContain('匿名举报，未留联系方式。');
  });

  it('names an unsure aspect in words and shows an open resolve deadline before acceptance', () => {
    const mail = bureauEmail('filed', record({ aspect: 'unsure' }), hidden(), directory, ANSWER_URL, EXPIRES);
    expect(mail.text).toContain('问题类型：举报人不确定属于哪一类');
    expect(mail.text).toContain('办理期限：受理后 60 天内，可延期一次 30 天');
  });

  it('never carries the receipt hash or the sealed text', () => {
    const mail = bureauEmail('filed', record(), hidden(), directory, ANSWER_URL, EXPIRES);
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toContain('receipt-hash-value');
      expect(part).not.toContain('v1.sealed-private-part');
    }
  });
});

describe('the parent email', () => {
  const STATUS_URL = 'https://schoolwatch.example/report/status/';
  const answered = record({
    status: 'resolved',
    history: [
      { at: '2026-03-10T02:00:00.000Z', type: 'filed', bureau: 'qiaocheng' },
      { at: '2026-03-12T02:00:00.000Z', type: 'resolved', bureau: 'qiaocheng', note: '经查属实，已责令学校退费。' },
    ],
  });

  it.each(Object.keys(eventLabel) as Array<keyof typeof eventLabel>)('names the reference and the step when the step is %s', (step) => {
    const mail = parentUpdateEmail(REF, step, STATUS_URL);
    expect(mail.subject).toBe(`您的举报 ${REF} 有新进展`);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(REF);
      expect(part).toContain(eventLabel[step]);
    }
    expect(mail.text).toContain(STATUS_URL);
    expect(mail.html).toContain(`href="${STATUS_URL}"`);
  });

  it.each([
    ['substantiated', '属实'],
    ['partly', '部分属实'],
    ['unfounded', '不属实'],
    ['unverifiable', '无法核实'],
  ] as const)('names an answer’s finding %s as %s', (finding, words) => {
    const mail = parentUpdateEmail(REF, 'resolved', STATUS_URL, finding);
    expect(mail.text).toContain(`您的举报 ${REF} 有新进展：教育局答复（查实情况：${words}）。`);
    expect(mail.html).toContain(`<strong>教育局答复（查实情况：${words}）</strong>`);
  });

  it('never contains the complaint text, the answer, the school or anything sealed', () => {
    const mail = parentUpdateEmail(answered.reference, 'resolved', STATUS_URL);
    for (const part of [mail.subject, mail.text, mail.html]) {
      for (const value of [DESCRIPTION, '补课', '经查属实', '谯城区星河小学', 'v1.sealed-private-part', 'receipt-hash-value', CONTACT.phone])
        expect(part).not.toContain(value);
    }
    expect(mail.text).toContain('本邮件不含举报内容');
  });

  it('says the school’s row reached 已整改 with the reference and the status page only', () => {
    const mail = parentRectifiedEmail(REF, STATUS_URL);
    expect(mail.subject).toBe(`您的举报 ${REF}：学校已完成整改`);
    expect(mail.text).toBe(
      [
        '您好：',
        '',
        `经查实，您的举报 ${REF} 反映的问题已列入学校的整改台账，学校现已将这一项标为“已整改”。`,
        '',
        `请打开 ${STATUS_URL} ，输入查询码查看整改台账。如果问题仍然存在，可以再次举报。`,
        '',
        '为保护您的隐私，本邮件不含举报内容。',
      ].join('\n'),
    );
    expect(mail.html).toContain(`href="${STATUS_URL}"`);
    for (const part of [mail.subject, mail.text, mail.html])
      for (const value of [DESCRIPTION, '谯城区星河小学', CONTACT.phone]) expect(part).not.toContain(value);
  });
});

describe('the overdue digest', () => {
  const line = (reference: string, bureau: string, daysOverdue: number, school = '某某小学'): OverdueLine => ({
    reference,
    bureau,
    school,
    stage: daysOverdue > 10 ? '办理' : '受理',
    deadline: '2026-03-01',
    daysOverdue,
  });
  const lines = [
    line('JB-20260201-AAAAAAA1', '谯城区教育局', 3),
    line('JB-20260201-BBBBBBB1', '涡阳县教育局', 12),
    line('JB-20260201-AAAAAAA2', '谯城区教育局', 20, '<b>星河</b>小学'),
    line('JB-20260201-CCCCCCC1', '利辛县教育局', 1),
    line('JB-20260201-AAAAAAA3', '谯城区教育局', 7),
  ];
  const mail = overdueDigestEmail('亳州市督导室', '2026-03-20', lines);

  it('counts them all in the subject, with the date', () => {
    expect(mail.subject).toBe('逾期未办举报汇总（2026年3月20日）：5 件');
  });

  it('groups the html by bureau, most overdue bureau first, worst case first', () => {
    const headings = [...mail.html.matchAll(/<h3>([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual(['谯城区教育局（3 件）', '涡阳县教育局（1 件）', '利辛县教育局（1 件）']);
    const sections = mail.html.split('<h3>').slice(1);
    const refsIn = (section: string) => [...section.matchAll(/JB-\d{8}-[0-9A-Z]{8}/g)].map((m) => m[0]);
    expect(refsIn(sections[0]!)).toEqual(['JB-20260201-AAAAAAA2', 'JB-20260201-AAAAAAA3', 'JB-20260201-AAAAAAA1']);
    expect(refsIn(sections[1]!)).toEqual(['JB-20260201-BBBBBBB1']);
    expect(refsIn(sections[2]!)).toEqual(['JB-20260201-CCCCCCC1']);
    expect(sections[0]).toContain('<td>20 天</td>');
    expect(sections[0]).toContain('办理期限 2026年3月1日');
  });

  it('groups the text the same way', () => {
    const text = mail.text;
    const order = [
      '谯城区教育局（3 件）',
      'JB-20260201-AAAAAAA2',
      'JB-20260201-AAAAAAA3',
      'JB-20260201-AAAAAAA1',
      '涡阳县教育局（1 件）',
      'JB-20260201-BBBBBBB1',
      '利辛县教育局（1 件）',
      'JB-20260201-CCCCCCC1',
    ];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('逾期 20 天');
    expect(text.startsWith('亳州市督导室：')).toBe(true);
  });

  it('escapes names in the html', () => {
    expect(mail.html).toContain('&lt;b&gt;星河&lt;/b&gt;小学');
    expect(mail.html).not.toContain('<b>星河');
  });
});

describe('dates in the bureau email', () => {
  it('give the filing date in China: filed at 01:30 on 10 March in Bozhou, 17:30 on 9 March UTC', () => {
    const late = record({ filedAt: '2026-03-09T17:30:00.000Z', history: [{ at: '2026-03-09T17:30:00.000Z', type: 'filed', bureau: 'qiaocheng' }] });
    const mail = bureauEmail('filed', late, hidden(), directory, ANSWER_URL, EXPIRES);
    expect(mail.text).toContain('提交日期：2026年3月10日');
    expect(mail.text).not.toContain('2026年3月9日');
  });
});
