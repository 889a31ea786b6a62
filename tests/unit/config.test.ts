import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/env';

const secret = 'x'.repeat(32);

describe('configuration from the environment', () => {
  it('starts with nothing set: embedded store, local outbox, defaults', () => {
    const config = readConfig({});
    expect(config.store).toEqual({ kind: 'embedded', dir: '.data' });
    expect(config.mail).toMatchObject({ outboxDir: '.data/outbox' });
    expect(config.mail.resendApiKey).toBeUndefined();
    expect(config.siteUrl).toBe('http://127.0.0.1:4321');
    expect(config.limits).toEqual({ intakePerHour: 10, lookupsPerHour: 60 });
  });

  it.each([
    ['Upstash', { UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.example', UPSTASH_REDIS_REST_TOKEN: 't', SITE_SECRET: secret }, { kind: 'upstash', url: 'https://eu1.upstash.example', token: 't' }],
    ["Vercel's KV pair", { KV_REST_API_URL: 'https://kv.example', KV_REST_API_TOKEN: 'k', SITE_SECRET: secret }, { kind: 'upstash', url: 'https://kv.example', token: 'k' }],
    ['Redis over TCP', { REDIS_URL: 'redis://127.0.0.1:6379/2', SITE_SECRET: secret }, { kind: 'tcp', url: 'redis://127.0.0.1:6379/2' }],
    ['Upstash before REDIS_URL', { REDIS_URL: 'redis://x', UPSTASH_REDIS_REST_URL: 'https://u.example', UPSTASH_REDIS_REST_TOKEN: 't', SITE_SECRET: secret }, { kind: 'upstash', url: 'https://u.example', token: 't' }],
  ])('chooses %s', (_name, env, store) => {
    expect(readConfig(env).store).toEqual(store);
  });

  it.each([
    ['a real store without SITE_SECRET', { REDIS_URL: 'redis://127.0.0.1:6379' }, 'Missing environment variable SITE_SECRET'],
    ['Resend without SITE_SECRET', { RESEND_API_KEY: 're_x' }, 'Missing environment variable SITE_SECRET'],
    ['a short SITE_SECRET', { REDIS_URL: 'redis://h', SITE_SECRET: 'short' }, 'Invalid environment variable SITE_SECRET'],
    ['a URL without its token', { UPSTASH_REDIS_REST_URL: 'https://u.example', SITE_SECRET: secret }, 'Missing environment variable UPSTASH_REDIS_REST_TOKEN'],
    ['a token without its URL', { KV_REST_API_TOKEN: 'k', SITE_SECRET: secret }, 'Missing environment variable KV_REST_API_URL'],
    ['a REDIS_URL that is not one', { REDIS_URL: 'http://h', SITE_SECRET: secret }, 'Invalid environment variable REDIS_URL'],
    ['Vercel without a store', { VERCEL: '1' }, 'Missing environment variable UPSTASH_REDIS_REST_URL'],
    ['a rate limit that is not a number', { INTAKE_RATE_LIMIT: 'many' }, 'Invalid environment variable INTAKE_RATE_LIMIT'],
  ])('refuses %s, naming the variable', (_name, env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});
