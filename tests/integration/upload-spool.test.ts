// The spool uploads wait in while the report form is read
// (adapters/encryptedSpool.ts): what it writes to disk is never the photo as
// sent, it gives the bytes back whole, and it leaves nothing behind once a
// file is discarded, cut short, or left by a killed process.
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encryptedSpool } from '../../src/adapters/encryptedSpool';

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'schoolwatch-spool-')), 'uploads');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

/** 3 MB of a recognisable pattern, sent in 64 KB pieces as a socket would. */
const photo = Buffer.alloc(3 * 1024 * 1024, 'EXIF-GPS-31.8566N-115.7700E|');
const pieces = (bytes: Buffer) => Readable.from(Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536)));

describe('the encrypted upload spool', () => {
  it('writes the file encrypted, gives it back whole, and removes it when discarded', async () => {
    const spool = encryptedSpool(dir);
    const file = await spool.keep(pieces(photo));
    expect(file.size).toBe(3 * 1024 * 1024);
    const onDisk = await readdir(dir);
    expect(onDisk).toHaveLength(1);
    expect(onDisk[0]).toMatch(/^\.[0-9a-f]{16}\.tmp$/);
    const written = await readFile(join(dir, onDisk[0]!));
    expect(written.length).toBe(3 * 1024 * 1024);
    expect(written.includes('EXIF-GPS')).toBe(false);
    expect(Buffer.from(await file.read()).equals(photo)).toBe(true);
    await file.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a file cut short is refused and leaves nothing', async () => {
    const spool = encryptedSpool(dir);
    const stream = new PassThrough();
    const kept = spool.keep(stream);
    stream.write(photo.subarray(0, 65536));
    setTimeout(() => stream.destroy(new Error('Unexpected end of form')), 20);
    await expect(kept).rejects.toThrow('Unexpected end of form');
    expect(await readdir(dir)).toEqual([]);
  });

  it('a file whose form is cut short while the folder is still being made is refused and leaves nothing', async () => {
    const stream = new PassThrough();
    const kept = encryptedSpool(dir).keep(stream);
    stream.destroy(new Error('Unexpected end of form'));
    await expect(kept).rejects.toThrow('Unexpected end of form');
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes what a killed process left over an hour ago when first used, and keeps a younger one', async () => {
    const setup = encryptedSpool(dir);
    await (await setup.keep(pieces(Buffer.from('x')))).discard();
    await writeFile(join(dir, '.0123456789abcdef.tmp'), 'left by a killed process');
    await writeFile(join(dir, '.fedcba9876543210.tmp'), 'a request under way elsewhere');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(join(dir, '.0123456789abcdef.tmp'), twoHoursAgo, twoHoursAgo);
    const file = await encryptedSpool(dir).keep(pieces(photo));
    const left = await readdir(dir);
    expect(left).toHaveLength(2);
    expect(left).toContain('.fedcba9876543210.tmp');
    await file.discard();
  });
});
