import { bureauCounts } from '../../domain/caseload';
import { repeatSignals, type RepeatRule, type RepeatSignal } from '../../domain/caseGroups';
import { chinaDate } from '../../domain/deadlines';
import type { Directory } from '../../domain/directory';
import type { OverdueLine } from '../../domain/emails/digestEmail';
import { collectOverdue } from '../../domain/overdue';
import { unsatisfiedLines, type UnsatisfiedLine } from '../../domain/ratingReview';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { Refusal, SignedIn } from './workspaceAccess';

export interface OfficeOverview {
  ok: true;
  bureaus: Array<{ id: string; name: string; open: number; overdue: number; disputed: number }>;
  /** The overdue list of the daily digest. */
  overdue: OverdueLine[];
  repeats: RepeatSignal[];
  rule: RepeatRule;
  unsatisfied: UnsatisfiedLine[];
}

/**
 * The city supervision office's overview in the workspace: every bureau with
 * its counts, the overdue list, schools complained about again and again,
 * and every 不满意 rating with the review after it. The office only reads.
 */
export function officeOverview(deps: { store: ComplaintStore; clock: Clock; directory: Directory }) {
  return async (
    who: SignedIn,
    /** Repeated complaints about one school the overview lists (content/site.yaml `supervisor.repeats`). */
    repeats: RepeatRule = { count: 3, days: 90 },
  ): Promise<OfficeOverview | Refusal> => {
    if (who.body.kind !== 'office') return { ok: false, kind: 'forbidden', message: '督导总览只对督导机构开放。' };
    const day = chinaDate(deps.clock.now());
    const lists = await Promise.all([...deps.directory.bureaus].map(async ([id, b]) => ({ id, name: b.name, records: await deps.store.bureauRecords(id) })));
    const bureaus = lists.map(({ id, name, records }) => ({ id, name, ...bureauCounts(records, day) }));
    const records = lists.flatMap((l) => l.records);
    const signals = repeatSignals(records, deps.directory, day, repeats);
    // Every 不满意 and the review after it, newest rating first (ratingReview.ts).
    const unsatisfied = records
      .flatMap((r) => unsatisfiedLines(r, deps.directory, day))
      .sort((a, b) => b.ratedOn.localeCompare(a.ratedOn) || a.reference.localeCompare(b.reference));
    return { ok: true, bureaus, overdue: await collectOverdue(deps), repeats: signals, rule: repeats, unsatisfied };
  };
}
