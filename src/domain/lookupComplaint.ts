import type { Keys } from '../ports/keys';
import type { ComplaintStore } from '../ports/complaintStore';
import type { ComplaintRecord } from './complaint';
import { normaliseReceiptCode } from './codes';
import { rateFor, type Limit } from './rateLimit';

export type LookupOutcome = { kind: 'found'; record: ComplaintRecord } | { kind: 'missing' } | { kind: 'empty' } | { kind: 'limited'; retryAfterSeconds: number };

/**
 * Finds a complaint by the receipt code its parent typed, counting the
 * lookup against the client's limit (which slows guessing) in the same step.
 * A malformed code costs a lookup too and reads as unknown: a lookup never
 * tells whether a complaint exists.
 */
export async function lookupComplaint(receiptCode: unknown, deps: { store: ComplaintStore; keys: Keys }, client: { address: string; limit: Limit }): Promise<LookupOutcome> {
  if (typeof receiptCode !== 'string' || receiptCode.trim() === '') return { kind: 'empty' };
  const code = normaliseReceiptCode(receiptCode);
  const outcome = await deps.store.lookup({ receiptHash: await deps.keys.receiptHash(code ?? `malformed|${receiptCode}`), rate: await rateFor(deps.keys, 'lookup', client.address, client.limit) });
  if (outcome.kind === 'limited') return { kind: 'limited', retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)) };
  return outcome;
}
