import { describe, expect, it } from 'vitest';
import { checkConfig, readConfig } from '../../src/config/env';

const secret = 'x'.repeat(32);
const from = '校务监督 <noreply@schoolwatch.example>';

describe('configuration from the environment', () => {
  it('starts with nothing set: the embedded SQLite store, the local outbox outside the data folder, defaults', () => {
    const config = readConfig({});
    expect(config.store).toEqual({ kind: 'sqlite', dir: '.data' });
    expect(config.mail).toEqual({ kind: 'outbox', dir: '.outbox' });
    expect(config.siteUrl).toBe('http://127.0.0.1:4321');
    expect(config.limits).toEqual({ intakePerHour: 10, lookupsPerHour: 60, intakeWithProofPerHour: 50, alarmPerHour: 60 });
    expect(config.proof).toEqual({ maxNumber: 50_000, ttlSeconds: 600 });
    expect(config.serverless).toBe(false);
  });

  it.each([
    [{ PORT: '8080' }, 'http://127.0.0.1:8080'],
    [{ HOST: '192.168.1.20', PORT: '8080' }, 'http://192.168.1.20:8080'],
    [{ HOST: '0.0.0.0', PORT: '8080' }, 'http://127.0.0.1:8080'],
    [{ HOST: '::1' }, 'http://[::1]:4321'],
    [{ HOST: '0.0.0.0', PORT: '8080', SITE_URL: 'https://jubao.example.org/' }, 'https://jubao.example.org'],
  ])('gives links SITE_URL, else the address the server listens on: %o → %s', (env, url) => {
    expect(readConfig(env).siteUrl).toBe(url);
  });

  it.each([
    [{}, { host: '127.0.0.1', port: 4321 }],
    [
      { HOST: '0.0.0.0', PORT: '8080' },
      { host: '0.0.0.0', port: 8080 },
    ],
    [
      { HOST: '::', PORT: '', SCHOOLWATCH_OUT_DIR: '/tmp/site-build' },
      { host: '::', port: 4321, outDir: '/tmp/site-build' },
    ],
  ])('tells the Node server where to listen and which build to serve: %o → %o', (env, server) => {
    expect(readConfig(env).server).toEqual(server);
  });

  it.each([
    [
      'Upstash',
      { UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.example', UPSTASH_REDIS_REST_TOKEN: 't', SITE_SECRET: secret, MAIL_OUTBOX: '1' },
      { kind: 'upstash', url: 'https://eu1.upstash.example', token: 't' },
    ],
    [
      "Vercel's KV pair",
      { KV_REST_API_URL: 'https://kv.example', KV_REST_API_TOKEN: 'k', SITE_SECRET: secret, MAIL_OUTBOX: '1' },
      { kind: 'upstash', url: 'https://kv.example', token: 'k' },
    ],
    ['Redis over TCP', { REDIS_URL: 'redis://127.0.0.1:6379/2', SITE_SECRET: secret, MAIL_OUTBOX: '1' }, { kind: 'tcp', url: 'redis://127.0.0.1:6379/2' }],
    [
      'Redis over TLS with a password',
      { REDIS_URL: 'rediss://:pw@redis.example:6380', SITE_SECRET: secret, MAIL_OUTBOX: '1' },
      { kind: 'tcp', url: 'rediss://:pw@redis.example:6380' },
    ],
    [
      'Upstash before REDIS_URL',
      { REDIS_URL: 'redis://x', UPSTASH_REDIS_REST_URL: 'https://u.example', UPSTASH_REDIS_REST_TOKEN: 't', SITE_SECRET: secret, MAIL_OUTBOX: '1' },
      { kind: 'upstash', url: 'https://u.example', token: 't' },
    ],
  ])('chooses %s', (_name, env, store) => {
    expect(readConfig(env).store).toEqual(store);
  });

  it('sends through SMTP, with a Redis store and no outbox', () => {
    const config = readConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      SITE_SECRET: secret,
      SMTP_URL: 'smtp://mailer:pa%40ss@smtp.bureau.example:587',
      MAIL_FROM: from,
    });
    expect(config.mail).toEqual({
      kind: 'smtp',
      options: { host: 'smtp.bureau.example', port: 587, tls: 'starttls', from, auth: { user: 'mailer', pass: 'pa@ss' } },
    });
  });

  it.each([
    ['unset', {}, 0],
    ['one nginx in front', { TRUSTED_PROXY_HOPS: '1' }, 1],
  ])('believes X-Forwarded-* of as many proxies as TRUSTED_PROXY_HOPS says: %s', (_name, env, hops) => {
    expect(readConfig(env).trustedProxyHops).toBe(hops);
  });

  it('sends through Resend with a sender', () => {
    expect(readConfig({ RESEND_API_KEY: 're_x', SITE_SECRET: secret, MAIL_FROM: from }).mail).toEqual({
      kind: 'resend',
      apiKey: 're_x',
      timeoutMs: 15_000,
      from,
    });
  });

  it.each([
    [
      'a real store without SITE_SECRET',
      { REDIS_URL: 'redis://127.0.0.1:6379', MAIL_OUTBOX: '1' },
      [
        'Missing environment variable SITE_SECRET: it is required when a Redis store or a mailer (RESEND_API_KEY, SMTP_URL) is configured (generate one with: openssl rand -base64 32)',
      ],
    ],
    [
      'Resend without SITE_SECRET',
      { RESEND_API_KEY: 're_x', MAIL_FROM: from },
      [
        'Missing environment variable SITE_SECRET: it is required when a Redis store or a mailer (RESEND_API_KEY, SMTP_URL) is configured (generate one with: openssl rand -base64 32)',
      ],
    ],
    [
      'Resend without MAIL_FROM',
      { RESEND_API_KEY: 're_x', SITE_SECRET: secret },
      ['Missing environment variable MAIL_FROM: the sender address is required to send mail, e.g. 校务监督 <noreply@your-domain>'],
    ],
    [
      'a short SITE_SECRET',
      { SITE_SECRET: 'short' },
      ['Invalid environment variable SITE_SECRET: must be at least 32 characters (e.g. openssl rand -base64 32)'],
    ],
    [
      'a short CRON_SECRET',
      { CRON_SECRET: 'too-short' },
      ['Invalid environment variable CRON_SECRET: must be at least 16 characters (e.g. openssl rand -base64 24)'],
    ],
    [
      'a URL without its token',
      { UPSTASH_REDIS_REST_URL: 'https://u.example', SITE_SECRET: secret, MAIL_OUTBOX: '1' },
      ['Missing environment variable UPSTASH_REDIS_REST_TOKEN: UPSTASH_REDIS_REST_URL is set without it'],
    ],
    [
      'a token without its URL',
      { KV_REST_API_TOKEN: 'k', SITE_SECRET: secret },
      ['Missing environment variable KV_REST_API_URL: KV_REST_API_TOKEN is set without it'],
    ],
    [
      'a REDIS_URL of another scheme',
      { REDIS_URL: 'http://h', SITE_SECRET: secret, MAIL_OUTBOX: '1' },
      ['Invalid environment variable REDIS_URL: must be redis://[user:password@]host[:port][/database] or rediss://…'],
    ],
    [
      'a REDIS_URL without a host',
      { REDIS_URL: 'redis://', SITE_SECRET: secret, MAIL_OUTBOX: '1' },
      ['Invalid environment variable REDIS_URL: must be redis://[user:password@]host[:port][/database] or rediss://…'],
    ],
    [
      'a REDIS_URL with a path that is no database',
      { REDIS_URL: 'redis://h:6379/x/y', SITE_SECRET: secret, MAIL_OUTBOX: '1' },
      ['Invalid environment variable REDIS_URL: must be redis://[user:password@]host[:port][/database] or rediss://…'],
    ],
    [
      'a Redis store with nothing to send mail',
      { REDIS_URL: 'redis://h', SITE_SECRET: secret },
      [
        'Missing environment variable RESEND_API_KEY: with a Redis store mail must really be sent (RESEND_API_KEY, or SMTP_URL); set MAIL_OUTBOX=1 to keep it in a local folder instead (plain files: testing only)',
      ],
    ],
    [
      'Vercel without a store or cron secret',
      { VERCEL: '1' },
      [
        'Missing environment variable UPSTASH_REDIS_REST_URL: on Vercel a Redis store is required (or KV_REST_API_URL, or REDIS_URL)',
        'Missing environment variable CRON_SECRET: on Vercel the cron jobs that retry mail need it (at least 16 characters)',
      ],
    ],
    [
      'a rate limit that is not a number',
      { INTAKE_RATE_LIMIT: 'many' },
      ['Invalid environment variable INTAKE_RATE_LIMIT: must be a whole number (complaints per client per hour)'],
    ],
    ['a port that is no port', { PORT: '70000' }, ['Invalid environment variable PORT: must be a port number']],
    ['a proxy count that is no count', { TRUSTED_PROXY_HOPS: 'nginx' }, ['Invalid environment variable TRUSTED_PROXY_HOPS: must be 0, 1, 2 or 3']],
    [
      'SMTP without a sender',
      { SMTP_URL: 'smtp://smtp.bureau.example:587', SITE_SECRET: secret },
      ['MAIL_FROM is required with SMTP: the address the mail server lets you send from, e.g. 校务监督 <noreply@bureau.example>'],
    ],
    [
      'SMTP and Resend at once',
      { SMTP_URL: 'smtp://smtp.bureau.example:587', RESEND_API_KEY: 're_x', MAIL_FROM: from, SITE_SECRET: secret },
      ['Invalid environment variable RESEND_API_KEY: set either RESEND_API_KEY or SMTP_URL (SMTP_HOST), not both'],
    ],
  ])('refuses %s, naming the variable', (_name, env, problems) => {
    expect(checkConfig(env)).toEqual({ ok: false, problems });
    expect(() => readConfig(env)).toThrow(problems[0]);
  });

  it('names every problem at once, and never a value', () => {
    const env = { CRON_SECRET: 'short-secret', REDIS_URL: 'redis//oops', RESEND_API_KEY: 're_live_key', INTAKE_RATE_LIMIT: 'lots' };
    const check = checkConfig(env);
    expect(check).toEqual({
      ok: false,
      problems: [
        'Invalid environment variable REDIS_URL: must be redis://[user:password@]host[:port][/database] or rediss://…',
        'Invalid environment variable CRON_SECRET: must be at least 16 characters (e.g. openssl rand -base64 24)',
        'Invalid environment variable INTAKE_RATE_LIMIT: must be a whole number (complaints per client per hour)',
        'Missing environment variable SITE_SECRET: it is required when a Redis store or a mailer (RESEND_API_KEY, SMTP_URL) is configured (generate one with: openssl rand -base64 32)',
        'Missing environment variable MAIL_FROM: the sender address is required to send mail, e.g. 校务监督 <noreply@your-domain>',
      ],
    });
    const text = JSON.stringify(check);
    for (const value of Object.values(env)) expect(text).not.toContain(value);
  });
});
