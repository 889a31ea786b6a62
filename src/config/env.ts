import { readFileSync } from 'node:fs';
import { z } from 'astro/zod';
import { parseSmtpConfig, type SmtpOptions } from './smtp.ts';
import { parseEvidenceConfig, type EvidenceConfig } from './evidence.ts';
import { problemLines } from './problems.ts';

/**
 * The one module that reads environment variables (DESIGN.md). Everything
 * else receives the parsed configuration. Nothing is required to start: with
 * no store the embedded SQLite database is used, with no mail key the local
 * outbox; but a real store or mailer requires SITE_SECRET, because the keys
 * that hash receipt codes and encrypt contact details derive from it.
 *
 * The Node server checks this before it listens (scripts/serve.mjs imports
 * this file directly, so it uses only erasable TypeScript and relative
 * imports with their .ts extension); on Vercel the first request does, and
 * every endpoint answers 503 naming the variables at fault.
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

const envSchema = z.object({
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
});

/** Where complaints are kept. */
export type StoreTarget = { kind: 'upstash'; url: string; token: string } | { kind: 'tcp'; url: string } | { kind: 'sqlite'; dir: string };

/** How mail leaves. */
export type MailTarget =
  | { kind: 'resend'; apiKey: string; baseUrl?: string; timeoutMs: number; from: string }
  | { kind: 'smtp'; options: SmtpOptions }
  | { kind: 'outbox'; dir: string };

export interface Config {
  store: StoreTarget;
  keyPrefix: string;
  /** The data folder of the embedded store, where its generated secret lives. */
  dataDir: string;
  /** Undefined only with the embedded store, which then generates and keeps its own. */
  siteSecret?: string;
  /** The secret before a rotation, kept to open what was made with it. */
  previousSiteSecret?: string;
  mail: MailTarget;
  /** Public origin for links in emails. */
  siteUrl: string;
  dispatch: { retryBaseMs: number; intervalMs: number; background: boolean };
  cronSecret?: string;
  /** Per address and hour; `intakeWithProofPerHour` with a proof of work; `alarmPerHour` for the whole site (server/filingAlarm.ts). */
  limits: { intakePerHour: number; lookupsPerHour: number; intakeWithProofPerHour: number; alarmPerHour: number };
  /** The proof of work's size and how long a challenge lives (adapters/altchaProof.ts). */
  proof: { maxNumber: number; ttlSeconds: number };
  /** Reverse proxies in front of the Node server whose X-Forwarded-* headers are believed. */
  trustedProxyHops: number;
  /** Serverless (Vercel): no start-up, no timers, no lasting disk. */
  serverless: boolean;
  /** Evidence images: where they are kept, encrypted, and how many a client may upload (config/evidence.ts). */
  evidence: EvidenceConfig;
  /** How often the Node server recomputes the statistics snapshot. */
  statsIntervalMs: number;
  /** The Node server (scripts/serve.mjs): where it listens, and the build folder it serves when not `dist/`. */
  server: { host: string; port: number; outDir?: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

export type ConfigCheck = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * The host that links name without SITE_URL: the one the server listens on,
 * except a wildcard (0.0.0.0, ::), which no browser can open, for which this
 * machine's own address stands; an IPv6 address in brackets.
 */
function linkHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Checks the whole environment and says everything wrong at once: one line
 * per variable, naming it and what is expected, never its value.
 */
export function checkConfig(env: Record<string, string | undefined>): ConfigCheck {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
  const parsed = envSchema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) problems.push(...problemLines(parsed.error.issues));
  // What depends on several variables is checked on what is set, valid or
  // not, so that one start-up names every problem at once.
  const has = (name: string) => name in cleaned;
  const missing = (name: string, why: string) => problems.push(`Missing environment variable ${name}: ${why}`);
  for (const prefix of ['UPSTASH_REDIS_REST', 'KV_REST_API']) {
    if (has(`${prefix}_URL`) && !has(`${prefix}_TOKEN`)) missing(`${prefix}_TOKEN`, `${prefix}_URL is set without it`);
    if (has(`${prefix}_TOKEN`) && !has(`${prefix}_URL`)) missing(`${prefix}_URL`, `${prefix}_TOKEN is set without it`);
  }
  const redis = ['UPSTASH_REDIS_REST_URL', 'KV_REST_API_URL', 'REDIS_URL'].some(has);
  const serverless = has('VERCEL');
  const smtp = parseSmtpConfig(cleaned, (path) => readFileSync(path, 'utf8'));
  problems.push(...smtp.problems);
  const smtpSet = smtp.options !== undefined || has('SMTP_URL') || has('SMTP_HOST');
  if (smtpSet && has('RESEND_API_KEY'))
    problems.push('Invalid environment variable RESEND_API_KEY: set either RESEND_API_KEY or SMTP_URL (SMTP_HOST), not both');
  const sends = has('RESEND_API_KEY') || smtpSet;
  // A serverless function has no lasting disk: the embedded store would lose complaints.
  if (serverless && !redis) missing('UPSTASH_REDIS_REST_URL', 'on Vercel a Redis store is required (or KV_REST_API_URL, or REDIS_URL)');
  if (serverless && !has('CRON_SECRET')) missing('CRON_SECRET', 'on Vercel the cron jobs that retry mail need it (at least 16 characters)');
  if ((redis || sends) && !has('SITE_SECRET'))
    missing(
      'SITE_SECRET',
      'it is required when a Redis store or a mailer (RESEND_API_KEY, SMTP_URL) is configured (generate one with: openssl rand -base64 32)',
    );
  if (has('SITE_SECRET_PREVIOUS') && !has('SITE_SECRET')) missing('SITE_SECRET', 'SITE_SECRET_PREVIOUS is set without it: a rotation needs the new secret too');
  if (has('RESEND_API_KEY') && !has('MAIL_FROM')) missing('MAIL_FROM', 'the sender address is required to send mail, e.g. 校务监督 <noreply@your-domain>');
  // The outbox keeps emails, contact details included, in plain files: a
  // development tool, not for a deployment holding real complaints.
  if (redis && !sends && !has('MAIL_OUTBOX'))
    missing(
      'RESEND_API_KEY',
      'with a Redis store mail must really be sent (RESEND_API_KEY, or SMTP_URL); set MAIL_OUTBOX=1 to keep it in a local folder instead (plain files: testing only)',
    );
  const evidence = parseEvidenceConfig(cleaned, cleaned.SCHOOLWATCH_DATA_DIR ?? '.data', serverless);
  problems.push(...evidence.problems);
  if (!parsed.success || problems.length > 0) return { ok: false, problems };

  const e = parsed.data;
  let store: StoreTarget = { kind: 'sqlite', dir: e.SCHOOLWATCH_DATA_DIR };
  if (e.REDIS_URL) store = { kind: 'tcp', url: e.REDIS_URL };
  if (e.KV_REST_API_URL && e.KV_REST_API_TOKEN) store = { kind: 'upstash', url: e.KV_REST_API_URL, token: e.KV_REST_API_TOKEN };
  if (e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN) store = { kind: 'upstash', url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN };

  const mail: MailTarget = smtp.options
    ? { kind: 'smtp', options: smtp.options }
    : e.RESEND_API_KEY
      ? {
          kind: 'resend',
          apiKey: e.RESEND_API_KEY,
          ...(e.RESEND_BASE_URL ? { baseUrl: e.RESEND_BASE_URL } : {}),
          timeoutMs: e.RESEND_TIMEOUT_MS,
          from: e.MAIL_FROM!,
        }
      : { kind: 'outbox', dir: e.OUTBOX_DIR };
  return {
    ok: true,
    config: {
      store,
      keyPrefix: e.REDIS_KEY_PREFIX,
      dataDir: e.SCHOOLWATCH_DATA_DIR,
      ...(e.SITE_SECRET ? { siteSecret: e.SITE_SECRET } : {}),
      ...(e.SITE_SECRET_PREVIOUS ? { previousSiteSecret: e.SITE_SECRET_PREVIOUS } : {}),
      mail,
      siteUrl: (e.SITE_URL ?? `http://${linkHost(e.HOST)}:${e.PORT ?? 4321}`).replace(/\/$/, ''),
      // A long-lived Node server retries on a timer; a serverless function cannot keep one.
      dispatch: { retryBaseMs: e.DISPATCH_RETRY_BASE_MS, intervalMs: e.DISPATCH_INTERVAL_MS, background: !serverless },
      ...(e.CRON_SECRET ? { cronSecret: e.CRON_SECRET } : {}),
      limits: {
        intakePerHour: e.INTAKE_RATE_LIMIT,
        lookupsPerHour: e.LOOKUP_RATE_LIMIT,
        intakeWithProofPerHour: Math.max(e.INTAKE_PROOF_RATE_LIMIT, e.INTAKE_RATE_LIMIT),
        alarmPerHour: e.INTAKE_ALARM_PER_HOUR,
      },
      proof: { maxNumber: e.PROOF_MAX_NUMBER, ttlSeconds: e.PROOF_TTL_SECONDS },
      trustedProxyHops: e.TRUSTED_PROXY_HOPS,
      serverless,
      evidence: evidence.config!,
      statsIntervalMs: e.STATS_INTERVAL_MS,
      server: { host: e.HOST, port: e.PORT ?? 4321, ...(e.SCHOOLWATCH_OUT_DIR ? { outDir: e.SCHOOLWATCH_OUT_DIR } : {}) },
    },
  };
}

/** The configuration, or a ConfigError listing every problem. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const check = checkConfig(env);
  if (!check.ok) throw new ConfigError(check.problems);
  return check.config;
}
