import type { PublicAnswer } from '../domain/publicAnswers';
import type { StatsSnapshot } from '../domain/statistics';
import type { PeriodRecord } from '../domain/assessment/frozenPeriod';

/**
 * Where the job keeps what the public pages read: the one statistics
 * snapshot (published, suppressed figures only) and the public answers.
 */
export interface StatsStore {
  /** The latest snapshot, or null before the first run. */
  read(): Promise<StatsSnapshot | null>;
  /** Replaces the snapshot in one step. */
  write(snapshot: StatsSnapshot): Promise<void>;
  /** The published answers, newest first, or null before the first run. */
  readAnswers(): Promise<PublicAnswer[] | null>;
  /** Replaces the published answers in one step. */
  writeAnswers(answers: PublicAnswer[]): Promise<void>;
  /** The frozen figures of a closed period (YYYY-MM), or null before they were first computed. */
  readPeriod(period: string): Promise<PeriodRecord | null>;
  /**
   * Keeps a closed period's figures the first time only: a later write (another
   * process, a second run) leaves the stored record and returns it.
   */
  writePeriodOnce(record: PeriodRecord): Promise<PeriodRecord>;
  /** The periods frozen so far, newest first. */
  periods(): Promise<string[]>;
  close(): Promise<void>;
}
