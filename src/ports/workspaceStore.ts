import type { AccessEntry, ExportEntry } from '../domain/audit';

/** A sign-in link waiting to be used: for which body, until when (epoch ms). */
export interface SignInLink {
  body: string;
  expiresAt: number;
}

/** A signed-in session: for which body, since when, idle until when (epoch ms). */
export interface Session {
  body: string;
  createdAt: number;
  expiresAt: number;
}

/**
 * Sign-in links, sessions and the export log of the bureau workspace. Two
 * engines implement it, held to one contract suite
 * (tests/integration/workspace-store.test.ts): SQLite beside the embedded
 * complaint store, and Redis.
 *
 * Links and sessions are kept under a keyed hash of their token (Keys.sign),
 * never the token itself: whoever reads the store or a backup cannot sign in.
 * Times are the caller's clock (`nowMs`), so expiry is one rule on both
 * engines and tests can move time; Redis' own TTLs only clean up after it.
 */
export interface WorkspaceStore {
  readonly describe: string;
  close(): Promise<void>;

  saveLink(hash: string, link: SignInLink, nowMs: number): Promise<void>;
  /** The link if it is still unused and alive at `nowMs`; changes nothing (the page that asks "sign in?"). */
  findLink(hash: string, nowMs: number): Promise<SignInLink | null>;
  /** Uses the link up in one step: of two callers at once only one gets it; null when used, expired or unknown. */
  takeLink(hash: string, nowMs: number): Promise<SignInLink | null>;

  openSession(hash: string, session: Session, nowMs: number): Promise<void>;
  /** The session alive at `nowMs`, its idle expiry moved to `nowMs + idleMs`; null when unknown, ended or idle too long. */
  touchSession(hash: string, nowMs: number, idleMs: number): Promise<Session | null>;
  /** Ends one session (signing out). */
  endSession(hash: string): Promise<void>;
  /** Ends every session of a body (signing out everywhere, or revoking after a lost device); how many were alive. */
  endSessionsOf(body: string, nowMs: number): Promise<number>;

  /** Records an export, kept `keepMs`; a body's log keeps its latest 100. */
  recordExport(entry: ExportEntry, nowMs: number, keepMs: number): Promise<void>;
  /** A body's exports, newest first. */
  exportsOf(body: string, nowMs: number): Promise<ExportEntry[]>;

  /** Records a read in an access log (`accessLog` in domain/audit.ts), kept `keepMs`; a log keeps its latest ACCESS_KEPT. */
  recordAccess(log: string, entry: AccessEntry, nowMs: number, keepMs: number): Promise<void>;
  /** An access log, newest first. */
  accessOf(log: string, nowMs: number): Promise<AccessEntry[]>;
}

/** Reads kept per access log. */
export const ACCESS_KEPT = 500;

/** Exports kept per body. */
export const EXPORTS_KEPT = 100;
