import type { ComplaintRecord } from '../../domain/complaint';
import { routeToBureau, UNSURE_ASPECT, type Directory } from '../../domain/directory';
import { countsToward, decideWaiting, releasedRecord, releaseJobs, waitGroup, waitSettings, waitStanding, type WaitStanding } from '../../domain/waiting';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';

/** A group is settled under a lock this long at most; a filing that finds it held waits its turn. */
const LOCK_MS = 10_000;
const RETRY_MS = 50;

export type WaitingRelease = ReturnType<typeof waitingRelease>;

/**
 * Sends complaints that wait for other parents (domain/waiting.ts) to the
 * bureau once enough parents complained, or at the end of the wait alone or
 * nowhere (withdrawn and deleted), as each parent chose. Checked after every
 * filing about the group, and by the timer/cron for every group where someone waits.
 *
 * Why no filing is missed: each filing is written before its check, and the
 * check counts under a lock on the group that a second check waits for
 * (never skips), so the last filing's check sees every one before it. Why
 * none goes twice: `store.release` and `store.withdraw` write only while the
 * complaint still waits, in one step of either store.
 */
export function waitingRelease(deps: { store: ComplaintStore; directory: Directory; clock: Clock }) {
  const { store, directory, clock } = deps;
  const settings = () => waitSettings(directory);

  /** Complaints of the group counted now: those waiting and those already with the bureau, filed within the window. */
  const counted = async (school: string, aspect: string, waiting: ComplaintRecord[]) => {
    const bureau = routeToBureau(directory, school);
    const others = bureau ? (await store.bureauRecords(bureau)).filter((r) => !r.waiting) : [];
    return countsToward([...waiting, ...others], school, aspect, clock.now(), settings().days);
  };

  /** Settles one group now; how many complaints went to the bureau and how many were withdrawn. */
  const settleNow = async (school: string, aspect: string) => {
    const waiting = await store.waitingIn(waitGroup(school, aspect));
    let [released, withdrawn] = [0, 0];
    if (waiting.length === 0) return { released, withdrawn };
    const count = await counted(school, aspect, waiting);
    const now = clock.now();
    for (const record of waiting) {
      const decision = decideWaiting(record.waiting!, count, now);
      if (decision === 'release' || decision === 'alone') {
        const after = releasedRecord(record, now, directory.deadlines.acceptDays);
        // The bureau's email, and the parent's note that it went (email, SMS), saved with the release.
        if (await store.release({ after, jobs: releaseJobs(after, now) })) released++;
      } else if (decision === 'withdraw') {
        if (await store.withdraw({ record, keepSeconds: directory.retentionDays * 86_400 })) withdrawn++;
      }
    }
    return { released, withdrawn };
  };

  /** Settles a group under its lock, waiting for a check already running rather than skipping. */
  const settle = async (school: string, aspect: string): Promise<{ released: number; withdrawn: number }> => {
    // Nobody waits in the group: no lock to take. A complaint filed after this read settles the group itself.
    if ((await store.waitingIn(waitGroup(school, aspect))).length === 0) return { released: 0, withdrawn: 0 };
    const deadline = Date.now() + LOCK_MS;
    for (;;) {
      const outcome = await store.withLock(`waiting:${waitGroup(school, aspect)}`, LOCK_MS, () => settleNow(school, aspect));
      if (outcome !== 'busy') return outcome;
      // The timer or cron settles the group if this filing gives up waiting.
      if (Date.now() > deadline) return { released: 0, withdrawn: 0 };
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  };

  return {
    settle,
    /**
     * After a filing the store said others wait beside (parents' and officers' alike: a recorded
     * complaint counts toward the group too): settles the group now. The filing is stored already,
     * so a hiccup here must not answer "not filed"; the hourly sweep settles the group then.
     */
    async afterFiling(school: string, aspect: string, othersWaiting: boolean) {
      if (othersWaiting && aspect !== UNSURE_ASPECT) await settle(school, aspect).catch(() => undefined);
    },
    /**
     * Settles every group where someone waits (the timer and the daily cron): those whose wait
     * ended, and those whose count was reached while no filing could settle them (a store
     * hiccup, the lock held past its wait), which would otherwise wait out their whole days.
     */
    async sweep() {
      const waiting = await store.allWaiting();
      const groups = new Map(waiting.map((r) => [waitGroup(r.school, r.aspect), r]));
      let [released, withdrawn] = [0, 0];
      for (const r of groups.values()) {
        const done = await settle(r.school, r.aspect);
        released += done.released;
        withdrawn += done.withdrawn;
      }
      return { released, withdrawn };
    },
    /** Where a waiting complaint stands, for its parent. */
    async standing(record: ComplaintRecord): Promise<WaitStanding | undefined> {
      if (!record.waiting) return undefined;
      const waiting = await store.waitingIn(waitGroup(record.school, record.aspect));
      return waitStanding(record.waiting, await counted(record.school, record.aspect, waiting));
    },
  };
}
