import { UNSURE_ASPECT } from './directory';

/**
 * "我也遇到了": the link a parent shares so that another parent of the same
 * school adds their own report of the same problem in one step. It names the
 * school and the aspect only (both public ids): never a reference, a receipt
 * code, a date or anything a parent wrote, so passing it on tells nobody who
 * complained or when. None for an aspect the parent was unsure of.
 */
export function sameLink(school: string, aspect: string): string | undefined {
  if (aspect === UNSURE_ASPECT) return undefined;
  return `/report/?${new URLSearchParams({ school, aspect, same: '1' }).toString()}`;
}

/** How many complaints of a list are about this school and aspect (the bureau's "N 位家长反映同一问题"). */
export function sameProblemCount(records: ReadonlyArray<{ school: string; aspect: string }>, school: string, aspect: string): number {
  return records.filter((r) => r.school === school && r.aspect === aspect).length;
}
