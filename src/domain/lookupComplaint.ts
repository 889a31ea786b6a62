import type { Keys } from '../ports/keys';
import type { ComplaintStore } from '../ports/complaintStore';
import type { ComplaintRecord } from './complaint';
import { normaliseReceiptCode } from './codes';
import { rateFor, type Limit } from './rateLimit';

export type LookupOutcome =
  | { kind: 'found'; record: ComplaintRecord }
  | { kind: 'missing' }
  | { kind: 'withdrawn' }
  | { kind: 'empty' }
  | { kind: 'reference' }
  | { kind: 'limited'; retryAfterSeconds: number };

/**
 * The shape of a complaint reference (JB-20261127-7K3M9Q2P), which parents
 * type in place of the receipt code shown beside it. Told by its shape alone,
 * before any lookup, so the answer says nothing of whether it exists.
 */
const REFERENCE = /^JB[\s\-－—_]*\d{8}[\s\-－—_]*[0-9A-Z]{8}$/i;

/**
 * Finds a complaint by the receipt code its parent typed, counting the
 * lookup against the client's limit (which slows guessing) in the same step.
 * A malformed code costs a lookup too and reads as unknown: a lookup never
 * tells whether a complaint exists.
 */
export async function lookupComplaint(
  receiptCode: unknown,
  deps: { store: ComplaintStore; keys: Keys },
  client: { address: string; limit: Limit },
): Promise<LookupOutcome> {
  if (typeof receiptCode !== 'string' || receiptCode.trim() === '') return { kind: 'empty' };
  if (REFERENCE.test(receiptCode.normalize('NFKC').trim())) return { kind: 'reference' };
  const code = normaliseReceiptCode(receiptCode);
  const rate = await rateFor(deps.keys, 'lookup', client.address, client.limit);
  // One hash, or two while a rotated secret is kept (each try counts against the limit).
  let outcome: Awaited<ReturnType<ComplaintStore['lookup']>> = { kind: 'missing' };
  for (const receiptHash of await deps.keys.receiptHashes(code ?? `malformed|${receiptCode}`)) {
    outcome = await deps.store.lookup({ receiptHash, rate });
    if (outcome.kind !== 'missing') break;
  }
  if (outcome.kind === 'limited') return { kind: 'limited', retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)) };
  return outcome;
}
