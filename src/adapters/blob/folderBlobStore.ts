import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkBlobName, type BlobStore } from '../../ports/blobStore';

/**
 * Blobs as files in one folder (by default `evidence/` beside the embedded
 * database). A write goes to a temporary file, is flushed to disk and then
 * renamed over the name, so a crash leaves the old blob or the new one,
 * never half of one. Temporary files start with `.` and are never listed.
 */
export function folderBlobStore(dir: string): BlobStore {
  const pathOf = (name: string) => join(dir, ...checkBlobName(name).split('/'));
  return {
    describe: `folder ${dir}`,
    async put(name, bytes) {
      const path = pathOf(name);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = join(dirname(path), `.${randomBytes(8).toString('hex')}.tmp`);
      const file = await open(temporary, 'wx', 0o600);
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, path);
    },
    async get(name) {
      try {
        return new Uint8Array(await readFile(pathOf(name)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(names) {
      await Promise.all(names.map((name) => rm(pathOf(name), { force: true })));
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
