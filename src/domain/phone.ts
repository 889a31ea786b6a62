/**
 * Chinese phone numbers as parents write them, in the one form the store
 * keeps. Mobiles (11 digits, 1[3-9]…) are kept as the bare digits; landlines
 * stay acceptable — many families, and the 12345 line, give a home or shop
 * number, and a bureau can call it — kept as area code, hyphen, number
 * (0558-1234567). Written forms accepted: full-width digits and signs,
 * spaces, hyphens, dots and brackets anywhere, and the country prefix
 * (+86, 0086, 86) in front of either kind.
 */
export const MOBILE = /^1[3-9]\d{9}$/;
/** Beijing (010) and the 02x cities have 3-digit area codes and 8-digit numbers; the rest 4-digit codes and 7- or 8-digit numbers. */
const LANDLINE = /^(0[12]\d)(\d{8})$|^(0[3-9]\d{2})(\d{7,8})$/;
const SEPARATORS = /[\s\-‐‑–—.()（）]/g;
const COUNTRY = /^(?:\+86|0086|86)(?=\d{10,11}$)/;

/** The stored form of a typed phone number, or undefined when it is neither a Chinese mobile nor a landline with its area code. */
export function normalisePhone(typed: string): string | undefined {
  // NFKC turns full-width digits, ＋ and － into their ASCII forms.
  const compact = typed.normalize('NFKC').replace(SEPARATORS, '');
  const international = COUNTRY.test(compact);
  const national = compact.replace(COUNTRY, '');
  if (!/^\d+$/.test(national)) return undefined;
  if (MOBILE.test(national)) return national;
  // From abroad a landline is dialled without its leading 0 (+86 558 1234567).
  const landline = LANDLINE.exec(international && !national.startsWith('0') ? `0${national}` : national);
  if (!landline) return undefined;
  const [, shortCode, shortNumber, longCode, longNumber] = landline;
  return `${shortCode ?? longCode}-${shortNumber ?? longNumber}`;
}

/** What the parent reads when a number is still not one. */
export const PHONE_PROBLEM = '电话号码格式不对：手机号为 11 位数字，例如 138 0013 8000；座机请带区号，例如 0558-1234567';
