/**
 * What a bureau found when it looked into a complaint. Every answer states
 * one: the parent reads it with the answer, the statistics count it, and a
 * substantiated finding is what puts a rectification item on the school's
 * ledger. The keys are stored; the words are what everyone reads.
 */
export const FINDINGS = ['substantiated', 'partly', 'unfounded', 'unverifiable'] as const;

export type Finding = (typeof FINDINGS)[number];

export const findingLabel: Record<Finding, string> = {
  substantiated: '属实',
  partly: '部分属实',
  unfounded: '不属实',
  unverifiable: '无法核实',
};

export function isFinding(value: unknown): value is Finding {
  return typeof value === 'string' && (FINDINGS as readonly string[]).includes(value);
}

/** A finding that obliges the school to rectify: the bureau then writes rectification items. */
export function needsRectification(finding: Finding | undefined): boolean {
  return finding === 'substantiated' || finding === 'partly';
}
