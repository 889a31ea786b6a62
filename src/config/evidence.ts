// The evidence part of the configuration (where encrypted images are kept,
// how many a client may upload), as a pure function over an env record:
// config/env.ts calls it. Every problem is one line naming the variable,
// never its value. Node 24 imports this file directly (type stripping):
// erasable TypeScript only.
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** Where the encrypted images go: a folder, an S3-compatible bucket, or nowhere (images are then not offered). */
export type BlobTarget =
  | { kind: 'folder'; dir: string }
  | { kind: 's3'; endpoint?: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean; prefix: string }
  | { kind: 'off'; why: string };

/** How much image work one process takes on (docs/operations.md, "Image limits"). */
export interface ImageLimits {
  /** The longest side an image may declare in its header, in pixels. */
  maxSide: number;
  /** How many times the short side the long side may be. */
  maxAspect: number;
  /** Seconds of processing one image may take. */
  seconds: number;
  /** Images processed at once; the next waits `waitSeconds`, then the page answers 503. */
  jobs: number;
  waitSeconds: number;
  /** Bodies with images read at once; past it the files are dropped unread and the page answers 503. */
  uploads: number;
}

export interface EvidenceConfig {
  blobs: BlobTarget;
  /** Images one client (hashed IP) may upload per hour. */
  imagesPerHour: number;
  limits: ImageLimits;
}

/** The limits when no variable sets them (docs/operations.md). */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxSide: 20_000, maxAspect: 30, seconds: 10, jobs: 2, waitSeconds: 15, uploads: 6 };

/** Each limit: its variable, its default, and the most it may be set to. */
const LIMITS: Array<[keyof ImageLimits, string, number, number]> = [
  ['maxSide', 'EVIDENCE_MAX_SIDE', DEFAULT_IMAGE_LIMITS.maxSide, 64_000],
  ['maxAspect', 'EVIDENCE_MAX_ASPECT', DEFAULT_IMAGE_LIMITS.maxAspect, 1000],
  ['seconds', 'EVIDENCE_IMAGE_SECONDS', DEFAULT_IMAGE_LIMITS.seconds, 600],
  ['jobs', 'EVIDENCE_IMAGE_JOBS', DEFAULT_IMAGE_LIMITS.jobs, 64],
  ['waitSeconds', 'EVIDENCE_IMAGE_WAIT_SECONDS', DEFAULT_IMAGE_LIMITS.waitSeconds, 600],
  ['uploads', 'EVIDENCE_UPLOADS', DEFAULT_IMAGE_LIMITS.uploads, 1000],
];

/**
 * S3_BUCKET chooses a bucket (with S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY;
 * S3_ENDPOINT for anything but AWS, S3_REGION, S3_FORCE_PATH_STYLE,
 * S3_KEY_PREFIX); otherwise EVIDENCE_DIR, by default `evidence/` in the data
 * folder. A serverless function has no lasting disk: there, without a
 * bucket, the form offers no images rather than losing them.
 */
export function parseEvidenceConfig(env: Env, dataDir: string, serverless: boolean): { config?: EvidenceConfig; problems: string[] } {
  const problems: string[] = [];
  const perHour = env.EVIDENCE_RATE_LIMIT ?? '30';
  if (!/^[1-9]\d{0,5}$/.test(perHour)) problems.push('Invalid environment variable EVIDENCE_RATE_LIMIT: must be a positive whole number (images per client per hour)');
  const flag = env.S3_FORCE_PATH_STYLE;
  if (flag !== undefined && !['1', 'true', '0', 'false'].includes(flag)) problems.push('Invalid environment variable S3_FORCE_PATH_STYLE: must be 1, true, 0 or false');
  const prefix = env.S3_KEY_PREFIX ?? 'schoolwatch/';
  if (!/^([a-z0-9][a-z0-9._-]*\/)*$/i.test(prefix)) problems.push('Invalid environment variable S3_KEY_PREFIX: must be folder names ending in / (e.g. schoolwatch/), or empty');
  if (env.S3_ENDPOINT !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(env.S3_ENDPOINT)) problems.push('Invalid environment variable S3_ENDPOINT: must be http(s)://host[:port] alone (e.g. https://oss-cn-hangzhou.aliyuncs.com)');
  let blobs: BlobTarget;
  if (env.S3_BUCKET !== undefined) {
    if (!/^[a-z0-9][a-z0-9.-]{1,62}$/.test(env.S3_BUCKET)) problems.push('Invalid environment variable S3_BUCKET: must be a bucket name (lowercase letters, digits, dots and hyphens)');
    for (const name of ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) if (!env[name]) problems.push(`Missing environment variable ${name}: S3_BUCKET is set without it`);
    blobs = {
      kind: 's3',
      ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT.replace(/\/$/, '') } : {}),
      region: env.S3_REGION ?? 'us-east-1',
      bucket: env.S3_BUCKET,
      accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
      forcePathStyle: flag === '1' || flag === 'true',
      prefix,
    };
  } else {
    for (const name of ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) if (env[name]) problems.push(`Missing environment variable S3_BUCKET: ${name} is set without it`);
    blobs = env.EVIDENCE_DIR ? { kind: 'folder', dir: env.EVIDENCE_DIR } : serverless ? { kind: 'off', why: 'no S3_BUCKET on a serverless host' } : { kind: 'folder', dir: join(dataDir, 'evidence') };
  }
  const limits = {} as ImageLimits;
  for (const [field, name, fallback, most] of LIMITS) {
    const value = env[name] ?? String(fallback);
    if (!/^[1-9]\d{0,5}$/.test(value) || Number(value) > most) problems.push(`Invalid environment variable ${name}: must be a whole number from 1 to ${most}`);
    limits[field] = Number(value);
  }
  if (problems.length > 0) return { problems: [...new Set(problems)] };
  return { config: { blobs, imagesPerHour: Number(perHour), limits }, problems };
}
