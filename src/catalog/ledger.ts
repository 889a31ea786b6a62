import { ledgerStatuses, type LedgerRow, type LedgerStatus, type Notice } from '../schemas/notices';

export type LedgerCounts = Record<LedgerStatus, number> & { total: number };

/** Counts ledger rows per status (已整改 / 整改中 / 未启动). */
export function countLedger(rows: readonly Pick<LedgerRow, 'status'>[]): LedgerCounts {
  const counts = Object.fromEntries(ledgerStatuses.map((s) => [s, 0])) as LedgerCounts;
  for (const row of rows) counts[row.status] += 1;
  counts.total = rows.length;
  return counts;
}

/** A ledger row with the notice it was published in. */
export interface LedgerItem extends LedgerRow {
  noticeId: string;
  noticeTitle: string;
  publishedOn: string;
}

/** All ledger rows of a set of notices, open ones (not 已整改) first, then by deadline. */
export function ledgerItems(notices: ReadonlyArray<{ id: string; data: Notice }>): LedgerItem[] {
  const items: LedgerItem[] = [];
  for (const { id, data } of notices) {
    if (data.kind !== 'rectification') continue;
    for (const row of data.ledger) items.push({ ...row, noticeId: id, noticeTitle: data.title, publishedOn: data.publishedOn });
  }
  const rank = (s: LedgerStatus) => (s === '已整改' ? 1 : 0);
  return items.sort((a, b) => rank(a.status) - rank(b.status) || a.deadline.localeCompare(b.deadline));
}
