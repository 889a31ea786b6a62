import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BlobStoreUnavailableError } from '../ports/blobStore';
import type { UploadSpool } from '../ports/uploadSpool';

/** What a disk answers when it is full or failing: an outage (503, answers kept), never a 500. */
const DISK_FAILURES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EACCES', 'EPERM', 'EMFILE', 'ENFILE', 'EFBIG']);
const onDisk = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code && DISK_FAILURES.has(code) ? new BlobStoreUnavailableError(`upload spool failed (${code})`) : error;
};

/** A spooled file older than this belongs to a process that was killed: removed at the next start. */
const LEFTOVER_MS = 60 * 60_000;
/** Read back in pieces of this size. */
const PIECE = 256 * 1024;
const isSpooled = (name: string) => name.startsWith('.') && name.endsWith('.tmp');

/**
 * Uploaded files as encrypted temporary files in `dir`: each is streamed
 * through AES-256-GCM with a key of its own, made for it and held only in
 * this process's memory, so what is on disk is unreadable without the
 * process that wrote it (a killed process leaves noise, not a photo). A file
 * is in memory only while it is read back for processing. Files are named
 * `.<random>.tmp` like the blob folder's temporary files, so when `dir` is
 * inside that folder its sweep removes what a killed process left; leftovers
 * older than an hour are also removed when the spool is first used.
 */
export function encryptedSpool(dir: string): UploadSpool {
  let ready: Promise<void> | undefined;
  const prepare = () =>
    (ready ??= (async () => {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const before = Date.now() - LEFTOVER_MS;
      for (const name of (await readdir(dir)).filter(isSpooled)) {
        const info = await stat(join(dir, name)).catch(() => null);
        if (info && info.mtimeMs < before) await rm(join(dir, name), { force: true }).catch(() => undefined);
      }
    })().catch((error: unknown) => {
      ready = undefined;
      throw onDisk(error);
    }));
  return {
    async keep(stream) {
      const key = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // Its failure is the promise's (pipeline below, or the check after the folder is made), never an uncaught error.
      cipher.on('error', () => undefined);
      // Listened to at once: the form's parser may destroy the stream (a body
      // cut short) while the folder is being prepared. A stream destroyed
      // before its end is a failure, error or not.
      const cut = (error?: Error) => void (stream.readableEnded || cipher.destroy(error ?? new Error('upload cut short')));
      stream.once('error', cut);
      stream.once('close', cut);
      try {
        await prepare();
      } catch (error) {
        stream.off('error', cut);
        stream.off('close', cut);
        stream.resume();
        throw error;
      }
      if (cipher.destroyed) {
        stream.off('error', cut);
        stream.off('close', cut);
        throw cipher.errored ?? new Error('upload cut short');
      }
      const path = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
      const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
      // The source is piped, not handed to pipeline(): a failing disk must leave
      // it to be drained (the rest of the form is still read), not destroyed.
      stream.pipe(cipher);
      try {
        await pipeline(cipher, out);
      } catch (error) {
        stream.unpipe(cipher);
        stream.resume();
        key.fill(0);
        await rm(path, { force: true }).catch(() => undefined);
        throw onDisk(error);
      } finally {
        stream.off('error', cut);
        stream.off('close', cut);
      }
      const tag = cipher.getAuthTag();
      // GCM adds no bytes to the stream: what was written is what was sent.
      const size = out.bytesWritten;
      let gone = false;
      return {
        size,
        async read() {
          if (gone) throw new Error('spooled file discarded');
          const decipher = createDecipheriv('aes-256-gcm', key, iv);
          decipher.setAuthTag(tag);
          // Decrypted piece by piece into one buffer of the file's size: one
          // copy of the image in memory, not the ciphertext and the plaintext.
          const plain = Buffer.allocUnsafe(size);
          let at = 0;
          try {
            for await (const piece of createReadStream(path, { highWaterMark: PIECE }) as AsyncIterable<Buffer>) at += decipher.update(piece).copy(plain, at);
          } catch (error) {
            throw onDisk(error);
          }
          decipher.final();
          return plain.subarray(0, at);
        },
        async discard() {
          gone = true;
          key.fill(0);
          // At once (one unlink): once the page has answered, nothing of the upload is left on disk.
          // A disk that fails here leaves it to the sweep: unreadable without the key just dropped.
          try {
            rmSync(path, { force: true });
          } catch {
            // left to the sweep
          }
        },
      };
    },
  };
}
