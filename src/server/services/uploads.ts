import { checkRate } from '../../domain/rateLimit';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { Keys } from '../../ports/keys';
import type { UploadSpool } from '../../ports/uploadSpool';
import type { Client } from './client';
import { whileStoreUp } from './outcome';

/** What a body with images may do before a byte of it is read; an admitted one's files go to `spool`. */
export type Admission =
  { kind: 'admitted'; release: () => void; spool?: UploadSpool } | { kind: 'limited'; retryAfterSeconds: number } | { kind: 'busy' } | { kind: 'unavailable' };

export type UploadGate = ReturnType<typeof uploadGate>;

const HOUR = 3600;

/**
 * The door of the report form's image uploads, decided from the client's
 * address alone, before its body is read: over its uploads an hour (as many
 * as the images it may upload) it is limited, unread; past `atOnce` bodies with
 * images held in this process, its files are dropped unread and its answers
 * kept (unavailable). A place is held until the page has answered. An admitted
 * body's files go to `spool` (encrypted temporary files) as they arrive, so
 * memory does not grow with the uploads under way; `atOnce` bounds the disk
 * they take (× a body's cap) and the work waiting for the image queue.
 */
export function uploadGate(deps: { store: ComplaintStore; keys: Keys; perHour: number; atOnce: number; spool?: UploadSpool }) {
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
        ...(deps.spool ? { spool: deps.spool } : {}),
        release: () => {
          if (!released) open--;
          released = true;
        },
      };
    },
  };
}
