import { ledgerItems } from '../../catalogue/ledger';
import { currentPhase } from '../../catalogue/phases';
import type { Phase } from '../../catalogue/schemas/settings';
import type { NoticeEntry } from '../../catalogue/sources';
import { periodDays } from '../../domain/assessment/periods';
import { bulletinDraft } from '../../domain/bulletinDraft';
import type { Directory } from '../../domain/directory';
import type { NoticeSettings } from '../../domain/notices/access';
import { startNotice } from '../../domain/notices/machine';
import type { NoticeOwner } from '../../domain/notices/model';
import type { Clock } from '../../ports/clock';
import type { NoticeStore } from '../../ports/noticeStore';
import type { StatsStore } from '../../ports/statsStore';

/** The draft's id: one per bureau per period, so that however many runs try, it is created once. */
export const bulletinDraftId = (bureau: string, period: string) => `bulletin-${period.replace('-', '')}-${bureau}`;

/**
 * At the end of each month, every bureau finds in its workspace a draft
 * 督查通报 filled with the month's figures (issue 25, point 6): a normal
 * draft notice it owns, which it edits and publishes through the usual steps.
 * Run after each statistics run; it drafts for the latest frozen period.
 */
export function bulletinDrafts(deps: {
  stats: StatsStore;
  notices: NoticeStore;
  /** The published notices (content/notices and the site's), as the live catalogue merges them. */
  catalogue: () => Promise<readonly NoticeEntry[]>;
  directory: Directory;
  phases: readonly Phase[];
  settings: NoticeSettings;
  minCount: number;
  clock: Clock;
  /** Schools late with a disclosure due in the period (the duties evaluation); without it the draft asks the bureau to fill this in. */
  lateSchools?: (bureau: string, period: string) => Promise<string[] | null>;
}) {
  const schoolName = (id: string) => deps.directory.schools.get(id)?.name ?? id;
  return {
    async ensure(): Promise<{ period: string | null; drafted: string[] }> {
      const [period] = await deps.stats.periods();
      const record = period ? await deps.stats.readPeriod(period) : null;
      if (!period || !record?.bulletins) return { period: null, drafted: [] };
      const { first, last } = periodDays(period);
      const phase = currentPhase(deps.phases, last)?.id ?? deps.phases.at(-1)!.id;
      const drafted: string[] = [];
      let entries: readonly NoticeEntry[] | undefined;
      for (const [bureau, { name: bureauName }] of deps.directory.bureaus) {
        const id = bulletinDraftId(bureau, period);
        if (await deps.notices.find(id)) continue;
        entries ??= await deps.catalogue();
        const schools = new Set([...deps.directory.schools].filter(([, s]) => s.bureau === bureau).map(([s]) => s));
        const ledgers = entries.filter((e) => e.data.kind === 'rectification' && schools.has(e.data.school) && e.data.publishedOn <= last);
        const overdueRows = [...schools].flatMap((school) =>
          ledgerItems(ledgers.filter((e) => e.data.kind === 'rectification' && e.data.school === school))
            .filter((row) => row.status !== '已整改' && row.deadline <= last)
            .map((row) => ({ school: schoolName(school), problem: row.problem, deadline: row.deadline })),
        );
        const sanctions = entries
          .filter((e) => e.data.kind === 'bulletin' && e.data.bureau === bureau && e.data.publishedOn >= first && e.data.publishedOn <= last)
          .flatMap((e) => (e.data.kind === 'bulletin' ? e.data.findings : []))
          .map((f) => ({ school: schoolName(f.school), finding: f.finding, sanction: f.sanction }));
        const content = bulletinDraft({
          bureauName,
          period,
          phase,
          figures: record.bulletins[bureau]!,
          lateSchools: (await deps.lateSchools?.(bureau, period)) ?? null,
          overdueRows,
          sanctions,
          minCount: deps.minCount,
        });
        const owner: NoticeOwner = { kind: 'bureau', bureau };
        const at = deps.clock.now().toISOString();
        const outcome = startNotice(
          { id, kind: 'bulletin', owner, input: content },
          { body: owner },
          { directory: deps.directory, settings: deps.settings, at },
        );
        // Another process may have created it meanwhile: create answers false and the draft stays single.
        if (outcome.kind === 'saved' && (await deps.notices.create(outcome.record, outcome.audit))) drafted.push(id);
      }
      return { period, drafted };
    },
  };
}
