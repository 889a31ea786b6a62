import type { ContentSet } from '../../catalog/integrity';

/** The element each field's error links to (the first input of a group). */
export function fieldTargets(content: ContentSet): Record<string, string> {
  return {
    school: 'school',
    aspect: `aspect-${content.aspects[0]?.id ?? 'unsure'}`,
    description: 'description',
    occurredOn: 'occurredOn',
    anonymous: 'anonymous-yes',
    name: 'name',
    phone: 'phone',
    email: 'email',
    contactConsent: 'contactConsent-yes',
  };
}

/** Form values as the page keeps them between rounds: text only. */
export type FormValues = Record<string, string>;

/** Keeps only string fields of a parsed form body, so nothing else is echoed back into the page. */
export function formValues(fields: unknown): FormValues {
  if (!fields || typeof fields !== 'object') return {};
  return Object.fromEntries(Object.entries(fields as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
