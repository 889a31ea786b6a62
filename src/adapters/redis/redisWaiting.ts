import type { ComplaintRecord } from '../../domain/complaint';
import { pendingDeadline } from '../../domain/status';
import { endOfChinaDay } from '../../domain/deadlines';
import { waitGroup } from '../../domain/waiting';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { RedisConnection } from './connect';
import type { Keyspace } from './keyspace';
import { guarded } from './guarded';
import { jobArgs, jobKeys } from './queuedJobs';
import { fileOutcome, siteArgs } from './filing';
import { FILE_WAITING, RELEASE, WITHDRAW } from './waitingScripts';

/**
 * The complaint store's methods for complaints waiting for other parents
 * (domain/waiting.ts) on Redis: the record under its usual key and receipt
 * index, but in a sorted set per group and one by the end of the wait instead
 * of the bureau's list, the deadline index and the job queue. Moving out of
 * them (`release`, `withdraw`) is one Lua script that writes only while the
 * complaint still waits.
 */
export function redisWaiting(
  connection: RedisConnection,
  k: Keyspace,
): Pick<ComplaintStore, 'fileWaiting' | 'waitingIn' | 'allWaiting' | 'release' | 'withdraw'> {
  const { redis } = connection;
  const [fileWaiting, release, withdraw] = [FILE_WAITING, RELEASE, WITHDRAW].map((lua) => redis.createScript(lua));
  /** The records of these references that still exist, in order. */
  const records = async (references: string[]) =>
    references.length === 0
      ? []
      : ((await redis.mget(...references.map((r) => k.complaint(r)))) as Array<string | null>).flatMap((v) =>
          v === null ? [] : [JSON.parse(v) as ComplaintRecord],
        );

  return {
    fileWaiting: ({ complaint: c, rate, idempotency, site }) =>
      guarded(async () => {
        const [kind, value, waiting] = (await fileWaiting!.exec(
          [
            k.idempotency(idempotency?.hash ?? '-'),
            k.rate(rate.bucket),
            k.complaint(c.reference),
            k.receipt(c.receiptHash),
            k.waitingGroup(waitGroup(c.school, c.aspect)),
            k.waitingUntil(),
            site ? k.rate(site.bucket) : '-',
          ],
          [
            idempotency?.answer ?? '',
            String(idempotency?.ttlSeconds ?? 0),
            String(rate.max),
            String(rate.windowSeconds * 1000),
            JSON.stringify(c),
            c.reference,
            String(Date.parse(c.waiting!.until)),
            String(Date.parse(c.filedAt)),
            ...siteArgs(site),
          ],
        )) as [string, string?, string?];
        return fileOutcome(kind, value, waiting);
      }),
    waitingIn: (group) => guarded(async () => records((await redis.zrange(k.waitingGroup(group), 0, -1)) as string[])),
    allWaiting: () => guarded(async () => records((await redis.zrange(k.waitingUntil(), 0, -1)) as string[])),
    release: ({ after, jobs }) =>
      guarded(async () => {
        const pending = pendingDeadline(after);
        const done = await release!.exec(
          [
            k.waitingGroup(waitGroup(after.school, after.aspect)),
            k.waitingUntil(),
            k.complaint(after.reference),
            k.bureauComplaints(after.bureau),
            k.openByDeadline(),
            k.jobsDue(),
            ...jobKeys(k, jobs),
          ],
          [JSON.stringify(after), after.reference, pending ? String(endOfChinaDay(pending.by)) : '', String(Date.parse(after.filedAt)), ...jobArgs(jobs)],
        );
        return Number(done) === 1;
      }),
    withdraw: ({ record: gone, keepSeconds }) =>
      guarded(
        async () =>
          Number(
            await withdraw!.exec(
              [k.waitingGroup(waitGroup(gone.school, gone.aspect)), k.waitingUntil(), k.complaint(gone.reference), k.receipt(gone.receiptHash)],
              [gone.reference, String(keepSeconds)],
            ),
          ) === 1,
      ),
  };
}
