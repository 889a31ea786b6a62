// The blob store on each adapter the application runs with, opened empty: a
// fresh folder, and a bucket on s3rver (an S3-compatible server from npm,
// started here on a free loopback port with a folder of its own), reached
// through the real @aws-sdk/client-s3 adapter.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { folderBlobStore } from '../../src/adapters/blob/folderBlobStore';
import { s3BlobStore } from '../../src/adapters/blob/s3BlobStore';
import type { BlobStore } from '../../src/ports/blobStore';

export interface OpenedBlobStore {
  blobs: BlobStore;
  /** Every byte the store keeps on disk, file by file, whatever the adapter's own layout. */
  rawFiles(): Promise<Array<{ path: string; bytes: Buffer }>>;
  cleanup(): Promise<void>;
}

async function filesUnder(dir: string) {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile());
  return Promise.all(names.map(async (d) => ({ path: join(d.parentPath, d.name), bytes: await readFile(join(d.parentPath, d.name)) })));
}

export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** s3rver on a free port, with one bucket; its data folder is where "the bucket's disk" is. */
export async function startS3(bucket = 'evidence'): Promise<{ endpoint: string; dir: string; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'schoolwatch-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    dir,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function blobBackends(): Array<{ name: 'folder' | 's3'; open(): Promise<OpenedBlobStore> }> {
  return [
    {
      name: 'folder',
      async open() {
        const dir = await mkdtemp(join(tmpdir(), 'schoolwatch-blobs-'));
        return { blobs: folderBlobStore(dir), rawFiles: () => filesUnder(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
      },
    },
    {
      name: 's3',
      async open() {
        const s3 = await startS3();
        const blobs = s3BlobStore({
          endpoint: s3.endpoint,
          region: 'us-east-1',
          bucket: 'evidence',
          forcePathStyle: true,
          prefix: 'schoolwatch/',
          ...S3_CREDENTIALS,
        });
        return { blobs, rawFiles: () => filesUnder(s3.dir), cleanup: () => s3.close() };
      },
    },
  ];
}
