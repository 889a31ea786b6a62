import type { Keys } from '../ports/keys';

/**
 * A receipt anyone can check: proof that this site took a complaint on a
 * day, for a bureau, with the deadline it then ran to. It carries no text,
 * no contact and no receipt code, so a parent can show it to anyone (a
 * school, a journalist, a higher office) without giving access to the
 * complaint. One line, signed with the site key:
 * `SWR1.<reference>.<filed YYYYMMDD>.<bureau>.<accept by YYYYMMDD>.<signature>`.
 * Only this site can tell whether a signature is its own: /verify/ does.
 */
export interface Receipt {
  reference: string;
  /** The day the complaint was filed (YYYY-MM-DD, China). */
  filedOn: string;
  /** The bureau it went to (an id of content/bureaus.yaml). */
  bureau: string;
  /** The day the bureau had to accept or refuse it by, as stated at filing; '' for a complaint waiting for other parents (no clock yet). */
  acceptBy: string;
}

const PREFIX = 'SWR1';
const message = (r: Receipt) => `receipt|${r.reference}|${r.filedOn}|${r.bureau}|${r.acceptBy}`;
// A waiting complaint has no deadline yet: its receipt line carries eight zeros in that place.
const compact = (day: string) => (day === '' ? '00000000' : day.replaceAll('-', ''));
const dashed = (day: string) => (day === '00000000' ? '' : `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`);

export async function signReceipt(keys: Keys, receipt: Receipt): Promise<string> {
  return [PREFIX, receipt.reference, compact(receipt.filedOn), receipt.bureau, compact(receipt.acceptBy), await keys.sign(message(receipt))].join('.');
}

/** The receipt line inside whatever was pasted (the whole printed block, or the line with spaces around it). */
const LINE = /SWR1\.(JB-\d{8}-[0-9A-Z]{8})\.(\d{8})\.([a-z][a-z0-9-]{1,63})\.(\d{8})\.([A-Za-z0-9_-]{16,100})(?![A-Za-z0-9_-])/;

export type ReceiptCheck = { ok: true; receipt: Receipt } | { ok: false; reason: 'absent' | 'signature' };

/**
 * Checks a pasted receipt: 'absent' when no receipt line is in the text;
 * 'signature' when one is there but this site did not sign those exact
 * values (one character changed anywhere in the line is enough).
 */
export async function verifyReceipt(keys: Keys, pasted: string): Promise<ReceiptCheck> {
  const found = LINE.exec(pasted.normalize('NFKC').replace(/\s+/g, ''));
  if (!found) return { ok: false, reason: 'absent' };
  const [, reference, filed, bureau, acceptBy, signature] = found as unknown as [string, string, string, string, string, string];
  const receipt: Receipt = { reference, filedOn: dashed(filed), bureau, acceptBy: dashed(acceptBy) };
  if (!(await keys.verify(message(receipt), signature))) return { ok: false, reason: 'signature' };
  return { ok: true, receipt };
}
