import type { ComplaintEvent } from './complaint';
import { eventLabel } from './publicView';
import { RELEASED_WORDS } from './statusWords';
import type { OutgoingSms, SmsTemplate } from '../ports/smsSender';

/** The SMS settings of content/site.yaml, as the dispatcher needs them. */
export interface SmsSettings {
  signName: string;
  templates: Record<SmsTemplate, { code: string; text: string }>;
  perNumberPerDay: number;
  perDay: number;
}

/**
 * Which template a step of the complaint is announced with: an answer asks
 * for a rating, a question from the bureau asks for a reply, the 回访 asks
 * whether the problem is still there; every other step is an update. Steps
 * are named by type so that steps added later fall back to an update.
 */
const TEMPLATE_OF: Partial<Record<string, SmsTemplate>> = {
  resolved: 'rating',
  asked: 'question',
  'follow-up-asked': 'followUp',
};

/** Words of the notes that are not history steps (the update template carries them). */
const OTHER_WORDS: Partial<Record<string, string>> = { released: RELEASED_WORDS };

/**
 * The short message for one step: only the reference and the step in words.
 * Never the complaint's text, the answer, a name or the receipt code: a
 * phone's lock screen shows it to whoever holds the phone.
 */
export function smsForStep(reference: string, step: ComplaintEvent['type'] | string, to: string, idempotencyKey: string, settings: SmsSettings): OutgoingSms {
  const template = TEMPLATE_OF[step] ?? 'update';
  const label = (eventLabel as Record<string, string>)[step] ?? OTHER_WORDS[step] ?? '有新进展';
  return {
    to,
    template,
    templateCode: settings.templates[template].code,
    signName: settings.signName,
    params: [
      { name: 'reference', value: reference },
      { name: 'status', value: label },
    ],
    idempotencyKey,
  };
}
