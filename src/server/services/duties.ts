import type { ContentSet } from '../../catalogue/integrity';
import { dutyFacts, overdueRows, schoolLedger } from '../../catalogue/dutyFacts';
import type { LedgerItem } from '../../catalogue/ledger';
import { dutyStatus, isLate, type DutyStatus } from '../../domain/duties';
import { addDays, chinaDate } from '../../domain/deadlines';
import { pendingDeadline } from '../../domain/status';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { RectificationStore } from '../../ports/rectificationStore';
import type { OutcomeKind } from './outcome';
import { whileStoreUp } from './outcome';
import type { Refusal, SignedIn } from './workspaceAccess';

/** A school's duties as the public sees them: what it owes now and its rows past their deadline. */
export interface SchoolDuties {
  /** Owed in the last period due and the current one (`not-owed` left out). */
  statuses: DutyStatus[];
  overdue: Array<LedgerItem & { daysOverdue: number }>;
}

/** One school on the board (workspace only: it carries what complaints became). */
export interface BoardSchool extends SchoolDuties {
  id: string;
  name: string;
  openRows: number;
  /** Rectification items the bureau wrote from complaints that the school has not yet published as ledger rows. */
  unpublishedItems: number;
}

export interface BoardBureau {
  id: string;
  name: string;
  /** The bureau's own duties (bulletins). */
  own: DutyStatus[];
  schools: BoardSchool[];
  /** Open complaints whose next deadline is within three days (today included). */
  nearDeadline: number;
}

export type DutyBoard = { ok: true; kind: 'ok'; today: string; bureaus: BoardBureau[] } | Refusal;

const refuse = (kind: OutcomeKind, message: string): Refusal => ({ ok: false, kind, message });

/**
 * Duties (issue 25): what each school and bureau owes and how it met it, on
 * the public pages (from the catalogue the middleware already read: no store
 * read of its own) and on the workspace's board, with what derives from
 * complaints (unpublished rectification items, complaints near their
 * deadline) only there.
 */
export function dutyService(deps: { clock: Clock; items: RectificationStore; complaints: ComplaintStore; catalogue: () => Promise<{ content: ContentSet }> }) {
  const today = () => chinaDate(deps.clock.now());
  const owed = (list: DutyStatus[]) => list.filter((s) => s.state !== 'not-owed');

  /** One school's duties from a catalogue: public. */
  const school = (content: ContentSet, id: string, day = today()): SchoolDuties => ({
    statuses: owed(dutyStatus(dutyFacts(content, day), undefined, { school: id })),
    overdue: overdueRows(content, id, day),
  });

  /** A bureau's own duties and each of its schools' duties: public. */
  const bureau = (content: ContentSet, id: string, day = today()) => {
    const facts = dutyFacts(content, day);
    const all = owed(dutyStatus(facts, undefined, { bureau: id }));
    return {
      own: all.filter((s) => s.of === 'bureau'),
      schools: content.schools
        .filter((s) => s.bureau === id)
        .map((s) => ({ id: s.id, name: s.name, statuses: all.filter((st) => st.of === 'school' && st.by === s.id), overdue: overdueRows(content, s.id, day) })),
    };
  };

  /** The board of one bureau: the public figures plus open rows, unpublished items and complaints near their deadline. */
  async function boardOf(content: ContentSet, id: string, day: string): Promise<BoardBureau> {
    const { own, schools } = bureau(content, id, day);
    const items = await deps.items.ofBureau(id);
    const records = await deps.complaints.bureauRecords(id);
    const soon = addDays(day, 3);
    const nearDeadline = records.filter((r) => {
      const by = pendingDeadline(r)?.by;
      return by !== undefined && by >= day && by < soon;
    }).length;
    return {
      id,
      name: content.bureaus.find((b) => b.id === id)?.name ?? id,
      own,
      nearDeadline,
      schools: schools.map((s) => {
        const ledger = schoolLedger(content, s.id);
        const published = new Set(ledger.map((row) => row.item).filter(Boolean));
        return {
          ...s,
          openRows: ledger.filter((row) => row.status !== '已整改').length,
          unpublishedItems: items.filter((item) => item.school === s.id && !published.has(item.id)).length,
        };
      }),
    };
  }

  return {
    today,
    school,
    bureau,
    isLate,
    boardOf,
    /** The workspace's board: a bureau sees its own; the office every bureau. Schools are refused. */
    async board(who: SignedIn): Promise<DutyBoard> {
      if (who.body.kind === 'school') return refuse('forbidden', '按期公示督办表只给教育局和督导室查看。');
      const day = today();
      return whileStoreUp(
        async () => {
          const { content } = await deps.catalogue();
          const ids = who.body.kind === 'office' ? content.bureaus.map((b) => b.id) : [who.body.id];
          const bureaus: BoardBureau[] = [];
          for (const id of ids) bureaus.push(await boardOf(content, id, day));
          return { ok: true as const, kind: 'ok' as const, today: day, bureaus };
        },
        refuse('unavailable', '系统暂时无法读取，请稍后再试。'),
      );
    },
  };
}

export type DutyService = ReturnType<typeof dutyService>;
