import { describe, expect, it } from 'vitest';
import { parseComplaintInput, LIMITS } from '../../src/domain/complaintInput';
import { sampleDirectory } from '../support/directory';

const directory = sampleDirectory();
const today = '2026-11-27';
const valid = { school: 'qc-xinghe-primary', aspect: 'homework', description: '一年级每天都布置两页书面作业，要求家长签字。', anonymous: true };
const named = { ...valid, anonymous: false, name: '王女士', phone: '13800000000', contactConsent: true };
const parse = (input: unknown) => parseComplaintInput(input, directory, today);
const errorsOf = (input: unknown) => {
  const result = parse(input);
  return result.ok ? {} : result.errors;
};

describe('a valid complaint', () => {
  it('is accepted anonymously, without contact details even when some were typed', () => {
    expect(parse({ ...valid, name: '王女士', phone: '13800000000', contactConsent: true })).toEqual({ ok: true, value: { ...valid, contactConsent: false } });
  });

  it('is accepted with a name and phone, trimmed, with consent', () => {
    expect(parse({ ...named, name: '  王女士 ', phone: '138 0000 0000' })).toEqual({
      ok: true,
      value: {
        school: valid.school,
        aspect: 'homework',
        description: valid.description,
        anonymous: false,
        contact: { name: '王女士', phone: '13800000000' },
        contactConsent: true,
      },
    });
  });

  it.each([
    ['form booleans', { ...valid, anonymous: 'true' }],
    ['"not sure" as the aspect', { ...valid, aspect: 'unsure' }],
    ['a date today', { ...valid, occurredOn: today }],
    ['a landline', { ...named, phone: '0558-1234567' }],
    ['an email only', { ...named, phone: '', email: 'parent@example.com' }],
    ['exactly the shortest description', { ...valid, description: '一二三四五六七八九十' }],
    ['exactly the longest description', { ...valid, description: '字'.repeat(LIMITS.descriptionMax) }],
  ])('accepts %s', (_name, input) => {
    expect(parse(input).ok).toBe(true);
  });
});

describe('each invalid field gets its own message', () => {
  it.each([
    ['no school', { ...valid, school: undefined }, { school: '请选择学校' }],
    ['an unknown school', { ...valid, school: 'no-such-school' }, { school: '找不到这所学校，请从列表中选择' }],
    ['a school as a number', { ...valid, school: 42 }, { school: '找不到这所学校，请从列表中选择' }],
    ['no aspect', { ...valid, aspect: '' }, { aspect: '请选择发生了什么；如果不确定，请选“我不确定属于哪一类”' }],
    ['an unknown aspect', { ...valid, aspect: 'nap-time' }, { aspect: '请从列表中选择问题类型' }],
    ['no description', { ...valid, description: '   ' }, { description: '请写下发生了什么' }],
    ['a description that is not text', { ...valid, description: ['a'] }, { description: '请用文字描述发生了什么' }],
    ['a description too short', { ...valid, description: '作业太多' }, { description: '请多写一点：至少 10 个字，说清楚发生了什么' }],
    ['a description too long', { ...valid, description: '字'.repeat(2001) }, { description: '最多 2000 个字，现在有 2001 个字' }],
    ['a date in the future', { ...valid, occurredOn: '2026-11-28' }, { occurredOn: '日期不能晚于今天' }],
    ['a date that does not exist', { ...valid, occurredOn: '2026-02-30' }, { occurredOn: '日历上没有 2026-02-30 这一天，请检查年、月、日' }],
    ['no anonymity choice', { ...valid, anonymous: undefined }, { anonymous: '请选择是否匿名举报' }],
    ['a strange anonymity value', { ...valid, anonymous: 'maybe' }, { anonymous: '请选择是否匿名举报' }],
    ['no name when not anonymous', { ...named, name: '' }, { name: '请填写您的姓名或称呼；不想留名可以选择匿名举报' }],
    ['a name too long', { ...named, name: '名'.repeat(41) }, { name: '姓名最多 40 个字' }],
    ['no phone or email', { ...named, phone: '' }, { phone: '请至少留下电话或邮箱中的一个；不想留联系方式可以选择匿名举报' }],
    ['a bad phone', { ...named, phone: '12345' }, { phone: '电话号码格式不对：手机号为 11 位数字，例如 138 0013 8000；座机请带区号，例如 0558-1234567' }],
    ['a bad email', { ...named, phone: '', email: 'parent@' }, { email: '邮箱格式不对，例如 name@example.com' }],
    ['an email with a header injection', { ...named, email: 'a@b.com\r\nBcc: x@y.com' }, { email: '邮箱格式不对，例如 name@example.com' }],
    ['a filled honeypot', { ...valid, website: 'http://spam.example' }, { website: '提交未被接受，请刷新页面后重新填写。' }],
    ['a strange consent value', { ...named, contactConsent: 'perhaps' }, { contactConsent: '请选择教育局是否可以联系您' }],
  ])('%s', (_name, input, expected) => {
    expect(errorsOf(input)).toEqual(expected);
  });

  it.each([[null], [[]], ['text'], [42]])('a body that is not an object (%j)', (body) => {
    expect(errorsOf(body)).toEqual({ body: '提交的内容格式不对，请重新填写表单。' });
  });

  it('reports every field at once', () => {
    expect(Object.keys(errorsOf({}))).toEqual(['school', 'aspect', 'description', 'anonymous']);
  });
});

describe('invisible and control characters (the rule in src/domain/text.ts)', () => {
  const ZW = '\u200B\u200C\u200D\u2060\uFEFF\u202E\u3164\u2800';
  it.each([
    ['a description of zero-width and other invisible characters only', { ...valid, description: ZW.repeat(5) }, { description: '请写下发生了什么' }],
    [
      'a description that is 10 characters only with its invisible ones counted',
      { ...valid, description: `一二三四五${ZW}` },
      { description: '请多写一点：至少 10 个字，说清楚发生了什么' },
    ],
    ['a name of invisible characters only', { ...named, name: '\u200B\u200B\u3164' }, { name: '请填写您的姓名或称呼；不想留名可以选择匿名举报' }],
    ['an email with U+0085 in it', { ...named, email: 'wang\u0085@example.com' }, { email: '邮箱格式不对，例如 name@example.com' }],
    ['an email with U+200B in it', { ...named, email: 'wang@exa\u200Bmple.com' }, { email: '邮箱格式不对，例如 name@example.com' }],
    ['an email with U+202E in it', { ...named, email: '\u202Emoc.elpmaxe@gnaw' }, { email: '邮箱格式不对，例如 name@example.com' }],
  ])('refuses %s', (_name, input, errors) => {
    expect(errorsOf(input)).toEqual(errors);
  });

  it('takes control characters out of what is kept: NUL, BEL, ESC and DEL never reach an email or a terminal', () => {
    const result = parse({
      ...named,
      name: 'Wang\u0007\u001B[31m女士\u0000',
      description: `周六\u0000上午\u001B[2J全年级\u0007到校\u007F补课。\r\n第二行\u2028第三行\t结束`,
    });
    expect(result).toEqual({
      ok: true,
      value: {
        ...valid,
        description: '周六上午[2J全年级到校补课。\n第二行\n第三行 结束',
        anonymous: false,
        contact: { name: 'Wang[31m女士', phone: '13800000000' },
        contactConsent: true,
      },
    });
  });

  it('keeps Chinese, emoji and combining marks, in NFC', () => {
    const result = parse({ ...valid, description: '老师要求买教辅😀，e\u0301 也算，共十个字以上。' });
    expect(result.ok && result.value.description).toBe('老师要求买教辅😀，é 也算，共十个字以上。');
  });
});

describe('phone numbers as parents write them', () => {
  const stored = (phone: string) => {
    const result = parse({ ...named, phone });
    return result.ok ? result.value.contact?.phone : result.errors.phone;
  };
  const PROBLEM = '电话号码格式不对：手机号为 11 位数字，例如 138 0013 8000；座机请带区号，例如 0558-1234567';

  it.each([
    ['13800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-138-0013-8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['86 13800138000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['＋８６ １３８－００１３－８０００', '13800138000'],
    ['(+86) 138.0013.8000', '13800138000'],
    // Landlines stay: a home or shop number is a real way to reach a family.
    ['0558-1234567', '0558-1234567'],
    ['0558 12345678', '0558-12345678'],
    ['（0558）1234567', '0558-1234567'],
    ['05581234567', '0558-1234567'],
    ['010-12345678', '010-12345678'],
    ['+86 558 1234567', '0558-1234567'],
  ])('stores %s as %s', (typed, expected) => {
    expect(stored(typed)).toBe(expected);
  });

  it.each([
    ['too short', '1380013800'],
    ['too long', '138001380001'],
    ['not a mobile prefix', '12800138000'],
    ['a landline without its area code', '1234567'],
    ['an extension', '0558-1234567转8001'],
    ['another country', '+1 415 555 0100'],
    ['letters', '138OO138OOO'],
  ])('refuses %s with a clear message', (_case, typed) => {
    expect(stored(typed)).toBe(PROBLEM);
  });
});

describe('a mobile number for SMS updates only', () => {
  const SMS_PROBLEM = '请填写 11 位手机号码，例如 138 0000 1234；不需要短信提醒可以不填';
  it.each([
    ['13900005678', '13900005678'],
    ['+86 139-0000-5678', '13900005678'],
    ['１３９ ００００ ５６７８', '13900005678'],
  ])('anonymous, %s is kept as %s', (typed, kept) => {
    const result = parse({ ...valid, smsMobile: typed });
    expect(result.ok && result.value.smsMobile).toBe(kept);
    expect(result.ok && result.value.contact).toBeUndefined();
  });
  it.each([['0558-1234567'], ['1390000567'], ['12345678901'], ['短信']])('%s is not a mobile number', (typed) => {
    expect(errorsOf({ ...valid, smsMobile: typed })).toEqual({ smsMobile: SMS_PROBLEM });
  });
  it('left empty, nothing is kept', () => {
    const result = parse({ ...valid, smsMobile: '  ' });
    expect(result.ok && 'smsMobile' in result.value).toBe(false);
  });
});
