import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BlobStoreUnavailableError, checkBlobName, type BlobStore } from '../../ports/blobStore';

/** What a disk answers when it is full, failing or read-only: an outage of the store (503), never a 500. */
const DISK_FAILURES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EACCES', 'EPERM', 'EMFILE', 'ENFILE', 'EFBIG']);

async function onDisk<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code && DISK_FAILURES.has(code)) throw new BlobStoreUnavailableError(`blob folder failed (${code})`);
    throw error;
  }
}

const isTemporary = (part: string) => part.startsWith('.') && part.endsWith('.tmp');

/**
 * Blobs as files in one folder (by default `evidence/` beside the embedded
 * database). A write goes to a temporary file, is flushed to disk and then
 * renamed over the name, so a crash leaves the old blob or the new one,
 * never half of one. Temporary files start with `.` and are never listed;
 * a failed write deletes its own, and `clean` removes those a killed process
 * left. A full or failing disk is BlobStoreUnavailableError.
 */
export function folderBlobStore(dir: string): BlobStore {
  const pathOf = (name: string) => join(dir, ...checkBlobName(name).split('/'));
  return {
    describe: `folder ${dir}`,
    put: (name, bytes) =>
      onDisk(async () => {
        const path = pathOf(name);
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        const temporary = join(dirname(path), `.${randomBytes(8).toString('hex')}.tmp`);
        const file = await open(temporary, 'wx', 0o600);
        try {
          try {
            await file.writeFile(bytes);
            await file.sync();
          } finally {
            await file.close();
          }
          await rename(temporary, path);
        } catch (error) {
          await rm(temporary, { force: true }).catch(() => undefined);
          throw error;
        }
      }),
    get: (name) =>
      onDisk(async () => {
        try {
          return new Uint8Array(await readFile(pathOf(name)));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
          throw error;
        }
      }),
    delete: (names) => onDisk(async () => void (await Promise.all(names.map((name) => rm(pathOf(name), { force: true }))))),
    async clean(before) {
      let entries: string[];
      try {
        entries = (await readdir(dir, { recursive: true })) as string[];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw error;
      }
      let removed = 0;
      for (const entry of entries) {
        if (!isTemporary(entry.split(sep).at(-1)!)) continue;
        const info = await stat(join(dir, entry)).catch(() => null);
        if (!info?.isFile() || info.mtimeMs >= before) continue;
        await rm(join(dir, entry), { force: true });
        removed++;
      }
      return removed;
    },
    async list(prefix) {
      let entries: string[];
      try {
        entries = (await readdir(dir, { recursive: true })) as string[];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const found: Array<{ name: string; writtenAt: number }> = [];
      for (const entry of entries) {
        const name = relative(dir, join(dir, entry)).split(sep).join('/');
        if (!name.startsWith(prefix) || name.split('/').some((part) => part.startsWith('.'))) continue;
        const info = await stat(join(dir, entry)).catch(() => null);
        if (info?.isFile()) found.push({ name, writtenAt: info.mtimeMs });
      }
      return found.sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
