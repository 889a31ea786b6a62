import type { Clock } from '../ports/clock';
import type { Random } from '../ports/random';
import type { Keys } from '../ports/keys';
import type { ComplaintStore } from '../ports/complaintStore';
import { parseComplaintInput, type FieldErrors } from './complaintInput';
import { routeToBureau, type Directory } from './directory';
import { acceptBy, chinaDate } from './deadlines';
import { newReceiptCode, newReference } from './codes';
import type { ComplaintPrivate, ComplaintRecord, FilingAnswer, NotificationJob } from './complaint';

export interface FilingDeps {
  directory: Directory;
  store: ComplaintStore;
  keys: Keys;
  clock: Clock;
  random: Random;
  /** How long to wait for a concurrent request with the same idempotency key. */
  idempotencyWaitMs?: number;
}

export type FilingOutcome =
  | { kind: 'filed'; answer: FilingAnswer }
  | { kind: 'replayed'; answer: FilingAnswer }
  | { kind: 'invalid'; errors: FieldErrors }
  /** Another request with the same key is still being stored. */
  | { kind: 'in-progress' };

/** An answer replayed for a repeated Idempotency-Key is kept this long (Resend's window too). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/**
 * Files a parent's complaint: check the answers, route it to the bureau
 * that supervises the school, seal what is personal, and store the complaint
 * with its notification job in one transaction. The receipt code is returned
 * once and kept only as a keyed hash.
 *
 * With an idempotency key, a repeat returns the first answer and stores
 * nothing new. That answer is sealed with a key derived from the idempotency
 * key itself, so the store never holds a readable receipt code.
 *
 * Store failures propagate (StoreUnavailableError): nothing half-written,
 * since the only write is one transaction.
 */
export async function fileComplaint(raw: unknown, deps: FilingDeps, idempotencyKey?: string): Promise<FilingOutcome> {
  const now = deps.clock.now();
  const parsed = parseComplaintInput(raw, deps.directory, chinaDate(now));
  if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
  const input = parsed.value;

  const idemHash = idempotencyKey ? await deps.keys.idempotencyHash(idempotencyKey) : undefined;
  if (idemHash && idempotencyKey) {
    const earlier = await replay(deps, idemHash, idempotencyKey);
    if (earlier) return earlier;
  }

  try {
    const bureauId = routeToBureau(deps.directory, input.school)!;
    const bureau = deps.directory.bureaus.get(bureauId)!;
    let reference = newReference(deps.random, chinaDate(now));
    // 40 random bits a day make a clash very unlikely; checking costs one read.
    while (await deps.store.referenceExists(reference)) reference = newReference(deps.random, chinaDate(now));
    const receiptCode = newReceiptCode(deps.random);
    const answer: FilingAnswer = { reference, receiptCode, bureau: { id: bureauId, name: bureau.name }, acceptBy: acceptBy(now, deps.directory.deadlines.acceptDays) };

    const hidden: ComplaintPrivate = { description: input.description, ...(input.contact ? { contact: input.contact } : {}) };
    const complaint: ComplaintRecord = {
      reference,
      receiptHash: await deps.keys.receiptHash(receiptCode),
      school: input.school,
      aspect: input.aspect,
      ...(input.occurredOn ? { occurredOn: input.occurredOn } : {}),
      anonymous: input.anonymous,
      contactConsent: input.contactConsent,
      notifyParent: Boolean(input.contact?.email),
      sealed: await deps.keys.seal(JSON.stringify(hidden)),
      bureau: bureauId,
      status: 'submitted',
      filedAt: now.toISOString(),
      acceptBy: answer.acceptBy,
      extended: false,
      history: [{ at: now.toISOString(), type: 'filed', bureau: bureauId }],
    };
    const job: NotificationJob = { id: `complaint.filed/${reference}`, event: 'complaint.filed', reference, createdAt: now.toISOString(), attempts: 0 };
    await deps.store.fileNew({
      complaint,
      job,
      ...(idemHash && idempotencyKey ? { idempotency: { hash: idemHash, sealedAnswer: await deps.keys.sealWith(idempotencyKey, JSON.stringify(answer)), ttlSeconds: IDEMPOTENCY_TTL_SECONDS } } : {}),
    });
    return { kind: 'filed', answer };
  } catch (error) {
    if (idemHash) await deps.store.releaseIdempotency(idemHash).catch(() => undefined);
    throw error;
  }
}

/** The earlier answer for this key, or undefined after claiming the key for this request. */
async function replay(deps: FilingDeps, idemHash: string, key: string): Promise<FilingOutcome | undefined> {
  const deadline = Date.now() + (deps.idempotencyWaitMs ?? 3000);
  for (;;) {
    const claim = await deps.store.claimIdempotency(idemHash, 60);
    if (claim.claimed) return undefined;
    if (claim.value !== 'pending') return { kind: 'replayed', answer: JSON.parse(await deps.keys.openWith(key, claim.value)) as FilingAnswer };
    if (Date.now() > deadline) return { kind: 'in-progress' };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
