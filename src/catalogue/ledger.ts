import { ledgerStatuses, type LedgerRow, type LedgerStatus, type Notice } from './schemas/notices';

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
  /** Its row in that notice's ledger (0-based): with the notice id, the key a complaint about it carries. */
  row: number;
}

/**
 * The current ledger of one school from its notices: every row, except that a
 * row with an `item` id is replaced by the same item in a later notice (a
 * follow-up that reports progress). Open rows (not 已整改) come first, then by
 * deadline.
 */
export function ledgerItems(notices: ReadonlyArray<{ id: string; data: Notice }>): LedgerItem[] {
  const latest = new Map<string, LedgerItem>();
  const oldestFirst = [...notices].sort((a, b) => (a.data.publishedOn < b.data.publishedOn ? -1 : a.data.publishedOn > b.data.publishedOn ? 1 : 0));
  for (const { id, data } of oldestFirst) {
    if (data.kind !== 'rectification') continue;
    data.ledger.forEach((row, index) => {
      const key = row.item ? `${data.school}/${row.item}` : `${id}#${index}`;
      latest.set(key, { ...row, noticeId: id, noticeTitle: data.title, publishedOn: data.publishedOn, row: index });
    });
  }
  const items = [...latest.values()];
  const rank = (s: LedgerStatus) => (s === '已整改' ? 1 : 0);
  return items.sort((a, b) => rank(a.status) - rank(b.status) || a.deadline.localeCompare(b.deadline));
}
