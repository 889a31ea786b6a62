import type { ComplaintRecord } from '../../src/domain/complaint';

/**
 * A stored complaint as the store keeps it, for tests: an anonymous complaint
 * about 谯城区星河小学 just filed, with the given fields changed. Unless given,
 * the receipt hash follows the reference and the history is the one filing
 * at `filedAt` to `bureau`.
 */
export function complaintRecord(over: Partial<ComplaintRecord> = {}): ComplaintRecord {
  const reference = over.reference ?? 'JB-20261127-AAAA0001';
  const filedAt = over.filedAt ?? '2026-11-27T02:00:00.000Z';
  const bureau = over.bureau ?? 'qiaocheng';
  return {
    reference,
    receiptHash: `hash-${reference}`,
    school: 'qc-xinghe-primary',
    aspect: 'homework',
    anonymous: true,
    contactConsent: false,
    notifyParent: false,
    sealed: 'v1.sealed.value',
    bureau,
    status: 'submitted',
    filedAt,
    acceptBy: '2026-12-12',
    extended: false,
    history: [{ at: filedAt, type: 'filed', bureau }],
    ...over,
  };
}
