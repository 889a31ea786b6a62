import { randomBytes } from 'node:crypto';
import { EVIDENCE_LIMITS, EVIDENCE_MESSAGES, ORPHAN_GRACE_MINUTES, PENDING_HOURS, downloadName, filedBlobName, pendingBlobName, type EvidenceItem, type EvidenceType } from '../../domain/evidence';
import { openBlob, sealBlob } from '../../domain/sealedBlob';
import { checkRate } from '../../domain/rateLimit';
import type { ProcessedImage, Processing } from '../../adapters/sharpImages';
import type { BlobStore } from '../../ports/blobStore';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { Keys } from '../../ports/keys';
import type { Log } from '../log';
import type { Client } from './client';

/** A file as the form sent it: its name is shown back to the parent in a message, never stored. */
export interface Upload {
  name: string;
  bytes: Uint8Array;
}

/** What the form carries between rounds: the pending images' tokens, and at most one problem. */
export interface Gathered {
  tokens: string[];
  error?: string;
}

/** What a pending image's blob holds: the processed image and what the record will say of it. */
interface PendingImage {
  type: EvidenceType;
  width: number;
  height: number;
  bytes: string;
}

export interface EvidenceDeps {
  blobs: BlobStore;
  keys: Keys;
  store: ComplaintStore;
  clock: Clock;
  log: Log;
  imagesPerHour: number;
  /** sharp, loaded only when an image comes (adapters/sharpImages.ts). */
  images: () => Promise<{ processImage(bytes: Uint8Array): Promise<Processing>; previewOf(image: Uint8Array): Promise<Uint8Array> }>;
}

const HOUR = 3600;
const shortName = (name: string) => (name.length > 40 ? `${name.slice(0, 37)}…` : name) || '图片';

export type EvidenceService = ReturnType<typeof evidenceService>;

/**
 * Evidence images from upload to the bureau's download.
 *
 * Upload (the form's check step): each file is processed (sharpImages.ts),
 * sealed with a key of its own (sealedBlob.ts) and written as
 * `pending/<id>`; the form carries `<id>.<signature>` in a hidden field, so
 * the images survive an error round and the check page without JavaScript.
 * The id is 128 random bits and the signature is the site's, so a pending
 * image is reached only by the page it was uploaded from (never by listing
 * or guessing), and only for 24 hours.
 *
 * Filing: `claim` copies each pending image to `complaints/<reference>/<id>`
 * before the complaint's own transaction, which records the ids; then the
 * pending blobs are deleted. `sweep` deletes pending blobs past 24 hours and
 * filed blobs whose complaint is not there (a filing that failed after the
 * copy, or a complaint removed by retention) once past a grace period. So
 * no complaint points to a missing image and no image outlives its complaint.
 */
/** Previews a client may ask for an hour, per image it may upload: every page of the form shows each image again. */
const PREVIEWS_PER_IMAGE = 20;

export function evidenceService(deps: EvidenceDeps) {
  const sign = (id: string) => deps.keys.sign(`evidence|${id}`);
  /** The id of a token this site issued, or undefined. */
  const idOf = async (token: string): Promise<string | undefined> => {
    const [id, signature, extra] = token.split('.');
    if (extra !== undefined || !id || !signature || !/^[0-9a-f]{32}$/.test(id)) return undefined;
    return (await deps.keys.verify(`evidence|${id}`, signature)) ? id : undefined;
  };
  const readPending = async (id: string): Promise<{ meta: PendingImage; image: Uint8Array } | null> => {
    const blob = await deps.blobs.get(pendingBlobName(id));
    if (!blob) return null;
    const opened = await openBlob(deps.keys, blob);
    const length = new DataView(opened.buffer, opened.byteOffset).getUint32(0);
    const meta = JSON.parse(new TextDecoder().decode(opened.subarray(4, 4 + length))) as PendingImage;
    return { meta, image: opened.subarray(4 + length) };
  };
  const writePending = async (image: ProcessedImage): Promise<string> => {
    const id = randomBytes(16).toString('hex');
    const meta = new TextEncoder().encode(JSON.stringify({ type: image.type, width: image.width, height: image.height, bytes: String(image.bytes.byteLength) }));
    const plain = new Uint8Array(4 + meta.length + image.bytes.byteLength);
    new DataView(plain.buffer).setUint32(0, meta.length);
    plain.set(meta, 4);
    plain.set(image.bytes, 4 + meta.length);
    await deps.blobs.put(pendingBlobName(id), await sealBlob(deps.keys, plain));
    return `${id}.${await sign(id)}`;
  };
  /** The tokens of a hidden field that this site issued, in order, once each. */
  const tokensOf = async (field: string | undefined) => {
    const tokens = [...new Set((field ?? '').split(/\s+/).filter(Boolean))].slice(0, EVIDENCE_LIMITS.perComplaint);
    const valid = await Promise.all(tokens.map(async (t) => ((await idOf(t)) ? t : undefined)));
    return valid.filter((t): t is string => t !== undefined);
  };

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
      const files = args.files.filter((f) => f.bytes.byteLength > 0 || f.name !== '');
      if (files.length === 0) return { tokens, ...(lost ? { error: EVIDENCE_MESSAGES.lost } : {}) };
      if (tokens.length + files.length > EVIDENCE_LIMITS.perComplaint) return { tokens, error: EVIDENCE_MESSAGES.tooMany };
      const { processImage } = await deps.images();
      const problems: string[] = [];
      for (const file of files) {
        const rate = await checkRate(deps, 'evidence', args.client.address, { max: deps.imagesPerHour, windowSeconds: HOUR });
        if (!rate.allowed) {
          problems.push(EVIDENCE_MESSAGES.rate);
          break;
        }
        const processed = await processImage(file.bytes);
        if (!processed.ok) {
          problems.push(`“${shortName(file.name)}”${processed.message}`);
          continue;
        }
        tokens.push(await writePending(processed.image));
      }
      return { tokens, ...(problems.length > 0 ? { error: problems.join(' ') } : lost ? { error: EVIDENCE_MESSAGES.lost } : {}) };
    },

    /**
     * The small preview of a pending image for the check page; null for an
     * unknown, forged or expired token, 'limited' past the client's hourly
     * previews (each is a decryption and a resize: a kept token must not make
     * the server resize without end).
     */
    async preview(token: string, client: Client): Promise<Uint8Array | null | 'limited'> {
      const rate = await checkRate(deps, 'evidence-preview', client.address, { max: deps.imagesPerHour * PREVIEWS_PER_IMAGE, windowSeconds: HOUR });
      if (!rate.allowed) return 'limited';
      const id = await idOf(token);
      const pending = id ? await readPending(id) : null;
      if (!pending) return null;
      return (await deps.images()).previewOf(pending.image);
    },

    /**
     * Copies the pending images under the complaint's reference, before the
     * complaint's transaction; what the record will list. A pending image
     * that is gone is left out.
     */
    async claim(reference: string, field: string | undefined): Promise<EvidenceItem[]> {
      const items: EvidenceItem[] = [];
      for (const token of await tokensOf(field)) {
        const id = (await idOf(token))!;
        const pending = await readPending(id);
        if (!pending) continue;
        const filedId = randomBytes(16).toString('hex');
        await deps.blobs.put(filedBlobName(reference, filedId), await sealBlob(deps.keys, pending.image));
        items.push({ id: filedId, type: pending.meta.type, width: pending.meta.width, height: pending.meta.height, bytes: Number(pending.meta.bytes) });
      }
      return items;
    },

    /**
     * Image `index` (1-based) of a filed complaint, decrypted, with the file
     * name its download gets; null when there is no such image. The caller
     * has checked that whoever asks may see this complaint.
     */
    async evidenceImage({ reference, index }: { reference: string; index: number }): Promise<{ bytes: Uint8Array; type: EvidenceType; fileName: string } | null> {
      const record = await deps.store.byReference(reference);
      const item = record?.evidence?.[index - 1];
      if (!record || !item || !Number.isInteger(index)) return null;
      const blob = await deps.blobs.get(filedBlobName(reference, item.id));
      if (!blob) return null;
      return { bytes: await openBlob(deps.keys, blob), type: item.type, fileName: downloadName(reference, index, item.type) };
    },

    /** Deletes pending images past their 24 hours and filed ones whose complaint is gone; counts what it deleted. */
    async sweep(): Promise<{ pending: number; orphans: number }> {
      const now = deps.clock.now().getTime();
      const stalePending = (await deps.blobs.list('pending/')).filter((b) => now - b.writtenAt > PENDING_HOURS * HOUR * 1000).map((b) => b.name);
      await deps.blobs.delete(stalePending);
      const filed = (await deps.blobs.list('complaints/')).filter((b) => now - b.writtenAt > ORPHAN_GRACE_MINUTES * 60_000);
      const byReference = new Map<string, string[]>();
      for (const blob of filed) {
        const folder = blob.name.split('/')[1]!;
        byReference.set(folder, [...(byReference.get(folder) ?? []), blob.name]);
      }
      const orphans: string[] = [];
      for (const [folder, names] of byReference) {
        const record = await deps.store.byReference(folder.toUpperCase());
        const kept = new Set((record?.evidence ?? []).map((item) => filedBlobName(record!.reference, item.id)));
        orphans.push(...names.filter((name) => !kept.has(name)));
      }
      await deps.blobs.delete(orphans);
      if (stalePending.length + orphans.length > 0) deps.log('info', 'evidence.swept', { pending: stalePending.length, orphans: orphans.length });
      return { pending: stalePending.length, orphans: orphans.length };
    },
  };
}
