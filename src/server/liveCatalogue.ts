import type { NoticeEntry } from '../catalogue/sources';
import type { Clock } from '../ports/clock';
import { liveSlot } from './livePages.mjs';
import type { LiveNotices } from './liveNotices';
import { storeWinsPaths } from './storeWinsPaths';

/** A page generation that changes with each publication and with China's day: 100,000 days are 273 years. */
const pageGeneration = (generation: number, now: Date) => generation * 100_000 + Math.floor((now.getTime() + 8 * 3_600_000) / 86_400_000);

/**
 * The live catalogue every page reads: the published notices (liveNotices.ts)
 * with a page generation for the rendered-page cache, also told to the Node
 * server's fast path (livePages.mjs).
 */
export function liveCatalogue(notices: LiveNotices, clock: Clock, contentNotices: () => Promise<NoticeEntry[]>) {
  const markStoreWins = storeWinsPaths(contentNotices);
  return async () => {
    const read = await notices.current();
    // Pages show duties and overdue rows as of China's day (issue 25): a rendered page is kept per publication and per day.
    const live = { ...read, generation: pageGeneration(read.generation, clock.now()) };
    // What the Node server's fast path (livePages.mjs) may serve without asking: this generation, until the next check is due.
    liveSlot.generation = live.generation;
    liveSlot.freshUntil = notices.freshUntil();
    await markStoreWins(live);
    return live;
  };
}
