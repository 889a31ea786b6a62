import type { Directory } from '../../domain/directory';
import { verifyReceipt } from '../../domain/receipt';
import type { Keys } from '../../ports/keys';

/** What /verify/ and POST /api/receipts/verify say of a pasted receipt. */
export type ReceiptVerdict =
  | { kind: 'ok'; valid: true; reference: string; filedOn: string; bureau: { id: string; name: string }; acceptBy: string }
  | { kind: 'ok'; valid: false; error: string }
  | { kind: 'invalid'; valid: false; error: string };

const RECEIPT_MAX = 2000;

/**
 * Checks a receipt someone pasted. Anyone may ask (a school, a journalist,
 * another office): the receipt carries nothing personal, and the answer says
 * only what the receipt itself says, once the signature holds. Nothing is
 * looked up in the store, so a valid receipt stays valid after the complaint
 * has expired, as a paper receipt would.
 */
export function receiptService(deps: { keys: Keys; directory: Directory }) {
  return async (pasted: unknown): Promise<ReceiptVerdict> => {
    if (typeof pasted !== 'string' || pasted.trim() === '') return { kind: 'invalid', valid: false, error: '请粘贴回执内容' };
    if (pasted.length > RECEIPT_MAX) return { kind: 'invalid', valid: false, error: `回执内容最多 ${RECEIPT_MAX} 个字符，请只粘贴回执` };
    const check = await verifyReceipt(deps.keys, pasted);
    if (!check.ok)
      return check.reason === 'absent'
        ? { kind: 'invalid', valid: false, error: '没有找到回执编码：回执编码以 SWR1. 开头，请完整粘贴' }
        : { kind: 'ok', valid: false, error: '这份回执不是本站签发的，或者内容被改动过' };
    const { receipt } = check;
    return {
      kind: 'ok',
      valid: true,
      reference: receipt.reference,
      filedOn: receipt.filedOn,
      bureau: { id: receipt.bureau, name: deps.directory.bureaus.get(receipt.bureau)?.name ?? receipt.bureau },
      acceptBy: receipt.acceptBy,
    };
  };
}
