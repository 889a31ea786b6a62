import { UNSURE_ASPECT, type Directory } from './directory';
import { isCalendarDate } from './calendarDate';
import { cleanText, textLength as length } from './text';
import { MOBILE, normalisePhone, PHONE_PROBLEM } from './phone';

/** The words of a "我也遇到了" filing when the parent adds none: enough for the bureau to know what it joins. */
export const SAME_DESCRIPTION = '我的孩子也在这所学校，我也遇到了同样的问题。';

/** Limits a parent sees on the form. */
export const LIMITS = { descriptionMin: 10, descriptionMax: 2000, nameMax: 40, emailMax: 120 } as const;

/** A complaint as the parent gave it, checked. Contact fields are present only when not anonymous. */
export interface ComplaintInput {
  school: string;
  /** An aspect id, or `unsure`. */
  aspect: string;
  description: string;
  occurredOn?: string;
  anonymous: boolean;
  contact?: { name: string; phone?: string; email?: string };
  /** The bureau may contact the parent; always false when anonymous. */
  contactConsent: boolean;
  /** The parent allows publishing the bureau's answer on /answers/ (never their own words). Present only when true. */
  publishAnswer?: boolean;
  /** The ledger row (`<notice id>#<row>`) of this school the complaint disputes ("这一项没有真正整改？"). */
  ledgerItem?: string;
  /** A mobile number for short updates only (also when anonymous); not a contact unless the parent consents to contact. */
  smsMobile?: string;
  /** Filed through another parent's "我也遇到了" link (sameLink.ts): counted as 同题反映. Present only when true. */
  same?: true;
  /** Wait for other parents before it goes (waiting.ts), and what happens if too few come. */
  wait?: 'alone' | 'withdraw';
}

export type FieldErrors = Partial<
  Record<
    | 'school'
    | 'aspect'
    | 'description'
    | 'occurredOn'
    | 'anonymous'
    | 'name'
    | 'phone'
    | 'email'
    | 'contactConsent'
    | 'smsMobile'
    | 'waitForOthers'
    | 'waitEnd'
    | 'website'
    | 'body',
    string
  >
>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** A plain address: ASCII before the @, letters and digits of any script in the domain; nothing invisible anywhere. */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,}$/u;

/** Text of a field, cleaned by the rule in text.ts; undefined when absent or blank. Non-text is `false`. */
function textOf(value: unknown, multiline = false): string | undefined | false {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return false;
  const cleaned = cleanText(value, multiline);
  return cleaned === '' ? undefined : cleaned;
}

/** A strict field (email): trimmed only, so that a hidden character in it is refused rather than dropped. */
function strictOf(value: unknown): string | undefined | false {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return false;
  const trimmed = value.normalize('NFC').trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A yes/no answer from JSON (boolean) or a form ("true", "on", "false"). */
function booleanOf(value: unknown): boolean | undefined | 'invalid' {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'on' || value === 'yes') return true;
  if (value === 'false' || value === 'no') return false;
  return 'invalid';
}

/**
 * Checks what a parent submitted, from the JSON API or the HTML form alike.
 * Never throws: any input gives either a complaint or a message per field,
 * in plain Chinese. `today` is China's date, for "not in the future".
 */
export function parseComplaintInput(raw: unknown, directory: Directory, today: string): Parsed<ComplaintInput> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: { body: '提交的内容格式不对，请重新填写表单。' } };
  const input = raw as Record<string, unknown>;
  const errors: FieldErrors = {};

  // A bot fills every field it sees, including this one hidden from people.
  if (input.website !== undefined && input.website !== '') errors.website = '提交未被接受，请刷新页面后重新填写。';

  const school = textOf(input.school);
  if (school === undefined) errors.school = '请选择学校';
  else if (school === false || !directory.schools.has(school)) errors.school = '找不到这所学校，请从列表中选择';

  const aspect = textOf(input.aspect);
  if (aspect === undefined) errors.aspect = '请选择发生了什么；如果不确定，请选“我不确定属于哪一类”';
  else if (aspect === false || (aspect !== UNSURE_ASPECT && !directory.aspects.has(aspect))) errors.aspect = '请从列表中选择问题类型';

  // "我也遇到了": one step, the description optional (a standard sentence stands in for none).
  const same = input.same === '1' || booleanOf(input.same) === true;
  const description = textOf(input.description, true) ?? (same ? SAME_DESCRIPTION : undefined);
  if (description === undefined) errors.description = '请写下发生了什么';
  else if (description === false) errors.description = '请用文字描述发生了什么';
  else if (length(description) < LIMITS.descriptionMin) errors.description = `请多写一点：至少 ${LIMITS.descriptionMin} 个字，说清楚发生了什么`;
  else if (length(description) > LIMITS.descriptionMax) errors.description = `最多 ${LIMITS.descriptionMax} 个字，现在有 ${length(description)} 个字`;

  const occurredOn = textOf(input.occurredOn);
  if (occurredOn === false || (occurredOn !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(occurredOn)))
    errors.occurredOn = '日期格式应为 年-月-日，例如 2026-11-20';
  else if (occurredOn !== undefined && !isCalendarDate(occurredOn)) errors.occurredOn = `日历上没有 ${occurredOn} 这一天，请检查年、月、日`;
  else if (occurredOn !== undefined && occurredOn > today) errors.occurredOn = '日期不能晚于今天';

  const anonymous = booleanOf(input.anonymous);
  if (anonymous === undefined || anonymous === 'invalid') errors.anonymous = '请选择是否匿名举报';

  const consent = booleanOf(input.contactConsent);
  if (consent === 'invalid') errors.contactConsent = '请选择教育局是否可以联系您';

  let contact: ComplaintInput['contact'];
  if (anonymous === false) {
    const name = textOf(input.name);
    const phone = textOf(input.phone);
    const email = strictOf(input.email);
    if (name === undefined) errors.name = '请填写您的姓名或称呼；不想留名可以选择匿名举报';
    else if (name === false) errors.name = '姓名格式不对';
    else if (length(name) > LIMITS.nameMax) errors.name = `姓名最多 ${LIMITS.nameMax} 个字`;
    const phoneDigits = typeof phone === 'string' ? normalisePhone(phone) : phone;
    if (phoneDigits === false || (phone !== undefined && phoneDigits === undefined)) errors.phone = PHONE_PROBLEM;
    if (email === false || (email !== undefined && (!EMAIL.test(email) || length(email) > LIMITS.emailMax)))
      errors.email = '邮箱格式不对，例如 name@example.com';
    if (phone === undefined && email === undefined && !errors.phone && !errors.email)
      errors.phone = '请至少留下电话或邮箱中的一个；不想留联系方式可以选择匿名举报';
    if (typeof name === 'string')
      contact = { name, ...(typeof phoneDigits === 'string' ? { phone: phoneDigits } : {}), ...(typeof email === 'string' ? { email } : {}) };
  }

  // Its own field, distinct from the contact phone: a parent filing anonymously may still want a text when something happens.
  const sms = textOf(input.smsMobile);
  const smsMobile = typeof sms === 'string' ? normalisePhone(sms) : sms;
  if (smsMobile === false || (sms !== undefined && (smsMobile === undefined || !MOBILE.test(smsMobile))))
    errors.smsMobile = '请填写 11 位手机号码，例如 138 0000 1234；不需要短信提醒可以不填';

  // "等到至少 N 位家长反映同一问题": a checkbox, then the choice for when too few come.
  const waits = booleanOf(input.waitForOthers) === true;
  const waitEnd = input.waitEnd === 'alone' || input.waitEnd === 'withdraw' ? input.waitEnd : undefined;
  if (waits && aspect === UNSURE_ASPECT) errors.waitForOthers = '等待其他家长需要选定具体的问题类型；不确定属于哪一类时，请不要勾选等待';
  else if (waits && !waitEnd) errors.waitEnd = '请选择等待期满、人数仍不够时怎么办：单独转给教育局，或撤回并删除';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      school: school as string,
      aspect: aspect as string,
      description: description as string,
      ...(occurredOn ? { occurredOn } : {}),
      anonymous: anonymous as boolean,
      ...(contact ? { contact } : {}),
      contactConsent: anonymous === false && consent === true,
      // A checkbox: only a clear yes counts; anything else leaves the answer unpublished.
      ...(booleanOf(input.publishAnswer) === true ? { publishAnswer: true } : {}),
      // Carried in a hidden field from the ledger's link: kept only while it is a row of the chosen school (a changed school drops it).
      ...(ledgerItemOf(input.ledgerItem, school as string, directory) ? { ledgerItem: input.ledgerItem as string } : {}),
      ...(typeof smsMobile === 'string' ? { smsMobile } : {}),
      ...(waits && waitEnd ? { wait: waitEnd } : {}),
      ...(same ? { same: true as const } : {}),
    },
  };
}

/** True when `value` names a ledger row of `school`. */
export function ledgerItemOf(value: unknown, school: string, directory: Directory): boolean {
  return typeof value === 'string' && directory.ledgerItems?.get(value)?.school === school;
}
