import type { Random } from '../../ports/random';

/** Eight lowercase letters and digits from the random port: a notice id's unguessable tail (drafts are not public). */
export function randomStableSuffix(random: Random): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...random.bytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}
