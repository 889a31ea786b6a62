import type { ComplaintRecord, NotificationJob } from './complaint';
import { acceptBy } from './deadlines';

/**
 * The follow-up complaint opened when the parent answers "还存在" to 回访: a
 * new complaint about the same school and aspect, routed to the bureau that
 * answered the first (it knows the case), with fresh legal clocks from today
 * and both ends linked. The parent's words and contact are the first
 * complaint's, still sealed (the sealed value is copied, never opened). The
 * images stay with the first complaint: the bureau reads them there.
 */
export function recurrenceOf(original: ComplaintRecord, fresh: { reference: string; receiptHash: string; now: Date; acceptDays: number }): ComplaintRecord {
  const at = fresh.now.toISOString();
  return {
    reference: fresh.reference,
    receiptHash: fresh.receiptHash,
    school: original.school,
    aspect: original.aspect,
    anonymous: original.anonymous,
    contactConsent: original.contactConsent,
    notifyParent: original.notifyParent,
    sealed: original.sealed,
    bureau: original.bureau,
    status: 'submitted',
    filedAt: at,
    acceptBy: acceptBy(fresh.now, fresh.acceptDays),
    extended: false,
    history: [{ at, type: 'filed', bureau: original.bureau, note: `回访时家长反映问题还存在（原举报 ${original.reference}）` }],
    recurrenceOf: original.reference,
    ...(original.publishAnswer ? { publishAnswer: true } : {}),
    ...(original.ledgerItem ? { ledgerItem: original.ledgerItem } : {}),
  };
}

/** The one SMS asking "问题还存在吗？" (template followUp), queued beside the email: once per complaint too. */
export function followUpSmsJob(reference: string, now: Date): NotificationJob {
  return { id: `parent.sms/${reference}/${FOLLOW_UP_SMS}`, event: 'parent.sms', reference, createdAt: now.toISOString(), attempts: 0 };
}

/** The last part of the follow-up SMS job's id, where other SMS jobs carry the step's number. */
export const FOLLOW_UP_SMS = 'followup';

/** The one email asking "问题还存在吗？": its id has no sequence, so it can be queued only once per complaint. */
export function followUpAskJob(reference: string, now: Date): NotificationJob {
  return { id: `followup.ask/${reference}`, event: 'followup.ask', reference, createdAt: now.toISOString(), attempts: 0 };
}
