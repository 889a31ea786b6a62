import { readFileSync } from 'node:fs';
import { parseSmtpConfig } from './smtp.ts';
import type { SmtpOptions } from './smtpOptions.ts';
import { parseEvidenceConfig, type EvidenceConfig } from './evidence.ts';
import { parseSmsConfig, type SmsTarget } from './sms.ts';
import { problemLines } from './problems.ts';
import { envSchema } from './variables.ts';

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
  /** How short messages to parents leave (config/sms.ts). */
  sms: SmsTarget;
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
  /** How often, at most, a process asks the store whether a notice was published (src/server/liveNotices.ts). */
  noticeRefreshMs: number;
  /** A moved day for trying the site out (SCHOOLWATCH_TODAY): the composition root's clock says it is this day in China. */
  today?: string;
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
  // A moved clock sends reminders for a made-up day: only to the local outbox, never from a deployment.
  if (has('SCHOOLWATCH_TODAY') && (sends || serverless))
    problems.push(
      'Invalid environment variable SCHOOLWATCH_TODAY: a moved clock is for trying the site out; it is refused with a real mailer (RESEND_API_KEY, SMTP_URL) and on Vercel',
    );
  const evidence = parseEvidenceConfig(cleaned, cleaned.SCHOOLWATCH_DATA_DIR ?? '.data', serverless);
  problems.push(...evidence.problems);
  const sms = parseSmsConfig(cleaned);
  problems.push(...sms.problems);
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
      sms: sms.target!,
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
      noticeRefreshMs: e.NOTICE_REFRESH_MS,
      ...(e.SCHOOLWATCH_TODAY ? { today: e.SCHOOLWATCH_TODAY } : {}),
      server: { host: e.HOST, port: e.PORT ?? 4321, ...(e.SCHOOLWATCH_OUT_DIR ? { outDir: e.SCHOOLWATCH_OUT_DIR } : {}) },
    },
  };
}

/** The check of this process's environment, for code outside the server that must not read it itself (the build's integrations). */
export function checkEnvironment(): ConfigCheck {
  return checkConfig(process.env);
}

/** The configuration, or a ConfigError listing every problem. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const check = checkConfig(env);
  if (!check.ok) throw new ConfigError(check.problems);
  return check.config;
}
