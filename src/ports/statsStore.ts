import type { PublicAnswer } from '../domain/publicAnswers';
import type { StatsSnapshot } from '../domain/statistics';

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
  close(): Promise<void>;
}
