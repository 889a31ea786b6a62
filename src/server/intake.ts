import { fileComplaint } from '../domain/fileComplaint';
import { checkRate } from '../domain/rateLimit';
import { normaliseReceiptCode } from '../domain/codes';
import { publicView, type PublicView } from '../domain/publicView';
import { chinaDate } from '../domain/deadlines';
import type { FilingAnswer } from '../domain/complaint';
import type { FieldErrors } from '../domain/complaintInput';
import { StoreUnavailableError } from '../ports/complaintStore';
import { runtime } from './runtime';
import { kickDispatch } from './dispatcher';

/** Outcomes shared by the JSON API and the HTML form; each maps to one HTTP status. */
export type IntakeResult =
  | { status: 201; answer: FilingAnswer }
  | { status: 422; errors: FieldErrors }
  | { status: 429; retryAfterSeconds: number }
  | { status: 503; errors: { store: string } };

const UNAVAILABLE = { store: '系统暂时无法保存，您的举报没有提交。请稍后再试。' };
const HOUR = 3600;

/** Files a complaint for a client, after the rate limit. */
export async function submitComplaint(fields: unknown, client: { address: string; idempotencyKey?: string; waitUntil?: (promise: Promise<unknown>) => void }): Promise<IntakeResult> {
  try {
    const rt = await runtime();
    const rate = await checkRate(rt, 'intake', client.address, { max: rt.config.limits.intakePerHour, windowSeconds: HOUR });
    if (!rate.allowed) return { status: 429, retryAfterSeconds: rate.retryAfterSeconds };
    const outcome = await fileComplaint(fields, rt, client.idempotencyKey);
    if (outcome.kind === 'invalid') return { status: 422, errors: outcome.errors };
    if (outcome.kind === 'in-progress') return { status: 503, errors: { store: '相同的提交正在处理中，请稍后再试。' } };
    // The bureau's email goes out now, without making the parent wait for it.
    const sending = kickDispatch();
    client.waitUntil?.(sending);
    return { status: 201, answer: outcome.answer };
  } catch (error) {
    if (error instanceof StoreUnavailableError) return { status: 503, errors: UNAVAILABLE };
    throw error;
  }
}

export type LookupResult =
  | { status: 200; view: PublicView }
  | { status: 404 | 422; errors: { receiptCode: string } }
  | { status: 429; retryAfterSeconds: number }
  | { status: 503; errors: { store: string } };

/** The same words for a malformed code and an unknown one: a lookup never tells whether a complaint exists. */
const NOT_FOUND = '没有找到与这个查询码对应的举报。请检查查询码是否抄写正确（共 20 位字母和数字）。';

/** Looks a complaint up by its receipt code, after the rate limit that slows guessing. */
export async function lookupComplaint(receiptCode: unknown, client: { address: string }): Promise<LookupResult> {
  if (typeof receiptCode !== 'string' || receiptCode.trim() === '') return { status: 422, errors: { receiptCode: '请输入查询码' } };
  try {
    const rt = await runtime();
    const rate = await checkRate(rt, 'lookup', client.address, { max: rt.config.limits.lookupsPerHour, windowSeconds: HOUR });
    if (!rate.allowed) return { status: 429, retryAfterSeconds: rate.retryAfterSeconds };
    const code = normaliseReceiptCode(receiptCode);
    const record = code ? await rt.store.byReceiptHash(await rt.keys.receiptHash(code)) : null;
    if (!record) return { status: 404, errors: { receiptCode: NOT_FOUND } };
    return { status: 200, view: publicView(record, rt.directory, chinaDate(rt.clock.now())) };
  } catch (error) {
    if (error instanceof StoreUnavailableError) return { status: 503, errors: { store: '系统暂时无法查询，请稍后再试。' } };
    throw error;
  }
}
