import { StoreUnavailableError } from '../../ports/complaintStore';
import type { StatsStore } from '../../ports/statsStore';
import type { RedisConnection } from '../redis/connect';

/** The snapshot and the public answers as two Redis strings beside the complaints, under the same prefix. */
export function redisStatsStore(connection: RedisConnection, prefix = 'sw'): StatsStore {
  const guarded = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError(`statistics unavailable (${(error as Error)?.name ?? 'unknown'})`);
    }
  };
  const reader =
    <T>(key: string) =>
    () =>
      guarded(async () => {
        const value = await connection.redis.get(key);
        return typeof value === 'string' ? (JSON.parse(value) as T) : null;
      });
  const writer =
    <T>(key: string) =>
    (value: T) =>
      guarded(async () => void (await connection.redis.set(key, JSON.stringify(value))));
  const [snapshot, answers] = [`${prefix}:stats:snapshot`, `${prefix}:stats:answers`];
  return {
    read: reader(snapshot),
    write: writer(snapshot),
    readAnswers: reader(answers),
    writeAnswers: writer(answers),
    close: () => connection.close(),
  };
}
