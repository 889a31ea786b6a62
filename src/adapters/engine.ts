import type { StoreTarget } from '../config/env';
import type { ComplaintStore } from '../ports/complaintStore';
import type { NoticeStore } from '../ports/noticeStore';
import type { StatsStore } from '../ports/statsStore';
import type { WorkspaceStore } from '../ports/workspaceStore';
import type { RectificationStore } from '../ports/rectificationStore';
import { borrowed, connectRedis } from './redis/connect';
import { redisComplaintStore } from './redis/redisComplaintStore';
import { redisWorkspaceStore } from './redis/redisWorkspaceStore';
import { redisNoticeStore } from './redis/redisNoticeStore';
import { redisRectificationStore } from './redis/redisRectificationStore';

/** The stores of one process, all on one connection to one engine. */
export interface Engine {
  /** Where the data lives, for logs and health pages: never a password or token. */
  describe: string;
  complaints: ComplaintStore;
  /** The workspace's links and sessions, where the complaints are. */
  sessions: WorkspaceStore;
  statistics: StatsStore;
  /** Notices written in the site: drafts, reviews, published versions (docs/publishing.md). */
  notices: NoticeStore;
  /** Rectification items a bureau sends to a school, and the complaints linked to them (bureau-only). */
  rectifications: RectificationStore;
  /** Closes the one connection; the stores' own close() leave it to this. */
  close(): Promise<void>;
}

/**
 * Where connections are opened: one client per engine per process (one Redis
 * client, or one handle on schoolwatch.db), handed to every store on it and
 * closed once. Each store used to open its own: three Redis clients and three
 * SQLite handles per process.
 */
export async function openEngine(target: StoreTarget, keyPrefix: string): Promise<Engine> {
  if (target.kind === 'sqlite') {
    // Loaded only when chosen: a Vercel function never needs node:sqlite.
    const [{ openDatabase }, { openSqliteStore }, { openSqliteWorkspaceStore }, { sqliteStatsStore }, { sqliteNoticeStore }, { sqliteRectificationStore }] =
      await Promise.all([
        import('./sqlite/connection'),
        import('./sqlite/sqliteComplaintStore'),
        import('./sqlite/sqliteWorkspaceStore'),
        import('./stats/sqliteStatsStore'),
        import('./sqlite/sqliteNoticeStore'),
        import('./sqlite/sqliteRectificationStore'),
      ]);
    const database = openDatabase(target.dir);
    try {
      return {
        describe: `SQLite database at ${database.file}`,
        complaints: openSqliteStore(database),
        sessions: openSqliteWorkspaceStore(database),
        statistics: sqliteStatsStore(database),
        notices: sqliteNoticeStore(database.db),
        rectifications: sqliteRectificationStore(database.db),
        close: () => database.close(),
      };
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  const connection = connectRedis(target);
  const { redisStatsStore } = await import('./stats/redisStatsStore');
  const shared = borrowed(connection);
  return {
    describe: connection.describe,
    complaints: redisComplaintStore(shared, keyPrefix),
    sessions: redisWorkspaceStore(shared, keyPrefix),
    statistics: redisStatsStore(shared, keyPrefix),
    notices: redisNoticeStore(shared, keyPrefix),
    rectifications: redisRectificationStore(shared, keyPrefix),
    close: () => connection.close(),
  };
}
