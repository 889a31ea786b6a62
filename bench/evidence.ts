// Evidence images: how long processing takes per image (decode, turn
// upright, shrink to 2,048 px, re-encode without metadata, seal), and how
// big the Vercel function gets with sharp in it.
//   npm run bench:evidence                 (BENCH_EVIDENCE_RUNS=20 to change the runs)
//   BENCH_VERCEL=1 npm run bench:evidence  (also builds for Vercel and measures the function)
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { processImage } from '../src/adapters/sharpImages';
import { sealBlob } from '../src/domain/sealedBlob';
import { webCryptoKeys } from '../src/adapters/webCryptoKeys';
import { astroBuild } from '../tests/support/project';
import { root } from '../tests/support/content';
import { isMain, runAlone } from './lib/main';

const RUNS = Number(process.env.BENCH_EVIDENCE_RUNS ?? 20);

/** Noise with some structure, so that encoders work as hard as on a real photo. */
async function photo(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i % (width * 3)) / 12 + ((i * 2654435761) >>> 27)) & 0xff;
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

const inputs = async () => [
  { name: '12 MP phone photo, JPEG 4032 × 3024, EXIF orientation 6 and GPS', bytes: await (await photo(4032, 3024)).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 50/1 0/1' } }).toBuffer() },
  { name: 'phone screenshot, PNG 1170 × 2532', bytes: await (await photo(1170, 2532)).png().toBuffer() },
  { name: 'WebP 2000 × 1500', bytes: await (await photo(2000, 1500)).webp({ quality: 85 }).toBuffer() },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function processing() {
  const keys = await webCryptoKeys('a-bench-secret-of-at-least-thirty-two-chars');
  console.log(`processing time per image (${RUNS} runs each, one at a time, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}; load average ${os.loadavg()[0]!.toFixed(2)} at the start)`);
  console.log('Baseline: decoding the same file to raw pixels alone, in the same run.');
  console.log('| input | size in | size out | median | p95 | baseline median | ratio |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const input of await inputs()) {
    const times: number[] = [];
    let out = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const start = performance.now();
      const processed = await processImage(input.bytes);
      if (!processed.ok) throw new Error(processed.message);
      await sealBlob(keys, processed.image.bytes);
      if (i >= 2) times.push(performance.now() - start); // two warm-up runs
      out = processed.image.bytes.byteLength;
    }
    const baseline: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await sharp(input.bytes).raw().toBuffer();
      baseline.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    baseline.sort((a, b) => a - b);
    const median = percentile(times, 50);
    const base = percentile(baseline, 50);
    console.log(`| ${input.name} | ${(input.bytes.byteLength / 1e6).toFixed(1)} MB | ${(out / 1e3).toFixed(0)} KB | ${median.toFixed(0)} ms | ${percentile(times, 95).toFixed(0)} ms | ${base.toFixed(0)} ms | ${(median / base).toFixed(2)}× |`);
  }
}

function sizeOf(path: string): number {
  const info = lstatSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/**
 * Built in place (a copy with node_modules linked would trace nothing): the
 * Vercel adapter writes `.vercel/output` in the project, as on Vercel itself.
 */
async function vercelFunction() {
  const work = join(root, '.build', 'bench-vercel');
  try {
    const build = await astroBuild(root, { VERCEL: '1', SCHOOLWATCH_OUT_DIR: join(work, 'dist'), SCHOOLWATCH_CACHE_DIR: join(work, 'cache') });
    if (build.code !== 0) throw new Error(`VERCEL=1 build failed:\n${build.output}`);
    const functions = join(root, '.vercel', 'output', 'functions');
    console.log('\nVercel function (VERCEL=1 astro build), uncompressed (Vercel allows 250 MB):');
    for (const name of readdirSync(functions).filter((n) => n.endsWith('.func'))) {
      const func = join(functions, name);
      const part = (p: string) => {
        try {
          return sizeOf(join(func, 'node_modules', p));
        } catch {
          return 0;
        }
      };
      const total = sizeOf(func);
      const images = part('@img') + part('sharp');
      const s3 = part('@aws-sdk') + part('@smithy');
      const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
      console.log(`  ${name}: ${mb(total)}; sharp with its libvips (@img, sharp) ${mb(images)}; the S3 client (@aws-sdk, @smithy) ${mb(s3)}; everything else ${mb(total - images - s3)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function run() {
  await processing();
  if (process.env.BENCH_VERCEL === '1') await vercelFunction();
}
if (isMain(import.meta)) await runAlone(run);
