import {
  EVIDENCE_LIMITS,
  EVIDENCE_MESSAGES,
  downloadName,
  pendingBlobName,
  replyDownloadName,
  type EvidenceItem,
  type EvidenceType,
} from '../../domain/evidence';
import { replyImage } from '../../domain/thread';
import { checkRate } from '../../domain/rateLimit';
import type { Images } from '../../ports/images';
import type { ImageLimits } from '../../config/evidence';
import type { JobLimiter } from './imageJobs';
import type { BlobStore } from '../../ports/blobStore';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { Keys } from '../../ports/keys';
import type { Random } from '../../ports/random';
import type { Log } from '../log';
import type { Client } from './client';
import { whileStoreUp } from './outcome';
import { evidenceBlobs } from './evidenceBlobs';
import { sweepEvidence } from './evidenceSweep';
import { refusalMessage, shortName, type Gathered, type Upload } from './evidenceUpload';

export interface EvidenceDeps {
  blobs: BlobStore;
  keys: Keys;
  store: ComplaintStore;
  clock: Clock;
  random: Random;
  log: Log;
  imagesPerHour: number;
  /** Header limits and the per-image time limit (config/evidence.ts). */
  limits: ImageLimits;
  /** At most so many images processed at once (services/imageJobs.ts). */
  imageJobs: JobLimiter;
  /** sharp, loaded only when an image comes (adapters/sharpImages.ts). */
  images: () => Promise<Images>;
}

const HOUR = 3600;
/** Previews a client may ask for an hour, per image it may upload: every page of the form shows each image again. */
const PREVIEWS_PER_IMAGE = 20;

export type EvidenceService = ReturnType<typeof evidenceService>;

/**
 * Evidence images from upload to the bureau's download.
 *
 * Upload (the form's check step): each file is processed (sharpImages.ts),
 * sealed with a key of its own (Keys.sealBytes) and written as
 * `pending/<id>`; the form carries `<id>.<signature>` in a hidden field, so
 * the images survive an error round and the check page without JavaScript.
 * The id is 128 random bits and the signature is the site's, so a pending
 * image is reached only by the page it was uploaded from (never by listing
 * or guessing), and only for 24 hours.
 *
 * Filing: `plan` reads what the record will list (the pending ids, kept as
 * the filed ids) and writes nothing; only once the store has filed the
 * complaint does `settle` copy each image to `complaints/<reference>/<id>`
 * and leave a tombstone at `pending/<id>`, so a replay with the same form
 * key still reaches the store's idempotency answer and another filing with
 * those images is refused. The copy is idempotent (same name): a crash
 * before it is made good by the download (which falls back to the pending
 * blob) and by the sweep. `sweep` deletes pending blobs past 24 hours and
 * filed blobs whose complaint is not there (retention) once past a grace
 * period, and temporary files a failed write left.
 */

export function evidenceService(deps: EvidenceDeps) {
  const { idOf, readPending, putPending, writePending, claimHash, copyFiled, tokensOf } = evidenceBlobs(deps);

  return {
    /**
     * One round of the form: the images carried so far, less those the
     * parent removed, plus the new files, each processed and stored as
     * pending. Too many is refused before any is processed; a refused file
     * is never stored; the others are kept.
     */
    async gather(args: { carried: string | undefined; removed: string[]; files: Upload[]; client: Client }): Promise<Gathered> {
      const removed = new Set(args.removed);
      let tokens = (await tokensOf(args.carried)).filter((t) => !removed.has(t));
      const gone = removed.size > 0 ? (await Promise.all([...removed].map(idOf))).filter((id): id is string => id !== undefined) : [];
      if (gone.length > 0) await deps.blobs.delete(gone.map(pendingBlobName)).catch(() => undefined);
      // A pending image past its 24 hours is gone: say so rather than file a complaint without it.
      const present = await Promise.all(tokens.map(async (t) => Boolean(await deps.blobs.get(pendingBlobName((await idOf(t))!)))));
      const lost = present.includes(false);
      tokens = tokens.filter((_, i) => present[i]);
      const files = args.files.filter((f) => f.size > 0 || f.name !== '');
      if (files.length === 0) return { tokens, ...(lost ? { error: EVIDENCE_MESSAGES.lost } : {}) };
      if (tokens.length + files.length > EVIDENCE_LIMITS.perComplaint) return { tokens, error: EVIDENCE_MESSAGES.tooMany };
      const { processImage } = await deps.images();
      const problems: string[] = [];
      for (const file of files) {
        if (file.tooLarge) {
          problems.push(`“${shortName(file.name)}”${EVIDENCE_MESSAGES['too-large']}`);
          continue;
        }
        const rate = await checkRate(deps, 'evidence', args.client.address, { max: deps.imagesPerHour, windowSeconds: HOUR });
        if (!rate.allowed) {
          problems.push(EVIDENCE_MESSAGES.rate);
          break;
        }
        // Read inside the job: only the images being processed are in memory at once.
        const processed = await deps.imageJobs(async () => processImage(await file.read(), deps.limits));
        // Too many images in the works: the ones done so far are kept, the parent tries the rest later.
        if (processed === 'busy') return { tokens, error: EVIDENCE_MESSAGES.busy, unavailable: true };
        if (!processed.ok) {
          problems.push(`“${shortName(file.name)}”${refusalMessage(processed.reason, deps.limits)}`);
          continue;
        }
        tokens.push(await writePending(processed.image));
      }
      return { tokens, ...(problems.length > 0 ? { error: problems.join(' ') } : lost ? { error: EVIDENCE_MESSAGES.lost } : {}) };
    },

    /**
     * The small preview of a pending image for the check page; not-found for
     * an unknown, forged or expired token, limited past the client's hourly
     * previews (each is a decryption and a resize: a kept token must not make
     * the server resize without end).
     */
    preview: (token: string, client: Client): Promise<{ kind: 'ok'; bytes: Uint8Array } | { kind: 'not-found' | 'limited' | 'unavailable' }> =>
      whileStoreUp(async () => {
        const rate = await checkRate(deps, 'evidence-preview', client.address, { max: deps.imagesPerHour * PREVIEWS_PER_IMAGE, windowSeconds: HOUR });
        if (!rate.allowed) return { kind: 'limited' as const };
        const id = await idOf(token);
        const pending = id ? await readPending(id) : null;
        if (!pending || pending.meta.claimedFor !== undefined) return { kind: 'not-found' as const };
        return { kind: 'ok' as const, bytes: await (await deps.images()).previewOf(pending.image) };
      }),

    /**
     * What the record of a filing with these images will list, writing
     * nothing; 'taken' when they were filed already with another form key (a
     * replay of the same form key goes on to the store, which answers it).
     * A pending image that is gone is left out.
     */
    async plan(field: string | undefined, formKey: string): Promise<EvidenceItem[] | 'taken'> {
      const hash = await claimHash(formKey);
      const items: EvidenceItem[] = [];
      for (const token of await tokensOf(field)) {
        const id = (await idOf(token))!;
        const pending = await readPending(id);
        if (!pending) continue;
        if (pending.meta.claimedFor !== undefined) {
          if (pending.meta.claimedFor !== hash) return 'taken';
          continue;
        }
        items.push({ id, type: pending.meta.type, width: pending.meta.width, height: pending.meta.height, bytes: Number(pending.meta.bytes) });
      }
      return items;
    },

    /**
     * After the store filed the complaint: each image copied under its
     * reference, its pending blob replaced by a tombstone. A failure here
     * leaves a filed complaint whose images are still pending: the download
     * and the sweep copy them, so it is logged, never the parent's problem.
     */
    async settle(reference: string, items: EvidenceItem[], formKey: string): Promise<void> {
      try {
        const hash = await claimHash(formKey);
        for (const item of items) {
          await copyFiled(reference, item.id);
          await putPending(
            item.id,
            { type: item.type, width: item.width, height: item.height, bytes: String(item.bytes), claimedFor: hash },
            new Uint8Array(0),
          );
        }
      } catch (error) {
        deps.log('warn', 'evidence.settle.failed', { error: (error as Error)?.name ?? 'error' });
      }
    },

    /**
     * Image `index` (1-based) of a filed complaint, or of the parent's reply
     * at history step `step` (thread.ts), decrypted, with the file name its
     * download gets; null when there is no such image. The caller has checked
     * that whoever asks may see this complaint.
     */
    async evidenceImage({
      reference,
      index,
      step,
    }: {
      reference: string;
      index: number;
      step?: number | undefined;
    }): Promise<{ bytes: Uint8Array; type: EvidenceType; fileName: string } | null> {
      const record = await deps.store.byReference(reference);
      if (!record || !Number.isInteger(index)) return null;
      const item = step === undefined ? record.evidence?.[index - 1] : replyImage(record, step, index);
      if (!item) return null;
      // Normally the filed copy; after a crash between filing and settling, the pending image (copied now).
      const bytes = await copyFiled(reference, item.id);
      if (!bytes) return null;
      return {
        bytes,
        type: item.type,
        fileName: step === undefined ? downloadName(reference, index, item.type) : replyDownloadName(reference, step, index, item.type),
      };
    },

    /** Deletes pending images past their 24 hours and filed ones whose complaint is gone; counts what it deleted (evidenceSweep.ts). */
    sweep: () => sweepEvidence(deps, copyFiled),
  };
}
