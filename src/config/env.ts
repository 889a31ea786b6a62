import { z } from 'astro/zod';
import type { RedisTarget } from '../adapters/redis/connect';

/**
 * The one module that reads environment variables (DESIGN.md). Everything
 * else receives the parsed configuration. Nothing is required to start: with
 * no store the embedded on-disk store is used, with no mail key the local
 * outbox; but a real store or mailer requires SITE_SECRET, because the keys
 * that hash receipt codes and encrypt contact details derive from it.
 */

const url = (name: string) => z.url({ error: `${name} must be a URL` });

const envSchema = z.object({
  UPSTASH_REDIS_REST_URL: url('UPSTASH_REDIS_REST_URL').optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  KV_REST_API_URL: url('KV_REST_API_URL').optional(),
  KV_REST_API_TOKEN: z.string().min(1).optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, { error: 'REDIS_URL must start with redis:// or rediss://' }).optional(),
  /** Prefix of every Redis key, so that several deployments (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, { error: 'REDIS_KEY_PREFIX must be lowercase letters, digits and hyphens' }).default('sw'),
  SCHOOLWATCH_DATA_DIR: z.string().min(1).default('.data'),
  RESEND_API_KEY: z.string().min(1).optional(),
  /** Where the Resend client sends requests; only tests point it elsewhere (a local capture server). */
  RESEND_BASE_URL: url('RESEND_BASE_URL').optional(),
  /** How long one send to Resend may take before it counts as failed and is retried. */
  RESEND_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  MAIL_FROM: z.string().min(3).default('校务监督 <noreply@schoolwatch.example>'),
  OUTBOX_DIR: z.string().min(1).optional(),
  SITE_URL: url('SITE_URL').optional(),
  SITE_SECRET: z.string().min(32, { error: 'SITE_SECRET must be at least 32 characters (e.g. openssl rand -base64 32)' }).optional(),
  CRON_SECRET: z.string().min(16, { error: 'CRON_SECRET must be at least 16 characters' }).optional(),
  /** Complaints one client (hashed IP) may file per hour; raised for benchmarks. */
  INTAKE_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  /** Status lookups one client may make per hour: slows guessing of receipt codes. */
  LOOKUP_RATE_LIMIT: z.coerce.number().int().positive().default(60),
  /** First retry delay of a failed email, doubling each attempt. */
  DISPATCH_RETRY_BASE_MS: z.coerce.number().int().positive().default(30_000),
  /** How often the Node server looks for due emails (retries); Vercel uses its cron instead. */
  DISPATCH_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  /** Set by Vercel's build and runtime. */
  VERCEL: z.string().optional(),
  HOST: z.string().optional(),
  PORT: z.string().optional(),
});

/** Which Redis transport to use: the shape connectRedis takes. */
export type StoreTarget = RedisTarget;

export interface Config {
  store: StoreTarget;
  keyPrefix: string;
  /** Undefined only with the embedded store, which then generates and keeps its own. */
  siteSecret?: string;
  mail: { resendApiKey?: string; resendBaseUrl?: string; resendTimeoutMs: number; from: string; outboxDir: string };
  /** Public origin for links in emails. */
  siteUrl: string;
  dispatch: { retryBaseMs: number; intervalMs: number; background: boolean };
  cronSecret?: string;
  limits: { intakePerHour: number; lookupsPerHour: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment (process.env by default) into a Config, or throws naming the variable. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid environment variable ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const store = storeTarget(e);
  if (store.kind === 'embedded' && e.VERCEL) {
    // A serverless function has no lasting disk: the embedded store would lose complaints.
    throw new ConfigError('Missing environment variable UPSTASH_REDIS_REST_URL (or KV_REST_API_URL or REDIS_URL): on Vercel a Redis store is required');
  }
  const real = store.kind !== 'embedded' || Boolean(e.RESEND_API_KEY);
  if (real && !e.SITE_SECRET) {
    throw new ConfigError('Missing environment variable SITE_SECRET: it is required when a Redis store or RESEND_API_KEY is configured (generate one with: openssl rand -base64 32)');
  }
  return {
    store,
    keyPrefix: e.REDIS_KEY_PREFIX,
    siteSecret: e.SITE_SECRET,
    mail: { resendApiKey: e.RESEND_API_KEY, resendBaseUrl: e.RESEND_BASE_URL, resendTimeoutMs: e.RESEND_TIMEOUT_MS, from: e.MAIL_FROM, outboxDir: e.OUTBOX_DIR ?? `${e.SCHOOLWATCH_DATA_DIR}/outbox` },
    siteUrl: (e.SITE_URL ?? `http://${e.HOST ?? '127.0.0.1'}:${e.PORT ?? '4321'}`).replace(/\/$/, ''),
    // A long-lived Node server retries on a timer; a serverless function cannot keep one.
    dispatch: { retryBaseMs: e.DISPATCH_RETRY_BASE_MS, intervalMs: e.DISPATCH_INTERVAL_MS, background: !e.VERCEL },
    cronSecret: e.CRON_SECRET,
    limits: { intakePerHour: e.INTAKE_RATE_LIMIT, lookupsPerHour: e.LOOKUP_RATE_LIMIT },
  };
}

function storeTarget(e: z.infer<typeof envSchema>): StoreTarget {
  const pairs: Array<[string | undefined, string | undefined, string]> = [
    [e.UPSTASH_REDIS_REST_URL, e.UPSTASH_REDIS_REST_TOKEN, 'UPSTASH_REDIS_REST'],
    [e.KV_REST_API_URL, e.KV_REST_API_TOKEN, 'KV_REST_API'],
  ];
  for (const [u, token, prefix] of pairs) {
    if (u && !token) throw new ConfigError(`Missing environment variable ${prefix}_TOKEN: ${prefix}_URL is set without it`);
    if (token && !u) throw new ConfigError(`Missing environment variable ${prefix}_URL: ${prefix}_TOKEN is set without it`);
    if (u && token) return { kind: 'upstash', url: u, token };
  }
  if (e.REDIS_URL) return { kind: 'tcp', url: e.REDIS_URL };
  return { kind: 'embedded', dir: e.SCHOOLWATCH_DATA_DIR };
}
