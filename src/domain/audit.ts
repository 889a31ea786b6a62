import type { ComplaintAction } from './status';

/**
 * Where an action came from: the workspace (with the session that took it)
 * or the signed link in the bureau's email, which has no session.
 */
export type AuditSource = { via: 'workspace'; session: string; who?: string | undefined } | { via: 'link' };

/**
 * One line of a complaint's audit trail: who acted (the body, never an
 * officer's address), when, and through which session. Kept in the record,
 * so it is saved with the action in the same transaction and expires with
 * the complaint. Only the bureau's and the office's pages show it:
 * publicView.ts builds the parent's view field by field and reads only the
 * body of a `record` entry (which bureau recorded a phone or letter
 * complaint), never `who` or `session`.
 */
export interface AuditEntry {
  at: string;
  /** The acting body: a bureau id. */
  body: string;
  /** `record`: an officer recorded a complaint that came by phone, letter, visit or 12345 (channels.ts). */
  action: ComplaintAction['type'] | 'record';
  via: AuditSource['via'];
  /** The session's internal label (a prefix of its keyed hash, never the cookie): for the operator, never shown to officers; absent for the signed link. */
  session?: string;
  /** Who, in words an officer reads: the sign-in (“12月7日 10:32 登录”) until bodies have named addresses; absent for the signed link. */
  who?: string;
}

/** A CSV export of a caseload, kept apart from the records (one export covers many complaints). */
export interface ExportEntry {
  at: string;
  body: string;
  session: string;
  who?: string;
  references: string[];
}

/**
 * A read: a complaint opened in the workspace, an evidence image downloaded
 * (in the workspace or through the signed link), or a sign-in. Kept in
 * access logs beside the records (a read must not rewrite the complaint):
 * one per complaint, one per body for its sign-ins.
 */
export interface AccessEntry {
  at: string;
  /** The body that read: a bureau or the office. */
  body: string;
  what: 'view' | 'download' | 'signin';
  via: 'workspace' | 'link';
  /** As in AuditEntry: internal, never shown. */
  session?: string;
  /** As in AuditEntry: what the officer reads. */
  who?: string;
  /** The image downloaded (1, 2, 3). */
  image?: number;
  /** For an image of a parent's reply: the history step of that reply (thread.ts). */
  step?: number;
}

/** The access log of a complaint, and of a body's sign-ins. */
export const accessLog = { complaint: (reference: string) => `complaint:${reference}`, signIns: (body: string) => `signins:${body}` };

/**
 * Who a session is, for the officer: when it signed in (China time). A
 * named person's address takes its place once bodies have them; the
 * session's technical id never leaves the server.
 */
export function sessionWho(createdAtMs: number): string {
  const china = new Date(createdAtMs + 8 * 3600_000);
  return `${china.getUTCMonth() + 1}月${china.getUTCDate()}日 ${china.toISOString().slice(11, 16)} 登录`;
}

/** The entry an action adds to the trail. */
export function auditEntry(at: string, body: string, action: AuditEntry['action'], source: AuditSource): AuditEntry {
  return { at, body, action, via: source.via, ...(source.via === 'workspace' ? { session: source.session, ...(source.who ? { who: source.who } : {}) } : {}) };
}

export const auditActionLabel: Record<AuditEntry['action'] | 'export', string> = {
  accept: '受理',
  reject: '不予受理',
  transfer: '转办',
  extend: '延长期限',
  resolve: '答复办结',
  confirm: '确认',
  dispute: '异议',
  record: '登记来电来信',
  escalate: '请求督办',
  rate: '评价',
  followUp: '回访答复',
  ask: '向举报人提问',
  reply: '举报人回复',
  export: '导出 CSV',
};

export const accessLabel: Record<AccessEntry['what'], string> = {
  view: '查看举报',
  download: '下载图片',
  signin: '登录工作台',
};
