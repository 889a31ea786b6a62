import type { ComplaintRecord } from './complaint';
import { addDays, chinaDate, daysBetween } from './deadlines';
import type { Directory } from './directory';
import { daysOverdue } from './status';

/**
 * How one complaint was handled, against the legal clocks (DOMAIN.md,
 * 信访工作条例): the bureau that has it now must decide within `acceptDays`
 * of receiving it (a transfer restarts that clock for the receiving bureau),
 * and answer within `resolveDays` of accepting, plus `extensionDays` when it
 * used its one extension before answering. Days are China calendar days.
 */
export interface Handling {
  /** The bureau that handles it now. */
  bureau: string;
  /** Bureaus that passed it on, once per transfer. */
  transferredBy: string[];
  /** Day of filing (YYYY-MM-DD, China). */
  filedOn: string;
  /** The acceptance decision (accepted or refused) is due or made: the complaint counts for "decided on time". */
  acceptDue: boolean;
  acceptedOnTime: boolean;
  /** Days from reaching this bureau to its decision. */
  daysToDecide?: number;
  /** The answer is due or given: the complaint counts for "answered on time". */
  answerDue: boolean;
  answeredOnTime: boolean;
  /** Days from acceptance to the first answer. */
  daysToAnswer?: number;
  overdueNow: boolean;
  rejected: boolean;
  disputed: boolean;
}

/** Reads the history of a complaint, as of `today`. Pure. */
export function handlingOf(record: ComplaintRecord, deadlines: Directory['deadlines'], today: string): Handling {
  const day = (iso: string) => chinaDate(new Date(iso));
  const filedOn = day(record.filedAt);
  let bureau = record.history[0]?.bureau ?? record.bureau;
  let arrivedOn = filedOn;
  let decidedOn: string | undefined;
  let acceptedOn: string | undefined;
  let answeredOn: string | undefined;
  let extended = false;
  let disputed = false;
  const transferredBy: string[] = [];
  for (const event of record.history) {
    const on = day(event.at);
    switch (event.type) {
      case 'transferred':
        transferredBy.push(bureau);
        bureau = event.bureau;
        arrivedOn = on;
        decidedOn = undefined;
        break;
      case 'accepted':
        decidedOn ??= on;
        acceptedOn ??= on;
        break;
      case 'rejected':
        decidedOn ??= on;
        break;
      case 'extended':
        // Only an extension before the first answer moves that answer's deadline.
        if (!answeredOn) extended = true;
        break;
      case 'resolved':
        answeredOn ??= on;
        break;
      case 'disputed':
        disputed = true;
        break;
      default:
        break;
    }
  }
  const acceptBy = record.acceptBy;
  const answerBy = acceptedOn ? addDays(acceptedOn, deadlines.resolveDays + (extended ? deadlines.extensionDays : 0)) : undefined;
  return {
    bureau: record.bureau,
    transferredBy,
    filedOn,
    acceptDue: decidedOn !== undefined || today > acceptBy,
    acceptedOnTime: decidedOn !== undefined && decidedOn <= acceptBy,
    ...(decidedOn ? { daysToDecide: daysBetween(arrivedOn, decidedOn) } : {}),
    answerDue: answeredOn !== undefined || (answerBy !== undefined && today > answerBy),
    answeredOnTime: answeredOn !== undefined && answerBy !== undefined && answeredOn <= answerBy,
    ...(acceptedOn && answeredOn ? { daysToAnswer: daysBetween(acceptedOn, answeredOn) } : {}),
    overdueNow: daysOverdue(record, today) > 0,
    rejected: record.status === 'rejected',
    disputed,
  };
}
