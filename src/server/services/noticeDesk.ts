import { noticeKinds, type NoticeKind } from '../../catalogue/schemas/notices';
import { chinaDate, daysBetween } from '../../domain/deadlines';
import { roleOn, type NoticeRole } from '../../domain/notices/access';
import { ownerKey, SCHOOL_KINDS, type NoticeAudit, type NoticeRecord } from '../../domain/notices/model';
import type { Clock } from '../../ports/clock';
import type { NoticeStore, WaitingNotice } from '../../ports/noticeStore';
import { actorOf } from './noticeSteps';
import type { Refusal, SignedIn } from './workspaceAccess';
import type { OutcomeKind } from './outcome';

const refuse = (kind: OutcomeKind, message: string): Refusal => ({ ok: false, kind, message });

/** What a body's notices page lists. */
export interface NoticeList {
  ok: true;
  /** The kinds this body writes. */
  kinds: NoticeKind[];
  notices: NoticeRecord[];
  /** For a bureau: its schools' submissions, oldest first, with the days each has waited. */
  waiting: Array<WaitingNotice & { days: number }>;
}

export interface OpenNotice {
  ok: true;
  record: NoticeRecord;
  /** `owner`, `reviewer`, or `reader` for the office. */
  role: NoticeRole | 'reader';
  audit: NoticeAudit[];
  /** Today in China, by the service's clock: the progress form's default day. */
  today: string;
}

/** The kinds a body writes: a school its self-inspections and ledgers; a bureau or the office the rest. */
export const kindsOf = (who: SignedIn): NoticeKind[] => noticeKinds.filter((k) => SCHOOL_KINDS.has(k) === (who.body.kind === 'school'));

/**
 * Reading notices in the workspace: a body's own, what waits for a bureau,
 * and one notice with its audit trail — for its owner, its reviewing bureau
 * and the office (which reads all and acts on none); anyone else 403.
 */
export function noticeDesk(deps: { notices: NoticeStore; clock: Clock }) {
  return {
    async list(who: SignedIn): Promise<NoticeList> {
      const owner = ownerKey(actorOf(who).body);
      const today = chinaDate(deps.clock.now());
      const waiting = who.body.kind === 'bureau' ? await deps.notices.waitingFor(who.body.id) : [];
      return {
        ok: true,
        kinds: kindsOf(who),
        notices: await deps.notices.noticesOf(owner),
        waiting: waiting.map((w) => ({ ...w, days: daysBetween(chinaDate(new Date(w.since)), today) })),
      };
    },

    async open(who: SignedIn, id: string | null | undefined): Promise<OpenNotice | Refusal> {
      const record = id && /^[a-z][a-z0-9-]{1,63}$/.test(id) ? await deps.notices.find(id) : null;
      if (!record) return refuse('not-found', '找不到这份公示：链接不完整，或者它从未保存。');
      const role = roleOn(record, actorOf(who)) ?? (who.body.kind === 'office' ? 'reader' : undefined);
      if (!role) return refuse('forbidden', '这份公示不属于本单位，也不由本单位审核，无法查看。');
      return { ok: true, record, role, audit: await deps.notices.auditOf(record.id), today: chinaDate(deps.clock.now()) };
    },
  };
}

export type NoticeDesk = ReturnType<typeof noticeDesk>;
