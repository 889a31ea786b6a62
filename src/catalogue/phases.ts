import type { Phase } from './schemas/settings';

/**
 * The phase running on `today` (YYYY-MM-DD): the last phase that has
 * started and not ended. Before the first phase, none; a last phase without
 * an end date stays current, which is how "kept up long-term" shows.
 */
export function currentPhase(phases: readonly Phase[], today: string): Phase | undefined {
  let current: Phase | undefined;
  for (const phase of phases) {
    if (phase.startsOn <= today && (!phase.endsOn || today <= phase.endsOn)) current = phase;
  }
  return current;
}

/** Where a phase stands on `today`, for the timeline. */
export function phaseState(phase: Phase, today: string): 'done' | 'current' | 'upcoming' {
  if (today < phase.startsOn) return 'upcoming';
  if (phase.endsOn && today > phase.endsOn) return 'done';
  return 'current';
}
