// The blob store contract, held by both adapters: a folder, and an
// S3-compatible bucket (s3rver, started by the test) through the AWS SDK.
// Then the evidence service over each: what lies in the store after images
// are uploaded and filed is nothing readable as an image, and the sweep
// deletes what has no complaint (pending past a day, filing that failed,
// retention) while keeping what a complaint lists.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderBlobStore } from '../../src/adapters/blob/folderBlobStore';
import sharp from 'sharp';
import { blobBackends, type OpenedBlobStore } from '../support/blobStores';
import { storeBackends, type OpenedStore } from '../support/stores';
import { BlobStoreUnavailableError } from '../../src/ports/blobStore';
import { s3BlobStore } from '../../src/adapters/blob/s3BlobStore';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { cryptoRandom } from '../../src/ports/random';
import { evidenceService } from '../../src/server/services/evidence';
import { uploadOf } from '../../src/server/services/evidenceUpload';
import { sniffImage } from '../../src/domain/imageType';
import type { ComplaintRecord, NotificationJob } from '../../src/domain/complaint';
import { complaintRecord } from '../support/complaintRecord';
import type { EvidenceItem } from '../../src/domain/evidence';
import { DEFAULT_IMAGE_LIMITS } from '../../src/config/evidence';
import { jobLimiter } from '../../src/server/services/imageJobs';
import { OWNER, metadataMarkers, phoneJpeg, pngWithText, webpWithExif } from '../support/evidenceImages';

const HOUR = 3_600_000;

describe.each(blobBackends())('blob store on $name', (backend) => {
  let opened: OpenedBlobStore;
  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(() => opened?.cleanup());

  it('gives back exactly the bytes put, and null for a name never put', async () => {
    const bytes = new Uint8Array([0, 255, 1, 254, 10, 13, 0, 0, 42]);
    await opened.blobs.put('contract/a/one', bytes);
    expect(await opened.blobs.get('contract/a/one')).toEqual(bytes);
    expect(await opened.blobs.get('contract/a/missing')).toBeNull();
  });

  it('replaces a blob put again under the same name', async () => {
    await opened.blobs.put('contract/b/x', new Uint8Array([1, 2, 3]));
    await opened.blobs.put('contract/b/x', new Uint8Array([9]));
    expect(await opened.blobs.get('contract/b/x')).toEqual(new Uint8Array([9]));
  });

  it('lists what starts with a prefix, with when it was written, and nothing else', async () => {
    const before = Date.now() - 5_000;
    await opened.blobs.put('contract/c/1', new Uint8Array([1]));
    await opened.blobs.put('contract/c/2', new Uint8Array([2]));
    await opened.blobs.put('contract/d/1', new Uint8Array([3]));
    const listed = await opened.blobs.list('contract/c/');
    expect(listed.map((b) => b.name)).toEqual(['contract/c/1', 'contract/c/2']);
    for (const blob of listed) {
      expect(blob.writtenAt).toBeGreaterThan(before);
      expect(blob.writtenAt).toBeLessThan(Date.now() + 5_000);
    }
    expect(await opened.blobs.list('nothing-here/')).toEqual([]);
  });

  it('deletes, and deleting what is not there is fine', async () => {
    await opened.blobs.put('contract/e/1', new Uint8Array([1]));
    await opened.blobs.delete(['contract/e/1', 'contract/e/never']);
    expect(await opened.blobs.get('contract/e/1')).toBeNull();
    expect(await opened.blobs.list('contract/e/')).toEqual([]);
  });

  it('refuses names that could leave its folder or prefix', async () => {
    for (const name of ['../escape', 'a/../../b', '/absolute', 'a//b', '', 'a/.hidden', 'sp ace']) {
      await expect(opened.blobs.put(name, new Uint8Array([1])), name).rejects.toThrow('invalid blob name');
    }
  });
});

describe('the S3 adapter when the server is not there', () => {
  it('throws BlobStoreUnavailableError, which the pages answer as a store outage', async () => {
    const blobs = s3BlobStore({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      bucket: 'evidence',
      forcePathStyle: true,
      prefix: '',
      accessKeyId: 'x',
      secretAccessKey: 'y',
    });
    await expect(blobs.get('a')).rejects.toBeInstanceOf(BlobStoreUnavailableError);
    await expect(blobs.put('a', new Uint8Array([1]))).rejects.toBeInstanceOf(BlobStoreUnavailableError);
  });
});

/** A complaint record as the store keeps it, listing the given images. */
function record(reference: string, evidence: ComplaintRecord['evidence']): { complaint: ComplaintRecord; job: NotificationJob } {
  const filedAt = new Date().toISOString();
  const complaint = complaintRecord({
    reference,
    school: 'sample-school',
    aspect: 'sample-aspect',
    sealed: 'v1.x.y',
    bureau: 'guoyang',
    filedAt,
    acceptBy: '2099-01-01',
    ...(evidence ? { evidence } : {}),
  });
  return { complaint, job: { id: `complaint.filed/${reference}`, event: 'complaint.filed', reference, createdAt: filedAt, attempts: 0 } };
}

describe.each(blobBackends())('evidence over the $name store', (backend) => {
  let opened: OpenedBlobStore;
  let complaints: OpenedStore;
  let now = Date.now();
  const clock = { now: () => new Date(now) };
  let service: ReturnType<typeof evidenceService>;
  const client = { address: '203.0.113.7' };
  const rate = { bucket: 'test', max: 1000, windowSeconds: 3600 };

  beforeAll(async () => {
    [opened, complaints] = await Promise.all([backend.open(), storeBackends()[0]!.open()]);
    const keys = await webCryptoKeys('a-test-secret-of-at-least-thirty-two-characters');
    service = evidenceService({
      blobs: opened.blobs,
      keys,
      store: complaints.store,
      clock,
      random: cryptoRandom,
      log: () => undefined,
      imagesPerHour: 1000,
      limits: DEFAULT_IMAGE_LIMITS,
      imageJobs: jobLimiter(2, 1000),
      images: () => import('../../src/adapters/sharpImages'),
    });
  });
  afterAll(async () => {
    await opened?.cleanup();
    await complaints?.cleanup();
  });

  it('keeps nothing readable as an image, pending or filed', async () => {
    const files = [uploadOf('gps.jpg', await phoneJpeg()), uploadOf('chat.png', await pngWithText()), uploadOf('notice.webp', await webpWithExif())];
    const gathered = await service.gather({ carried: '', removed: [], files, client });
    expect(gathered).toEqual({ tokens: [expect.stringMatching(/^[0-9a-f]{32}\.[\w-]{43}$/), expect.any(String), expect.any(String)] });
    const items = (await service.plan(gathered.tokens.join(' '), 'form-a')) as EvidenceItem[];
    expect(await opened.blobs.list('complaints/')).toEqual([]);
    await service.settle('JB-20261201-AAAAAAAA', items, 'form-a');
    expect(items.map((i) => [i.type, i.width, i.height])).toEqual([
      ['image/jpeg', 900, 600],
      ['image/png', 720, 1280],
      ['image/jpeg', 640, 480],
    ]);
    const raw = await opened.rawFiles();
    const blobs = (await opened.blobs.list('')).map((b) => b.name);
    expect(blobs.filter((n) => n.startsWith('pending/'))).toHaveLength(3);
    expect(blobs.filter((n) => n.startsWith('complaints/jb-20261201-aaaaaaaa/'))).toHaveLength(3);
    expect(raw.length).toBeGreaterThanOrEqual(6);
    for (const file of raw) {
      expect(sniffImage(file.bytes), file.path).toBeUndefined();
      expect(metadataMarkers(file.bytes), file.path).toEqual([]);
      for (const marker of ['JFIF', 'IHDR', 'IDAT', 'WEBP', OWNER]) expect(file.bytes.includes(marker), `${marker} in ${file.path}`).toBe(false);
      await expect(sharp(file.bytes).metadata(), file.path).rejects.toThrow();
    }
  });

  it('images filed with one form key are refused to another; the same form key plans nothing new', async () => {
    const gathered = await service.gather({ carried: '', removed: [], files: [uploadOf('z.jpg', await phoneJpeg(200, 100))], client });
    const items = (await service.plan(gathered.tokens[0], 'form-z')) as EvidenceItem[];
    await service.settle('JB-20261201-ZZZZZZZZ', items, 'form-z');
    const before = await opened.rawFiles();
    expect(await service.plan(gathered.tokens[0], 'another-form')).toBe('taken');
    expect(await service.plan(gathered.tokens[0], 'form-z')).toEqual([]);
    expect(await service.preview(gathered.tokens[0]!, client)).toEqual({ kind: 'not-found' });
    expect((await opened.rawFiles()).length).toBe(before.length);
  });

  it('the sweep deletes pending images past a day and images whose complaint is gone, keeps those a complaint lists, and settles a filing a crash interrupted', async () => {
    const gathered = await service.gather({
      carried: '',
      removed: [],
      files: [uploadOf('a.jpg', await phoneJpeg(200, 100)), uploadOf('b.jpg', await phoneJpeg(200, 100))],
      client,
    });
    const kept = (await service.plan(gathered.tokens[0], 'form-b')) as EvidenceItem[];
    await complaints.store.file({ ...record('JB-20261201-BBBBBBBB', kept), rate });
    await service.settle('JB-20261201-BBBBBBBB', kept, 'form-b');
    // Filed, but the process died before its images were settled.
    const unsettled = (await service.plan(gathered.tokens[1], 'form-c')) as EvidenceItem[];
    await complaints.store.file({ ...record('JB-20261201-CCCCCCCC', unsettled), rate });
    // Within the grace, nothing filed goes: a filing may be under way.
    expect((await service.sweep()).orphans).toBe(0);
    now = Date.now() + 25 * HOUR;
    const swept = await service.sweep();
    expect(swept.pending).toBeGreaterThanOrEqual(2);
    const left = (await opened.blobs.list('')).map((b) => b.name);
    expect(left.filter((n) => n.startsWith('pending/'))).toEqual([]);
    // The first tests' images were settled for complaints never stored.
    expect(left.filter((n) => n.includes('jb-20261201-aaaaaaaa') || n.includes('jb-20261201-zzzzzzzz'))).toEqual([]);
    expect(left.filter((n) => n.startsWith('complaints/'))).toEqual(
      [`complaints/jb-20261201-bbbbbbbb/${kept[0]!.id}`, `complaints/jb-20261201-cccccccc/${unsettled[0]!.id}`].sort(),
    );
    expect(await sharp((await service.evidenceImage({ reference: 'JB-20261201-CCCCCCCC', index: 1 }))!.bytes).metadata()).toMatchObject({
      format: 'jpeg',
      width: 200,
      height: 100,
    });
    const image = await service.evidenceImage({ reference: 'JB-20261201-BBBBBBBB', index: 1 });
    expect(image?.fileName).toBe('JB-20261201-BBBBBBBB-1.jpg');
    expect(await sharp(image!.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 200, height: 100 });
  });

  it('retention: once the complaint expires, the sweep deletes its images', async () => {
    now = Date.now();
    const gathered = await service.gather({ carried: '', removed: [], files: [uploadOf('c.jpg', await phoneJpeg(200, 100))], client });
    const items = (await service.plan(gathered.tokens[0], 'form-d')) as EvidenceItem[];
    const { complaint, job } = record('JB-20261201-DDDDDDDD', items);
    await complaints.store.file({ complaint, job, rate });
    await service.settle('JB-20261201-DDDDDDDD', items, 'form-d');
    const closed = { ...complaint, status: 'resolved' as const, closedAt: new Date().toISOString() };
    await complaints.store.saveChange({ before: complaint, after: closed, jobs: [], retentionSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await complaints.store.byReference('JB-20261201-DDDDDDDD')).toBeNull();
    now = Date.now() + 2 * HOUR;
    await service.sweep();
    expect((await opened.blobs.list('')).filter((b) => b.name.includes('jb-20261201-dddddddd'))).toEqual([]);
    expect(await service.evidenceImage({ reference: 'JB-20261201-DDDDDDDD', index: 1 })).toBeNull();
  });
});

describe('the folder store when writes fail', () => {
  it('a killed write’s temporary files (dot-files, any folder) are removed once an hour old; a fresh one, a write under way, is left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'schoolwatch-temp-'));
    try {
      const blobs = folderBlobStore(dir);
      await blobs.put('pending/kept', new Uint8Array([1]));
      const old = Date.now() / 1000 - 2 * 3600;
      for (const path of ['pending/.0123456789abcdef.tmp', 'complaints/jb-20261201-aaaaaaaa/.fedcba9876543210.tmp']) {
        await mkdir(join(dir, dirname(path)), { recursive: true });
        await writeFile(join(dir, path), 'sealed bytes of a write that was killed');
        await utimes(join(dir, path), old, old);
      }
      await writeFile(join(dir, 'pending/.aaaaaaaaaaaaaaaa.tmp'), 'a write under way');
      expect(await blobs.clean(Date.now() - HOUR)).toBe(2);
      expect(((await readdir(dir, { recursive: true })) as string[]).filter((f) => f.includes('.tmp')).sort()).toEqual(['pending/.aaaaaaaaaaaaaaaa.tmp']);
      expect(await blobs.get('pending/kept')).toEqual(new Uint8Array([1]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('on a full disk (a 64 KB tmpfs) a write is BlobStoreUnavailableError and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'schoolwatch-full-'));
    // Needs root, as this machine's tests run; a real full disk, not a stand-in.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    try {
      const blobs = folderBlobStore(dir);
      await expect(blobs.put('pending/big', new Uint8Array(1024 * 1024))).rejects.toBeInstanceOf(BlobStoreUnavailableError);
      expect(((await readdir(dir, { recursive: true })) as string[]).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      execFileSync('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('image jobs at once, through the evidence service', () => {
  it('with the only place taken, the next image waits its time, then the round says so (503 on the page) and stores nothing', async () => {
    const [opened, complaints] = await Promise.all([blobBackends()[0]!.open(), storeBackends()[0]!.open()]);
    try {
      const imageJobs = jobLimiter(1, 100);
      let free = () => undefined as void;
      const held = imageJobs(() => new Promise<void>((resolve) => (free = resolve)));
      const service = evidenceService({
        blobs: opened.blobs,
        keys: await webCryptoKeys('a-test-secret-of-at-least-thirty-two-characters'),
        store: complaints.store,
        clock: { now: () => new Date() },
        random: cryptoRandom,
        log: () => undefined,
        imagesPerHour: 1000,
        limits: DEFAULT_IMAGE_LIMITS,
        imageJobs,
        images: () => import('../../src/adapters/sharpImages'),
      });
      const files = [uploadOf('a.jpg', await phoneJpeg(200, 100))];
      expect(await service.gather({ carried: '', removed: [], files, client: { address: '203.0.113.9' } })).toEqual({
        tokens: [],
        error: '现在处理的图片太多，这次的图片没有收到。请稍后再试。您填写的其他内容还在。',
        unavailable: true,
      });
      expect(await opened.blobs.list('pending/')).toEqual([]);
      free();
      await held;
      expect((await service.gather({ carried: '', removed: [], files, client: { address: '203.0.113.9' } })).tokens).toHaveLength(1);
    } finally {
      await opened.cleanup();
      await complaints.cleanup();
    }
  });
});
