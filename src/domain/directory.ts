/**
 * What the domain needs to know of the content: which schools and aspects
 * exist and which bureau supervises each school. Built from content/ by the
 * server (src/server/directory.ts); plain data, so tests build their own.
 */
export interface Directory {
  schools: ReadonlyMap<string, { name: string; bureau: string }>;
  aspects: ReadonlyMap<string, { name: string; category: string }>;
  bureaus: ReadonlyMap<string, { name: string; email: string }>;
  deadlines: { acceptDays: number; resolveDays: number; extensionDays: number; reviewDays: number };
  /** Waiting for other parents before a complaint goes out (waiting.ts); absent: 3 parents within 30 days. */
  waitForOthers?: { parents: number; days: number };
  /** Days a closed complaint is kept. */
  retentionDays: number;
  /** Days after closure when the parent is asked whether the problem persists (回访); DEFAULT_FOLLOW_UP_DAYS when absent. */
  followUpDays?: number;
  /** Where the overdue digest goes. */
  supervisor: { name: string; email: string };
  /** The rectification ledgers' rows by `<notice id>#<row>`, for complaints about a promise; empty when not loaded. */
  ledgerItems?: ReadonlyMap<string, { school: string; aspect: string; problem: string; notice: string; row: number }>;
}

/** The aspect value for "I am not sure which". */
export const UNSURE_ASPECT = 'unsure';

/**
 * The bureau that handles complaints about a school: the one content/
 * names as its supervisor. Never the school itself.
 */
export function routeToBureau(directory: Directory, schoolId: string): string | undefined {
  return directory.schools.get(schoolId)?.bureau;
}
