import type { StatsSnapshot } from '../../domain/statistics';
import { StoreUnavailableError } from '../../ports/complaintStore';
import type { StatsStore } from '../../ports/statsStore';
import type { RedisConnection } from '../redis/connect';

/** The snapshot as one Redis string beside the complaints, under the same prefix. */
export function redisStatsStore(connection: RedisConnection, prefix = 'sw'): StatsStore {
  const key = `${prefix}:stats:snapshot`;
  const guarded = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError(`stats snapshot unavailable (${(error as Error)?.name ?? 'unknown'})`);
    }
  };
  return {
    read: () => guarded(async () => {
      const value = await connection.redis.get(key);
      return typeof value === 'string' ? (JSON.parse(value) as StatsSnapshot) : null;
    }),
    write: (snapshot) => guarded(async () => void (await connection.redis.set(key, JSON.stringify(snapshot)))),
    close: () => connection.close(),
  };
}
