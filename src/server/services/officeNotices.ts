import { chinaDate, daysBetween } from '../../domain/deadlines';
import { ownerKey, type NoticeRecord } from '../../domain/notices/model';
import { publicNotice, type PublicNotice } from '../../domain/notices/publicView';
import type { Clock } from '../../ports/clock';
import type { NoticeStore, WaitingNotice } from '../../ports/noticeStore';
import type { SignedIn } from './workspaceAccess';

/** One of the city supervision office's published notices, as the public list shows it. */
export interface OfficeNoticeLine {
  id: string;
  kind: NoticeRecord['kind'];
  title: string;
  summary: string;
  /** China's day of its first publication (YYYY-MM-DD). */
  publishedOn: string;
  withdrawn: boolean;
}

/** A submission waiting for a bureau's review, as the office's overview lists it. */
export type WaitingEverywhere = WaitingNotice & { days: number; bureau: string };

const firstPublished = (record: NoticeRecord) => record.versions[0]?.publishedAt ?? '';

/**
 * The city supervision office's own notices (督查通报, 曝光, 工作动态) as the
 * public reads them: the content format names no publisher for them, so they
 * are not in the catalogue; /office/ lists them and /office/<id>/ shows one.
 * And, for the office's workspace, what waits for review at every bureau.
 */
export function officeNotices(deps: { notices: NoticeStore; clock: Clock; bureaus: readonly string[] }) {
  const published = async (): Promise<NoticeRecord[]> =>
    (await deps.notices.noticesOf(ownerKey({ kind: 'office' })))
      .filter((record) => record.versions.length > 0)
      .sort((a, b) => firstPublished(b).localeCompare(firstPublished(a)) || a.id.localeCompare(b.id));

  return {
    /** Newest first published first; withdrawn ones stay listed (their notice of withdrawal is public). */
    async list(): Promise<OfficeNoticeLine[]> {
      return (await published()).map((record) => {
        const current = record.versions.at(-1)!;
        return {
          id: record.id,
          kind: record.kind,
          title: current.content.title,
          summary: current.content.summary,
          publishedOn: chinaDate(new Date(firstPublished(record))),
          withdrawn: Boolean(record.withdrawal),
        };
      });
    },

    /** One published office notice as the public sees it; null for any other id. */
    async one(id: string): Promise<{ record: NoticeRecord; shown: PublicNotice } | null> {
      const record = /^[a-z][a-z0-9-]{1,63}$/.test(id) ? await deps.notices.find(id) : null;
      if (!record || record.owner.kind !== 'office') return null;
      const shown = publicNotice(record);
      return shown ? { record, shown } : null;
    },

    /**
     * Every submission waiting for review, at every bureau, longest waiting first, with the days waited
     * (China's days, as a bureau's own list counts them). Only the office reads it; it approves nothing.
     */
    async waitingEverywhere(who: SignedIn): Promise<WaitingEverywhere[] | null> {
      if (who.body.kind !== 'office') return null;
      const today = chinaDate(deps.clock.now());
      const lists = await Promise.all(deps.bureaus.map(async (bureau) => (await deps.notices.waitingFor(bureau)).map((w) => ({ ...w, bureau }))));
      return lists
        .flat()
        .sort((a, b) => a.since.localeCompare(b.since) || a.id.localeCompare(b.id))
        .map((w) => ({ ...w, days: daysBetween(chinaDate(new Date(w.since)), today) }));
    },
  };
}

export type OfficeNotices = ReturnType<typeof officeNotices>;
