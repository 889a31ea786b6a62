import type { Notice } from './schemas/notices';

/** One promise of a school's rectification ledger that a parent can dispute. */
export interface LedgerEntry {
  school: string;
  aspect: string;
  /** 存在问题, as the ledger states it. */
  problem: string;
  /** The notice that published it, and its row there (0-based). */
  notice: string;
  row: number;
}

/** Every ledger row by its key `<notice id>#<row>`: small enough to keep beside the server bundle. */
export type LedgerIndex = Record<string, LedgerEntry>;

export const ledgerKey = (notice: string, row: number) => `${notice}#${row}`;

export function buildLedgerIndex(notices: ReadonlyArray<{ id: string; data: Notice }>): LedgerIndex {
  const index: LedgerIndex = {};
  for (const { id, data } of notices) {
    if (data.kind !== 'rectification') continue;
    data.ledger.forEach((row, i) => (index[ledgerKey(id, i)] = { school: data.school, aspect: row.aspect, problem: row.problem, notice: id, row: i }));
  }
  return index;
}
