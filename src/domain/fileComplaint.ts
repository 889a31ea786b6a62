import type { Clock } from '../ports/clock';
import type { Random } from '../ports/random';
import type { Keys } from '../ports/keys';
import type { ComplaintStore, Limited, RateLimit } from '../ports/complaintStore';
import type { ComplaintInput } from './complaintInput';
import { routeToBureau, type Directory } from './directory';
import { acceptBy, chinaDate } from './deadlines';
import { newReceiptCode, newReference } from './codes';
import { signReceipt } from './receipt';
import { rateFor, type Limit } from './rateLimit';
import type { EvidenceItem } from './evidence';
import { receivedAt, type StaffChannel } from './channels';
import { startWaiting, waitSettings } from './waiting';
import { auditEntry, type AuditSource } from './audit';
import type { ComplaintPrivate, ComplaintRecord, FilingAnswer, NotificationJob } from './complaint';

export interface FilingDeps {
  directory: Directory;
  store: ComplaintStore;
  keys: Keys;
  clock: Clock;
  random: Random;
}

export type FilingOutcome =
  | { kind: 'filed'; answer: FilingAnswer; othersWaiting: boolean; siteOver?: Limited }
  | { kind: 'replayed'; answer: FilingAnswer }
  /** The idempotency key was used before for a complaint with other answers. */
  | { kind: 'key-reused' }
  | { kind: 'limited'; retryAfterSeconds: number }
  /** The images were filed already with another complaint: nothing written. */
  | { kind: 'evidence-taken' };

/**
 * The evidence of a filing, in two steps around the store's: `plan` only
 * reads (what the record will list, or 'taken' when the images went with
 * another filing); `settle` moves the images under the reference, and is
 * called only for the filing the store answered 'filed'. So a replayed,
 * refused or failed filing writes no image.
 */
export interface Attach {
  plan(): Promise<EvidenceItem[] | 'taken'>;
  settle(reference: string, items: EvidenceItem[]): Promise<void>;
}

/**
 * A complaint an officer records for a parent who phoned, wrote, came in or
 * was transferred from 12345: how, the day it was received (checked by
 * `checkReceivedOn`; the clocks run from it) and who recorded it (the audit).
 */
export interface Recorded {
  channel: StaffChannel;
  receivedOn: string;
  /** The officer's bureau. */
  body: string;
  source: Extract<AuditSource, { via: 'workspace' }>;
}

/** An answer replayed for a repeated Idempotency-Key is kept this long (Resend's window too). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** What is kept for an idempotency key: a keyed hash of the answers, and the answer sealed with the key itself. */
interface StoredAnswer {
  body: string;
  sealed: string;
}

/**
 * Files a parent's complaint, checked by `parseComplaintInput`: route it to the bureau
 * that supervises the school, seal what is personal, and store the complaint
 * with its notification job in one atomic step of the store, which also
 * counts the client's rate limit and settles the idempotency key. The receipt
 * code is returned once and kept only as a keyed hash.
 *
 * With an idempotency key, a repeat with the same answers returns the first
 * answer and stores nothing new; with other answers it is refused. That
 * answer is sealed with a key derived from the idempotency key, so the store
 * never holds a readable receipt code.
 *
 * Store failures propagate (StoreUnavailableError): nothing half-written.
 */
export async function fileComplaint(
  input: ComplaintInput,
  deps: FilingDeps,
  client: { address: string; idempotencyKey?: string | undefined; limit: Limit; attach?: Attach; recorded?: Recorded; site?: RateLimit },
): Promise<FilingOutcome> {
  const now = deps.clock.now();
  const today = chinaDate(now);
  const { recorded } = client;
  // A recorded complaint counts as filed on the day it was received: every clock runs from there.
  const filed = recorded ? receivedAt(recorded.receivedOn, today, now) : now;

  const bureauId = routeToBureau(deps.directory, input.school)!;
  const hidden: ComplaintPrivate = {
    description: input.description,
    ...(input.contact ? { contact: input.contact } : {}),
    ...(input.smsMobile ? { smsMobile: input.smsMobile } : {}),
  };
  const sealed = await deps.keys.seal(JSON.stringify(hidden));
  const rate = await rateFor(deps.keys, 'intake', client.address, client.limit);
  const key = client.idempotencyKey;
  // A recorded complaint's channel and day are part of its answers: the same key with another day is another complaint.
  const answers = recorded ? { input, channel: recorded.channel, receivedOn: recorded.receivedOn } : input;
  const body = key ? await deps.keys.idempotencyHash(`body|${JSON.stringify(answers)}`) : '';
  const evidence = client.attach ? await client.attach.plan() : [];
  if (evidence === 'taken') return { kind: 'evidence-taken' };

  // Only a parent's own web filing may wait for others; it has no clock until it goes (waiting.ts).
  const waiting = input.wait && !recorded ? startWaiting(now, waitSettings(deps.directory), input.wait) : undefined;

  for (;;) {
    const reference = newReference(deps.random, today);
    const receiptCode = newReceiptCode(deps.random);
    const acceptDay = waiting ? '' : acceptBy(filed, deps.directory.deadlines.acceptDays);
    const answer: FilingAnswer = {
      reference,
      receiptCode,
      bureau: { id: bureauId, name: deps.directory.bureaus.get(bureauId)!.name },
      acceptBy: acceptDay,
      filedOn: chinaDate(filed),
      receipt: await signReceipt(deps.keys, { reference, filedOn: chinaDate(filed), bureau: bureauId, acceptBy: acceptDay }),
      ...(waiting ? { waiting: { need: waiting.need, untilDay: waiting.untilDay, then: waiting.then } } : {}),
    };
    const complaint: ComplaintRecord = {
      reference,
      receiptHash: await deps.keys.receiptHash(receiptCode),
      school: input.school,
      aspect: input.aspect,
      ...(input.occurredOn ? { occurredOn: input.occurredOn } : {}),
      anonymous: input.anonymous,
      contactConsent: input.contactConsent,
      notifyParent: Boolean(input.contact?.email),
      ...(input.smsMobile ? { notifySms: true } : {}),
      sealed,
      bureau: bureauId,
      status: 'submitted',
      filedAt: filed.toISOString(),
      acceptBy: answer.acceptBy,
      extended: false,
      history: [{ at: filed.toISOString(), type: 'filed', bureau: bureauId }],
      ...(input.publishAnswer ? { publishAnswer: true } : {}),
      ...(input.ledgerItem ? { ledgerItem: input.ledgerItem } : {}),
      ...(waiting ? { waiting } : {}),
      ...(input.same && !recorded ? { sameLink: true as const } : {}),
      ...(recorded
        ? { channel: recorded.channel, recordedAt: now.toISOString(), audit: [auditEntry(now.toISOString(), recorded.body, 'record', recorded.source)] }
        : {}),
    };
    if (evidence.length > 0) complaint.evidence = evidence;
    const job: NotificationJob = { id: `complaint.filed/${reference}`, event: 'complaint.filed', reference, createdAt: now.toISOString(), attempts: 0 };
    const stored: StoredAnswer | undefined = key ? { body, sealed: await deps.keys.sealWith(key, JSON.stringify(answer)) } : undefined;
    // A waiting complaint is stored apart from every list, with no job: nothing reaches the bureau yet.
    const outcome = await (waiting ? deps.store.fileWaiting.bind(deps.store) : deps.store.file.bind(deps.store))({
      complaint,
      job,
      rate,
      ...(client.site ? { site: client.site } : {}),
      ...(key && stored
        ? { idempotency: { hash: await deps.keys.idempotencyHash(key), answer: JSON.stringify(stored), ttlSeconds: IDEMPOTENCY_TTL_SECONDS } }
        : {}),
    });
    switch (outcome.kind) {
      case 'filed':
        // Only now, for the filing that won, do the images move under the reference.
        if (evidence.length > 0) await client.attach!.settle(reference, evidence);
        return { kind: 'filed', answer, othersWaiting: outcome.othersWaiting, ...(outcome.siteOver ? { siteOver: outcome.siteOver } : {}) };
      case 'limited':
        return { kind: 'limited', retryAfterSeconds: Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)) };
      case 'replayed': {
        const earlier = JSON.parse(outcome.answer) as StoredAnswer;
        if (earlier.body !== body) return { kind: 'key-reused' };
        return { kind: 'replayed', answer: JSON.parse(await deps.keys.openWith(key!, earlier.sealed)) as FilingAnswer };
      }
      case 'reference-taken':
        continue; // 40 random bits a day make this very rare: draw another reference
    }
  }
}
