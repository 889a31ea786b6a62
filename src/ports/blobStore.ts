/**
 * Where evidence images are kept, already encrypted (Keys.sealBytes): the
 * store only ever sees opaque bytes. Two adapters, held to one contract
 * suite (tests/integration/blob-store.test.ts): a folder beside the embedded
 * database, and any S3-compatible bucket (AWS S3, Aliyun OSS, Tencent COS,
 * a self-hosted store).
 *
 * Names are paths of lowercase letters, digits, `-`, `_`, `.` and `/`
 * (`pending/<id>`, `complaints/<reference>/<id>`), never user text.
 */
export interface BlobStore {
  /** Where the blobs live, for logs and health: never a key or password. */
  readonly describe: string;
  /** Writes the whole blob under `name`, replacing any; a reader sees all of it or none. */
  put(name: string, bytes: Uint8Array): Promise<void>;
  /** The blob, or null when there is none. */
  get(name: string): Promise<Uint8Array | null>;
  /** Removes the blobs; names that are not there are fine. */
  delete(names: string[]): Promise<void>;
  /** Every blob whose name starts with `prefix`, with when it was written (epoch ms). */
  list(prefix: string): Promise<Array<{ name: string; writtenAt: number }>>;
  /** Removes what writes that failed or were killed left behind, written before `before` (epoch ms); how many. */
  clean(before: number): Promise<number>;
}

import { StoreUnavailableError } from './complaintStore';

/** Thrown by an adapter when the blob store cannot be reached: a store outage like any other, the boundary answers 503. */
export class BlobStoreUnavailableError extends StoreUnavailableError {
  override name = 'BlobStoreUnavailableError';
}

/** The one shape a blob name may take: nothing a caller could use to leave the store's folder or prefix. */
export const BLOB_NAME = /^(?:[a-z0-9][a-z0-9._-]{0,99}\/){0,3}[a-z0-9][a-z0-9._-]{0,99}$/i;

export function checkBlobName(name: string): string {
  if (!BLOB_NAME.test(name) || name.split('/').some((part) => part === '.' || part === '..' || part.includes('..'))) throw new Error('invalid blob name');
  return name;
}
