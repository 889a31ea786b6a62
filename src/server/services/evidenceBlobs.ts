import { EVIDENCE_LIMITS, filedBlobName, pendingBlobName, type EvidenceType } from '../../domain/evidence';
import type { ProcessedImage } from '../../ports/images';
import type { BlobStore } from '../../ports/blobStore';
import type { Keys } from '../../ports/keys';
import type { Random } from '../../ports/random';

/**
 * What a pending image's blob holds: the processed image and what the record
 * will say of it. Once filed, the blob is replaced by a tombstone: the same
 * fields with `claimedFor` (a keyed hash of the filing's form key) and no
 * image, so a replay of that filing is told apart from another filing.
 */
interface PendingImage {
  type: EvidenceType;
  width: number;
  height: number;
  bytes: string;
  claimedFor?: string;
}

/**
 * Evidence images as blobs: a pending image (`pending/<id>`, sealed with the
 * meta the record will list, reached only through a token this site signed)
 * and its filed copy (`complaints/<reference>/<id>`). What the evidence
 * service (evidence.ts) and its sweep (evidenceSweep.ts) read and write.
 */
export function evidenceBlobs(deps: { blobs: BlobStore; keys: Keys; random: Random }) {
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
    const opened = await deps.keys.openBytes(blob);
    const length = new DataView(opened.buffer, opened.byteOffset).getUint32(0);
    const meta = JSON.parse(new TextDecoder().decode(opened.subarray(4, 4 + length))) as PendingImage;
    return { meta, image: opened.subarray(4 + length) };
  };
  const putPending = async (id: string, meta: PendingImage, image: Uint8Array) => {
    const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
    const plain = new Uint8Array(4 + metaBytes.length + image.byteLength);
    new DataView(plain.buffer).setUint32(0, metaBytes.length);
    plain.set(metaBytes, 4);
    plain.set(image, 4 + metaBytes.length);
    await deps.blobs.put(pendingBlobName(id), await deps.keys.sealBytes(plain));
  };
  const writePending = async (image: ProcessedImage): Promise<string> => {
    const id = Buffer.from(deps.random.bytes(16)).toString('hex');
    await putPending(id, { type: image.type, width: image.width, height: image.height, bytes: String(image.bytes.byteLength) }, image.bytes);
    return `${id}.${await sign(id)}`;
  };
  const claimHash = (formKey: string) => deps.keys.idempotencyHash(`evidence|${formKey}`);
  /** Copies a pending image under its complaint unless it is there already: what a settle, a download or the sweep calls. */
  const copyFiled = async (reference: string, id: string): Promise<Uint8Array | null> => {
    const name = filedBlobName(reference, id);
    const filed = await deps.blobs.get(name);
    if (filed) return deps.keys.openBytes(filed);
    const pending = await readPending(id);
    if (!pending || pending.meta.claimedFor !== undefined) return null;
    await deps.blobs.put(name, await deps.keys.sealBytes(pending.image));
    return pending.image;
  };
  /** The tokens of a hidden field that this site issued, in order, once each. */
  const tokensOf = async (field: string | undefined) => {
    const tokens = [...new Set((field ?? '').split(/\s+/).filter(Boolean))].slice(0, EVIDENCE_LIMITS.perComplaint);
    const valid = await Promise.all(tokens.map(async (t) => ((await idOf(t)) ? t : undefined)));
    return valid.filter((t): t is string => t !== undefined);
  };

  return { idOf, readPending, putPending, writePending, claimHash, copyFiled, tokensOf };
}

export type EvidenceBlobs = ReturnType<typeof evidenceBlobs>;
