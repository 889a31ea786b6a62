import type { Registry } from '../../catalogue/registry';

/** The element each field's error links to (the first input of a group). */
export function fieldTargets(content: Registry): Record<string, string> {
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
    evidence: 'evidence',
    publishAnswer: 'publishAnswer',
    smsMobile: 'smsMobile',
    waitForOthers: 'waitForOthers',
    waitEnd: 'waitEnd-alone',
  };
}
