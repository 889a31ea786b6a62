import type { ComplaintAction } from './status';

/**
 * Where an action came from: the workspace (with the session that took it)
 * or the signed link in the bureau's email, which has no session.
 */
export type AuditSource = { via: 'workspace'; session: string } | { via: 'link' };

/**
 * One line of a complaint's audit trail: who acted (the body, never an
 * officer's address), when, and through which session. Kept in the record,
 * so it is saved with the action in the same transaction and expires with
 * the complaint. Only the bureau's and the office's pages show it:
 * publicView.ts builds the parent's view field by field and never reads it.
 */
export interface AuditEntry {
  at: string;
  /** The acting body: a bureau id. */
  body: string;
  action: ComplaintAction['type'];
  via: AuditSource['via'];
  /** The session's public label (a prefix of its keyed hash, never the cookie); absent for the signed link. */
  session?: string;
}

/** A CSV export of a caseload, kept apart from the records (one export covers many complaints). */
export interface ExportEntry {
  at: string;
  body: string;
  session: string;
  references: string[];
}

/** The entry an action adds to the trail. */
export function auditEntry(at: string, body: string, action: ComplaintAction['type'], source: AuditSource): AuditEntry {
  return { at, body, action, via: source.via, ...(source.via === 'workspace' ? { session: source.session } : {}) };
}

export const auditActionLabel: Record<AuditEntry['action'] | 'export', string> = {
  accept: '受理',
  reject: '不予受理',
  transfer: '转办',
  extend: '延长期限',
  resolve: '答复办结',
  confirm: '确认',
  dispute: '异议',
  export: '导出 CSV',
};
