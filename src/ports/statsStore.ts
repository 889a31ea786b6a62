import type { StatsSnapshot } from '../domain/statistics';

/**
 * Where the one statistics snapshot is kept: written by the job, read by
 * every statistics page and file. Holds only published (suppressed) figures.
 */
export interface StatsStore {
  /** The latest snapshot, or null before the first run. */
  read(): Promise<StatsSnapshot | null>;
  /** Replaces the snapshot in one step. */
  write(snapshot: StatsSnapshot): Promise<void>;
  close(): Promise<void>;
}
