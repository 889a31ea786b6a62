import { describe, expect, it } from 'vitest';
import { sniffImage } from '../../src/domain/imageType';
import { DEFAULT_IMAGE_LIMITS, parseEvidenceConfig } from '../../src/config/evidence';
import { jobLimiter } from '../../src/server/services/imageJobs';
import { refusalMessage } from '../../src/server/services/evidenceUpload';
import { tallPng } from '../support/evidenceImages';
import { checkConfig } from '../../src/config/env';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';

const bytes = (...parts: Array<string | number[]>) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('the real type of an upload, from its first bytes', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'jpeg'],
    ['PNG', bytes('\x89PNG\r\n\x1a\n', [0, 0, 0, 13]), 'png'],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'webp'],
    ['HEIC from an iPhone', bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0]), 'heif'],
    ['HEIF from an Android phone', bytes([0, 0, 0, 24], 'ftypmif1', [0, 0, 0, 0]), 'heif'],
    ['an HTML page', bytes('<!doctype html><html>'), undefined],
    ['an SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg">'), undefined],
    ['a GIF', bytes('GIF89a'), undefined],
    ['a PDF', bytes('%PDF-1.7'), undefined],
    ['an MP4 video', bytes([0, 0, 0, 24], 'ftypisom', [0, 0, 0, 0]), undefined],
    ['a RIFF that is not WebP (a WAV)', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '), undefined],
    ['nothing', bytes(), undefined],
  ])('%s', (_name, input, expected) => {
    expect(sniffImage(input)).toBe(expected);
  });
});

describe('where evidence is kept (configuration)', () => {
  it('by default, a folder in the data folder', () => {
    const limits = { maxSide: 20_000, maxAspect: 30, seconds: 10, jobs: 2, waitSeconds: 15, uploads: 6 };
    expect(parseEvidenceConfig({}, '/srv/data', false)).toEqual({
      config: { blobs: { kind: 'folder', dir: '/srv/data/evidence' }, imagesPerHour: 30, limits },
      problems: [],
    });
    expect(parseEvidenceConfig({ EVIDENCE_DIR: '/mnt/evidence', EVIDENCE_RATE_LIMIT: '5' }, '.data', false).config).toEqual({
      blobs: { kind: 'folder', dir: '/mnt/evidence' },
      imagesPerHour: 5,
      limits,
    });
  });

  it('an S3-compatible bucket (here Aliyun OSS)', () => {
    const env = {
      S3_BUCKET: 'bozhou-evidence',
      S3_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com',
      S3_REGION: 'oss-cn-hangzhou',
      S3_ACCESS_KEY_ID: 'AK',
      S3_SECRET_ACCESS_KEY: 'SK',
    };
    expect(parseEvidenceConfig(env, '.data', true).config!.blobs).toEqual({
      kind: 's3',
      endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
      region: 'oss-cn-hangzhou',
      bucket: 'bozhou-evidence',
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      forcePathStyle: false,
      prefix: 'schoolwatch/',
    });
    expect(parseEvidenceConfig({ ...env, S3_FORCE_PATH_STYLE: '1', S3_KEY_PREFIX: '' }, '.data', false).config!.blobs).toMatchObject({
      forcePathStyle: true,
      prefix: '',
    });
  });

  it('on a serverless host without a bucket, no images rather than images lost', () => {
    expect(parseEvidenceConfig({}, '.data', true).config!.blobs).toEqual({ kind: 'off', why: 'no S3_BUCKET on a serverless host' });
  });

  it.each([
    [
      { S3_BUCKET: 'evidence' },
      [
        'Missing environment variable S3_ACCESS_KEY_ID: S3_BUCKET is set without it',
        'Missing environment variable S3_SECRET_ACCESS_KEY: S3_BUCKET is set without it',
      ],
    ],
    [{ S3_ENDPOINT: 'https://cos.ap-shanghai.myqcloud.com' }, ['Missing environment variable S3_BUCKET: S3_ENDPOINT is set without it']],
    [
      { S3_BUCKET: 'Bad_Name', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' },
      ['Invalid environment variable S3_BUCKET: must be a bucket name (lowercase letters, digits, dots and hyphens)'],
    ],
    [
      { S3_BUCKET: 'ok', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b', S3_ENDPOINT: 'cos.example' },
      ['Invalid environment variable S3_ENDPOINT: must be http(s)://host[:port] alone (e.g. https://oss-cn-hangzhou.aliyuncs.com)'],
    ],
    [{ EVIDENCE_RATE_LIMIT: 'many' }, ['Invalid environment variable EVIDENCE_RATE_LIMIT: must be a positive whole number (images per client per hour)']],
    [
      { S3_BUCKET: 'ok', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b', S3_FORCE_PATH_STYLE: 'yes', S3_KEY_PREFIX: '/root' },
      [
        'Invalid environment variable S3_FORCE_PATH_STYLE: must be 1, true, 0 or false',
        'Invalid environment variable S3_KEY_PREFIX: must be folder names ending in / (e.g. schoolwatch/), or empty',
      ],
    ],
    [
      { EVIDENCE_UPLOADS: '0', EVIDENCE_IMAGE_SECONDS: '601' },
      [
        'Invalid environment variable EVIDENCE_IMAGE_SECONDS: must be a whole number from 1 to 600',
        'Invalid environment variable EVIDENCE_UPLOADS: must be a whole number from 1 to 1000',
      ],
    ],
  ])('names what is wrong, never a value: %j', (env, problems) => {
    expect(parseEvidenceConfig(env, '.data', false)).toEqual({ problems });
    const check = checkConfig(env);
    expect(check).toEqual({ ok: false, problems });
  });
});

describe('an image sealed for the blob store', () => {
  it('opens with the site key, also after a rotation, and never when changed or under another secret', async () => {
    const secret = 'one-site-secret-that-is-long-enough-for-tests';
    const image = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]);
    const sealed = await (await webCryptoKeys(secret)).sealBytes(image);
    expect(Buffer.from(sealed.subarray(0, 4)).toString('latin1')).toBe('SWE1');
    expect(Buffer.from(sealed).includes(Buffer.from(image))).toBe(false);
    expect(await (await webCryptoKeys(secret)).openBytes(sealed)).toEqual(image);
    expect(await (await webCryptoKeys('a-new-secret-after-rotation-long-enough', secret)).openBytes(sealed)).toEqual(image);
    await expect((await webCryptoKeys('another-site-secret-that-is-long-enough')).openBytes(sealed)).rejects.toThrow();
    const changed = sealed.slice();
    changed[changed.length - 1]! ^= 1;
    await expect((await webCryptoKeys(secret)).openBytes(changed)).rejects.toThrow();
    // Two seals of the same image share nothing: each has its own key and nonce.
    const again = await (await webCryptoKeys(secret)).sealBytes(image);
    expect(Buffer.from(again.subarray(-image.length - 16)).equals(Buffer.from(sealed.subarray(-image.length - 16)))).toBe(false);
  });
});

describe('image limits (configuration)', () => {
  it('each is read from its variable, and a bad one is named', () => {
    const env = {
      EVIDENCE_MAX_SIDE: '12000',
      EVIDENCE_MAX_ASPECT: '20',
      EVIDENCE_IMAGE_SECONDS: '5',
      EVIDENCE_IMAGE_JOBS: '1',
      EVIDENCE_IMAGE_WAIT_SECONDS: '3',
      EVIDENCE_UPLOADS: '4',
    };
    expect(parseEvidenceConfig(env, '.data', false).config!.limits).toEqual({
      maxSide: 12_000,
      maxAspect: 20,
      seconds: 5,
      jobs: 1,
      waitSeconds: 3,
      uploads: 4,
    });
    expect(parseEvidenceConfig({ EVIDENCE_IMAGE_JOBS: '0', EVIDENCE_MAX_SIDE: '99999' }, '.data', false).problems).toEqual([
      'Invalid environment variable EVIDENCE_MAX_SIDE: must be a whole number from 1 to 64000',
      'Invalid environment variable EVIDENCE_IMAGE_JOBS: must be a whole number from 1 to 64',
    ]);
  });
});

describe('image jobs at once', () => {
  it('job N+1 waits for a place; past its wait it gets busy; a freed place goes to the next in line', async () => {
    const run = jobLimiter(2, 200);
    const releases: Array<() => void> = [];
    const held = () => new Promise<string>((resolve) => releases.push(() => resolve('done')));
    const first = run(held);
    const second = run(held);
    expect(await run(async () => 'third')).toBe('busy');
    const fourth = run(async () => 'fourth');
    releases[0]!();
    expect(await first).toBe('done');
    expect(await fourth).toBe('fourth');
    releases[1]!();
    expect(await second).toBe('done');
    expect(await run(async () => 'fifth')).toBe('fifth');
  });
});

describe('an image refused from its header', () => {
  it('a PNG of 1 × 63,999,999 px, and one of 30,000 × 2,000 px, are too long; one of 1,000 × 20,000 px is processed', async () => {
    const { processImage } = await import('../../src/adapters/sharpImages');
    expect(await processImage(tallPng(1, 63_999_999), DEFAULT_IMAGE_LIMITS)).toEqual({ ok: false, reason: 'too-long' });
    expect(await processImage(tallPng(30_000, 2_000), DEFAULT_IMAGE_LIMITS)).toEqual({ ok: false, reason: 'too-long' });
    expect(await processImage(tallPng(1_000, 20_000), DEFAULT_IMAGE_LIMITS)).toMatchObject({
      ok: true,
      image: { type: 'image/png', width: 102, height: 2048 },
    });
  });
  it('the parent reads each reason in Chinese, with the limits set', () => {
    expect(refusalMessage('too-long', { ...DEFAULT_IMAGE_LIMITS, maxSide: 12_000, maxAspect: 20 })).toBe(
      '的长宽比例太悬殊或边长太长（最长一边不超过 12000 像素，长边不超过短边的 20 倍），无法处理。请截屏后上传截图。',
    );
    expect(refusalMessage('timeout', DEFAULT_IMAGE_LIMITS)).toBe('处理时间太长，无法处理。请截屏后上传截图。');
    expect(refusalMessage('not-image', DEFAULT_IMAGE_LIMITS)).toBe('不是 JPEG、PNG、WebP 或 HEIC 图片，无法上传。请上传手机拍的照片或截图。');
  });
});
