import type { Readable } from 'node:stream';

/**
 * Where a report form's image files wait, as they arrive, until the page has
 * processed them: never in memory whole (ten parents' 30 MB each would be
 * 300 MB), never on disk as sent. One adapter (adapters/encryptedSpool.ts).
 */
export interface UploadSpool {
  /** Takes one file's stream to its end; resolves once all of it is kept. Rejects when the stream or the disk fails (the file is then gone). */
  keep(stream: Readable): Promise<SpooledFile>;
}

export interface SpooledFile {
  /** Bytes kept (the file as sent). */
  readonly size: number;
  /** The file as sent, back in memory: only while it is processed. */
  read(): Promise<Uint8Array>;
  /** Removes it; again is fine. */
  discard(): Promise<void>;
}
