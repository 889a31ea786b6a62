import { StoreUnavailableError } from '../../ports/complaintStore';
import type { StatsStore } from '../../ports/statsStore';
import type { PeriodRecord } from '../../domain/assessment/frozenPeriod';
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
    readPeriod: (period) => reader<PeriodRecord>(`${prefix}:stats:period:${period}`)(),
    // SET NX: the first run to finish keeps the period; the others read what it kept.
    writePeriodOnce: (record) =>
      guarded(async () => {
        const key = `${prefix}:stats:period:${record.period}`;
        await connection.redis.set(key, JSON.stringify(record), { nx: true });
        await connection.redis.sadd(`${prefix}:stats:periods`, record.period);
        const kept = await connection.redis.get(key);
        return typeof kept === 'string' ? (JSON.parse(kept) as PeriodRecord) : (kept as unknown as PeriodRecord);
      }),
    periods: () => guarded(async () => ((await connection.redis.smembers(`${prefix}:stats:periods`)) as unknown[]).map(String).sort().reverse()),
    close: () => connection.close(),
  };
}
