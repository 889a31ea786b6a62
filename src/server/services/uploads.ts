import { checkRate } from '../../domain/rateLimit';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { Keys } from '../../ports/keys';
import type { Client } from './client';
import { whileStoreUp } from './outcome';

/** What a body with images may do before a byte of it is read. */
export type Admission = { kind: 'admitted'; release: () => void } | { kind: 'limited'; retryAfterSeconds: number } | { kind: 'busy' } | { kind: 'unavailable' };

export type UploadGate = ReturnType<typeof uploadGate>;

const HOUR = 3600;

/**
 * The door of the report form's image uploads, decided from the client's
 * address alone, before its body is read: over its uploads an hour (as many
 * as the images it may upload) it is limited, unread; past `atOnce` bodies with
 * images held in this process, its files are dropped unread and its answers
 * kept (unavailable). A place is held until the page has answered, so the memory
 * held by uploads is bounded by `atOnce` × a body's cap, however many
 * clients send at once.
 */
export function uploadGate(deps: { store: ComplaintStore; keys: Keys; perHour: number; atOnce: number }) {
  let open = 0;
  return {
    async admit(client: Client): Promise<Admission> {
      const rate = await whileStoreUp(() => checkRate(deps, 'upload', client.address, { max: deps.perHour, windowSeconds: HOUR }));
      if ('kind' in rate) return rate;
      if (!rate.allowed) return { kind: 'limited', retryAfterSeconds: rate.retryAfterSeconds };
      if (open >= deps.atOnce) return { kind: 'busy' };
      open++;
      let released = false;
      return {
        kind: 'admitted',
        release: () => {
          if (!released) open--;
          released = true;
        },
      };
    },
  };
}
