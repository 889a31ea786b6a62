import type { ComplaintRecord } from './complaint';
import { addDays, chinaDate } from './deadlines';
import { UNSURE_ASPECT, type Directory } from './directory';
import { handlingOf } from './handling';
import { channelOf } from './channels';
import { countedFinding, findingCellsOf, findingLines } from './findingStats';
import { publicAnswerOf } from './publicAnswers';
import { showMedian, showShare, suppress, type SuppressionRules } from './suppression';
import { ratingTally } from './ratingStats';
import { publishedLines } from './statsLines';
import { CITY, cell, lastTwelveMonths, medianId, schoolScope, shareId, statsTaxonomy, type StatsSnapshot } from './statistics';

/** Each on-time share and the count above it: decisions in time of those due, answers in time of those due. */
const ON_TIME = [
  ['accept', 'acceptedOnTime'],
  ['answer', 'answeredOnTime'],
] as const;

/**
 * Counts complaints one at a time (the job feeds it page by page) and then
 * publishes them. Complaints about a school or bureau no longer in content/
 * are left out, so every line still adds up.
 */
export function statsTally(directory: Directory, now: Date) {
  const today = chinaDate(now);
  const months = lastTwelveMonths(today);
  const firstDay = `${months[0]}-01`;
  const { aspects, categories, categoryOf } = statsTaxonomy(directory);
  const bureaus = [...directory.bureaus.keys()];
  const schoolsOf = (bureau: string) => [...directory.schools].filter(([, s]) => s.bureau === bureau).map(([id]) => schoolScope(id));
  // Ratings and recurrences (ratingStats.ts): cells of their own, suppressed with their own lines.
  const ratings = ratingTally({ bureaus, schoolsOf, aspects });
  const values = new Map<string, number>();
  // What a reader of /answers/ can count for each cell: its published answers.
  const floors = new Map<string, number>();
  const promises = new Set<string>();
  const add = (id: string) => values.set(id, (values.get(id) ?? 0) + 1);
  const addSeen = (id: string, published: boolean) => {
    add(id);
    if (published) floors.set(id, (floors.get(id) ?? 0) + 1);
  };
  const groups = new Map<string, number>();
  const addGroup = (id: string) => groups.set(id, (groups.get(id) ?? 0) + 1);
  const days = new Map<string, number[]>();
  const addDaysTo = (id: string, value: number) => {
    const list = days.get(id);
    if (list) list.push(value);
    else days.set(id, [value]);
  };

  return {
    add(record: ComplaintRecord) {
      const school = directory.schools.get(record.school);
      if (!school || !directory.bureaus.has(record.bureau)) return;
      const h = handlingOf(record, directory.deadlines, today);
      if (h.overdueNow) for (const scope of [CITY, h.bureau]) add(cell.measure('overdue', scope));
      if (h.filedOn < firstDay || h.filedOn > addDays(today, 1)) return;
      const month = h.filedOn.slice(0, 7);
      const aspect = directory.aspects.has(record.aspect) ? record.aspect : UNSURE_ASPECT;
      const category = categoryOf(aspect);
      // A published answer names its school, problem type and day filed:
      // each cell it falls in is known to be at least the answers there.
      const published = publicAnswerOf(record) !== null;
      // What was complained about counts for the bureau that supervises the
      // school (so that a bureau's figures add up from its schools' figures);
      // how it was handled counts for the bureau that handles it now.
      for (const scope of [CITY, school.bureau, schoolScope(record.school)]) {
        addSeen(cell.measure('received', scope), published);
        addSeen(cell.category(category, scope), published);
        addSeen(cell.month(month, scope), published);
        if (!scope.startsWith('school:')) addSeen(cell.aspect(aspect, scope), published);
      }
      addSeen(cell.monthAspect(month, aspect), published);
      // 同题反映 count where `received` does (the school's bureau), so that the bureaus add up to the city.
      if (record.sameLink) for (const scope of [CITY, school.bureau]) add(cell.measure('sameProblem', scope));
      // No published answer says how it came in: these cells have no floor. No school's figures by channel either (a
      // phoned complaint about a small school would point to the family that phones).
      for (const scope of [CITY, school.bureau]) add(cell.channel(channelOf(record), scope));
      // The finding counts where the complaint does (its school's bureau), so that schools add up to their bureau.
      const finding = countedFinding(record);
      if (finding) for (const id of findingCellsOf(finding, [CITY, school.bureau, schoolScope(record.school)], aspect)) addSeen(id, published);
      ratings.add(record, school.bureau, aspect);
      const promise = record.ledgerItem ? directory.ledgerItems?.get(record.ledgerItem) : undefined;
      if (promise && promise.school === record.school) {
        add(cell.ledger(record.ledgerItem!));
        promises.add(record.ledgerItem!);
      }
      for (const scope of [CITY, h.bureau]) {
        if (h.acceptDue) addGroup(shareId('accept', scope));
        if (h.acceptedOnTime) add(cell.measure('acceptedOnTime', scope));
        if (h.answerDue) addGroup(shareId('answer', scope));
        if (h.answeredOnTime) add(cell.measure('answeredOnTime', scope));
        if (h.rejected) add(cell.measure('rejected', scope));
        if (h.disputed) add(cell.measure('disputed', scope));
        if (h.daysToDecide !== undefined) addDaysTo(medianId('daysToDecide', scope), h.daysToDecide);
        if (h.daysToAnswer !== undefined) addDaysTo(medianId('daysToAnswer', scope), h.daysToAnswer);
      }
      for (const from of h.transferredBy) if (directory.bureaus.has(from)) for (const scope of [CITY, from]) add(cell.measure('transferred', scope));
    },

    publish(rules: SuppressionRules): StatsSnapshot {
      const lines = [...publishedLines({ bureaus, schoolsOf, categories, aspects, categoryOf, months }), ...findingLines({ bureaus, schoolsOf, aspects })];
      const figures = suppress(values, lines, rules, floors);
      // A promise's count is a lower bound on its school's total, which the
      // sums above do not know: it is shown only where that total is shown as
      // a number (then it tells nothing more), else withheld like the total.
      for (const key of promises) {
        const school = figures.get(cell.measure('received', schoolScope(directory.ledgerItems!.get(key)!.school)));
        if (school?.kind !== 'count') figures.set(cell.ledger(key), { kind: 'withheld' });
      }
      const shares: StatsSnapshot['shares'] = {};
      const medians: StatsSnapshot['medians'] = {};
      const ranked: StatsSnapshot['ranking']['ranked'] = [];
      const unranked: string[] = [];
      const value = (id: string) => values.get(id) ?? 0;
      for (const scope of [CITY, ...bureaus]) {
        for (const [share, measure] of ON_TIME) {
          const onTime = cell.measure(measure, scope);
          shares[shareId(share, scope)] = showShare(figures.get(onTime)!, value(onTime), groups.get(shareId(share, scope)) ?? 0, rules);
        }
        for (const kind of ['daysToDecide', 'daysToAnswer'] as const) medians[medianId(kind, scope)] = showMedian(days.get(medianId(kind, scope)) ?? [], rules);
      }
      // The assessment reads on-time handling: decisions and answers made in time, of those due.
      for (const bureau of bureaus) {
        const onTime = (['acceptedOnTime', 'answeredOnTime'] as const).map((m) => figures.get(cell.measure(m, bureau))!);
        const group = (groups.get(shareId('accept', bureau)) ?? 0) + (groups.get(shareId('answer', bureau)) ?? 0);
        if (group < rules.minGroup || onTime.some((s) => s.kind !== 'count')) unranked.push(bureau);
        else
          ranked.push({
            bureau,
            percent: Math.round(((value(cell.measure('acceptedOnTime', bureau)) + value(cell.measure('answeredOnTime', bureau))) / group) * 100),
          });
      }
      // Ties by id, not by a count that may be hidden: the order would tell which hidden count is larger.
      ranked.sort((a, b) => b.percent - a.percent || a.bureau.localeCompare(b.bureau));
      // Shown zeros are left out (figureOf reads them back): most cells of a young site are 0.
      const kept = [...figures, ...ratings.publish(rules)].filter(([, s]) => !(s.kind === 'count' && s.value === 0));
      const promised = [...promises].sort().map((key) => ({ key, ...directory.ledgerItems!.get(key)! }));
      return {
        version: 1,
        computedAt: now.toISOString(),
        months,
        rules,
        figures: Object.fromEntries(kept),
        shares,
        medians,
        ranking: { ranked, unranked },
        promises: promised,
      };
    },
  };
}
