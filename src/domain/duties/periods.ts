import type { Duty, DutySettings, PeriodSet } from '../../catalogue/schemas/duties';
import { addDays } from '../deadlines';

/** One period of a duty, with the day it falls due. */
export interface DutyPeriod {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  /** The last day on which publishing is on time. */
  dueOn: string;
}

/** A campaign phase's span, for duties limited to some phases. */
export interface PhaseSpan {
  id: string;
  startsOn: string;
  endsOn?: string | undefined;
}

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/** The periods of a set, in order: listed, or every calendar month between two. */
export function periodsOfSet(set: PeriodSet): Array<Omit<DutyPeriod, 'dueOn'>> {
  if (set.periods) return set.periods.map(({ id, name, startsOn, endsOn }) => ({ id, name, startsOn, endsOn }));
  const months: Array<Omit<DutyPeriod, 'dueOn'>> = [];
  const [fromYear, fromMonth] = set.months!.from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = set.months!.to.split('-').map(Number) as [number, number];
  for (let y = fromYear, m = fromMonth; y < toYear || (y === toYear && m <= toMonth); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const id = `${y}-${String(m).padStart(2, '0')}`;
    months.push({ id, name: `${y} 年 ${m} 月`, startsOn: `${id}-01`, endsOn: lastDayOfMonth(y, m) });
  }
  return months;
}

/**
 * Every period in which `duty` is owed, with its due day: `dueDays` after
 * the first day, or the last day when the duty names none; only periods
 * overlapping one of its phases when it names some.
 */
export function dutyPeriods(settings: Pick<DutySettings, 'periodSets'>, duty: Duty, phases: readonly PhaseSpan[] = []): DutyPeriod[] {
  const set = settings.periodSets.find((s) => s.id === duty.periods);
  if (!set) return [];
  const spans = duty.phases ? phases.filter((p) => duty.phases!.includes(p.id)) : undefined;
  return periodsOfSet(set)
    .filter((p) => !spans || spans.some((s) => s.startsOn <= p.endsOn && (s.endsOn === undefined || s.endsOn >= p.startsOn)))
    .map((p) => ({ ...p, dueOn: duty.dueDays === undefined ? p.endsOn : addDays(p.startsOn, duty.dueDays) }));
}
