// The evidence part of the configuration (where encrypted images are kept,
// how many a client may upload), as a zod schema and a pure function over
// an env record: config/env.ts calls it. Every problem is one line naming the variable,
// never its value. Node 24 imports this file directly (type stripping):
// erasable TypeScript only.
import { join } from 'node:path';
import { z } from 'astro/zod';
import { problemLines } from './problems.ts';

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

const WHOLE = /^[1-9]\d{0,5}$/;
/** A whole number from 1 to `most`, `fallback` when unset. */
const limit = (fallback: number, most: number) =>
  z
    .string()
    .regex(WHOLE, { error: `must be a whole number from 1 to ${most}` })
    .transform(Number)
    .refine((n) => n <= most, { error: `must be a whole number from 1 to ${most}` })
    .default(fallback);

/** The evidence variables (docs/operations.md, "Evidence images" and "Image limits"). */
const schema = z.object({
  /** Images one client (hashed IP) may upload per hour. */
  EVIDENCE_RATE_LIMIT: z.string().regex(WHOLE, { error: 'must be a positive whole number (images per client per hour)' }).transform(Number).default(30),
  S3_FORCE_PATH_STYLE: z.enum(['1', 'true', '0', 'false'], { error: 'must be 1, true, 0 or false' }).optional(),
  S3_KEY_PREFIX: z
    .string()
    .regex(/^([a-z0-9][a-z0-9._-]*\/)*$/i, { error: 'must be folder names ending in / (e.g. schoolwatch/), or empty' })
    .default('schoolwatch/'),
  S3_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^/\s]+\/?$/, { error: 'must be http(s)://host[:port] alone (e.g. https://oss-cn-hangzhou.aliyuncs.com)' })
    .optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,62}$/, { error: 'must be a bucket name (lowercase letters, digits, dots and hyphens)' })
    .optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  EVIDENCE_DIR: z.string().optional(),
  EVIDENCE_MAX_SIDE: limit(DEFAULT_IMAGE_LIMITS.maxSide, 64_000),
  EVIDENCE_MAX_ASPECT: limit(DEFAULT_IMAGE_LIMITS.maxAspect, 1000),
  EVIDENCE_IMAGE_SECONDS: limit(DEFAULT_IMAGE_LIMITS.seconds, 600),
  EVIDENCE_IMAGE_JOBS: limit(DEFAULT_IMAGE_LIMITS.jobs, 64),
  EVIDENCE_IMAGE_WAIT_SECONDS: limit(DEFAULT_IMAGE_LIMITS.waitSeconds, 600),
  EVIDENCE_UPLOADS: limit(DEFAULT_IMAGE_LIMITS.uploads, 1000),
});

/**
 * S3_BUCKET chooses a bucket (with S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY;
 * S3_ENDPOINT for anything but AWS, S3_REGION, S3_FORCE_PATH_STYLE,
 * S3_KEY_PREFIX); otherwise EVIDENCE_DIR, by default `evidence/` in the data
 * folder. A serverless function has no lasting disk: there, without a
 * bucket, the form offers no images rather than losing them.
 */
export function parseEvidenceConfig(env: Env, dataDir: string, serverless: boolean): { config?: EvidenceConfig; problems: string[] } {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : problemLines(parsed.error.issues);
  // Which variables go together is checked on what is set, valid or not, so that one start-up names every problem.
  if (env.S3_BUCKET !== undefined) {
    for (const name of ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'])
      if (!env[name]) problems.push(`Missing environment variable ${name}: S3_BUCKET is set without it`);
  } else {
    for (const name of ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'])
      if (env[name]) problems.push(`Missing environment variable S3_BUCKET: ${name} is set without it`);
  }
  if (!parsed.success || problems.length > 0) return { problems };
  const e = parsed.data;
  const blobs: BlobTarget = e.S3_BUCKET
    ? {
        kind: 's3',
        ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT.replace(/\/$/, '') } : {}),
        region: e.S3_REGION,
        bucket: e.S3_BUCKET,
        accessKeyId: e.S3_ACCESS_KEY_ID ?? '',
        secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? '',
        forcePathStyle: e.S3_FORCE_PATH_STYLE === '1' || e.S3_FORCE_PATH_STYLE === 'true',
        prefix: e.S3_KEY_PREFIX,
      }
    : e.EVIDENCE_DIR
      ? { kind: 'folder', dir: e.EVIDENCE_DIR }
      : serverless
        ? { kind: 'off', why: 'no S3_BUCKET on a serverless host' }
        : { kind: 'folder', dir: join(dataDir, 'evidence') };
  const limits: ImageLimits = {
    maxSide: e.EVIDENCE_MAX_SIDE,
    maxAspect: e.EVIDENCE_MAX_ASPECT,
    seconds: e.EVIDENCE_IMAGE_SECONDS,
    jobs: e.EVIDENCE_IMAGE_JOBS,
    waitSeconds: e.EVIDENCE_IMAGE_WAIT_SECONDS,
    uploads: e.EVIDENCE_UPLOADS,
  };
  return { config: { blobs, imagesPerHour: e.EVIDENCE_RATE_LIMIT, limits }, problems };
}
