import { z } from 'astro/zod';

/**
 * Every environment variable the site reads, with what it means and its
 * default: the schema that src/config/env.ts checks the environment against
 * (and combines, where variables depend on each other). Only erasable
 * TypeScript, as env.ts: scripts/serve.mjs imports them directly.
 */

const url = (what: string) => z.url({ error: `must be a URL (${what})` });
const whole = (what: string) =>
  z.coerce
    .number({ error: `must be a whole number (${what})` })
    .int({ error: `must be a whole number (${what})` })
    .positive({ error: `must be a positive whole number (${what})` });

/** A redis:// or rediss:// URL with a host, and a database number if it names one. */
const redisUrl = z.string().refine(
  (text) => {
    try {
      const u = new URL(text);
      return (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '' && /^(\/\d{0,2})?$/.test(u.pathname);
    } catch {
      return false;
    }
  },
  { error: 'must be redis://[user:password@]host[:port][/database] or rediss://…' },
);

export const envSchema = z.object({
  UPSTASH_REDIS_REST_URL: url('https://….upstash.io').optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  KV_REST_API_URL: url('https://….upstash.io').optional(),
  KV_REST_API_TOKEN: z.string().min(1).optional(),
  REDIS_URL: redisUrl.optional(),
  /** Prefix of every Redis key, so that several deployments (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, { error: 'must be lowercase letters, digits and hyphens, starting with a letter' })
    .default('sw'),
  /** The embedded store's folder: the SQLite database and, unless SITE_SECRET is set, the generated secret. */
  SCHOOLWATCH_DATA_DIR: z.string().min(1).default('.data'),
  RESEND_API_KEY: z.string().min(1).optional(),
  /** Where the Resend client sends requests; only tests point it elsewhere (a local capture server). */
  RESEND_BASE_URL: url('https://api.resend.com').optional(),
  /** How long one send to Resend may take before it counts as failed and is retried. */
  RESEND_TIMEOUT_MS: whole('milliseconds').default(15_000),
  /** The sender; required when mail is really sent. */
  MAIL_FROM: z
    .string()
    .regex(/^[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>$|^[^\s<>@]+@[^\s<>@]+$/, { error: 'must be an address, e.g. 校务监督 <noreply@your-domain>' })
    .optional(),
  /** Folder of the development outbox: emails in plain files. */
  OUTBOX_DIR: z.string().min(1).default('.outbox'),
  /** Keep emails in the outbox although a real store is configured (a staging copy). */
  MAIL_OUTBOX: z.enum(['1', 'true'], { error: 'must be 1 or true when set' }).optional(),
  SITE_URL: url('the public origin, e.g. https://jubao.example.gov.cn').optional(),
  SITE_SECRET: z.string().min(32, { error: 'must be at least 32 characters (e.g. openssl rand -base64 32)' }).optional(),
  /** The secret before a rotation: what was sealed, signed or hashed with it stays readable (docs/operations.md). */
  SITE_SECRET_PREVIOUS: z.string().min(32, { error: 'must be at least 32 characters: the SITE_SECRET used before the rotation' }).optional(),
  CRON_SECRET: z.string().min(16, { error: 'must be at least 16 characters (e.g. openssl rand -base64 24)' }).optional(),
  /** Complaints one client (hashed IP) may file per hour; raised for benchmarks. */
  INTAKE_RATE_LIMIT: whole('complaints per client per hour').default(10),
  /**
   * Complaints one address may file per hour when each one past
   * INTAKE_RATE_LIMIT comes with a proof of work solved in the browser: a
   * parents' meeting or a carrier's NAT shares one address (docs/operations.md).
   */
  INTAKE_PROOF_RATE_LIMIT: whole('complaints per client per hour with a proof of work').default(50),
  /** The proof of work's size: the browser tries about half this many SHA-256 hashes (about a second on a phone at 50,000). */
  PROOF_MAX_NUMBER: whole('largest number of the proof of work').default(50_000),
  /** How long a proof-of-work challenge stays good. */
  PROOF_TTL_SECONDS: whole('seconds').default(600),
  /** Filings per hour on the whole site past which a warning is logged and /api/health says so: several times the usual hour. */
  INTAKE_ALARM_PER_HOUR: whole('complaints per hour, site-wide').default(60),
  /** Status lookups one client may make per hour: slows guessing of receipt codes. */
  LOOKUP_RATE_LIMIT: whole('lookups per client per hour').default(60),
  /** First retry delay of a failed email, doubling each attempt. */
  DISPATCH_RETRY_BASE_MS: whole('milliseconds').default(30_000),
  /** How often the Node server looks for due emails (retries); Vercel uses its cron instead. */
  DISPATCH_INTERVAL_MS: whole('milliseconds').default(30_000),
  /** Set by Vercel's build and runtime. */
  VERCEL: z.string().optional(),
  /**
   * Reverse proxies in front of the Node server that write X-Forwarded-For and
   * X-Forwarded-Proto (0: none, the default; 1: one nginx or Caddy). Only that
   * many hops are believed: a forged header from the internet changes nothing.
   */
  TRUSTED_PROXY_HOPS: z.coerce
    .number({ error: 'must be 0, 1, 2 or 3' })
    .int({ error: 'must be 0, 1, 2 or 3' })
    .min(0, { error: 'must be 0, 1, 2 or 3' })
    .max(3, { error: 'must be 0, 1, 2 or 3' })
    .default(0),
  /** Where the Node server listens (scripts/serve.mjs). */
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int({ error: 'must be a port number' })
    .min(1, { error: 'must be a port number' })
    .max(65535, { error: 'must be a port number' })
    .optional(),
  /** Where `astro build` wrote the site the Node server serves (tests build into folders of their own). */
  SCHOOLWATCH_OUT_DIR: z.string().min(1).optional(),
  /** How often the Node server recomputes the public statistics (default hourly); Vercel uses its cron instead. */
  STATS_INTERVAL_MS: whole('milliseconds').min(60_000, { error: 'must be at least 60000 (one minute)' }).default(3_600_000),
  /** Where short messages to parents go (config/sms.ts): Alibaba Cloud or Tencent Cloud SMS; unset, a local folder. */
  SMS_PROVIDER: z.enum(['aliyun', 'tencent'], { error: 'must be aliyun or tencent' }).optional(),
  ALIYUN_SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  /** host[:port] of Dysmsapi; only tests point it elsewhere. */
  ALIYUN_SMS_ENDPOINT: z.string().min(1).optional(),
  TENCENT_SMS_SECRET_ID: z.string().min(1).optional(),
  TENCENT_SMS_SECRET_KEY: z.string().min(1).optional(),
  /** The SMS application's SdkAppId (1400…). */
  TENCENT_SMS_APP_ID: z
    .string()
    .regex(/^\d{6,12}$/, { error: 'must be the SMS SdkAppId, digits only (1400…)' })
    .optional(),
  TENCENT_SMS_REGION: z.string().min(1).optional(),
  TENCENT_SMS_ENDPOINT: z.string().min(1).optional(),
  /** How long one request to the SMS provider may take before it counts as failed (and is looked up before a retry). */
  SMS_TIMEOUT_MS: whole('milliseconds').default(10_000),
  /** Folder of the development SMS outbox. */
  SMS_OUTBOX_DIR: z.string().min(1).default('.sms-outbox'),
  /**
   * For trying the site out on another day (README, "Running with a date"): the site's clock says it is this day in
   * China (YYYY-MM-DD). Refused with a real mailer and on Vercel, where it would send real reminders on a made-up day.
   */
  SCHOOLWATCH_TODAY: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a day, YYYY-MM-DD (e.g. 2027-03-01)' })
    .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), {
      error: 'must be a real day, YYYY-MM-DD (e.g. 2027-03-01)',
    })
    .optional(),
  /** How stale a page that shows notices may be, at most, on each process: how often it asks the store whether something was published (tests shorten it). */
  NOTICE_REFRESH_MS: whole('milliseconds').default(5000),
});
