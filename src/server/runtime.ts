import { readConfig, type Config } from '../config/env';
import { connectRedis } from '../adapters/redis/connect';
import { redisComplaintStore } from '../adapters/store/redisComplaintStore';
import { webCryptoKeys } from '../adapters/webCryptoKeys';
import { localSiteSecret } from '../adapters/localSecret';
import { loadContent } from '../catalog/load';
import { directoryFrom } from './directory';
import { systemClock, type Clock } from '../ports/clock';
import { cryptoRandom, type Random } from '../ports/random';
import type { Keys } from '../ports/keys';
import type { ComplaintStore } from '../ports/complaintStore';
import type { Directory } from '../domain/directory';
import type { ContentSet } from '../catalog/integrity';
import type { Mailer } from '../ports/mailer';
import { resendMailer } from '../adapters/mail/resendMailer';
import { outboxMailer } from '../adapters/mail/outboxMailer';

/** Everything a request handler needs, built once per server process. */
export interface Runtime {
  config: Config;
  content: ContentSet;
  directory: Directory;
  store: ComplaintStore;
  mailer: Mailer;
  siteUrl: string;
  keys: Keys;
  clock: Clock;
  random: Random;
}

let current: Promise<Runtime> | undefined;

/**
 * The process's runtime. Created on first use (serverless functions start
 * per request batch; creating clients outside the handler lets warm
 * instances reuse them). The active store is logged once, without secrets.
 */
export function runtime(): Promise<Runtime> {
  current ??= create().catch((error) => {
    current = undefined; // a failed start (e.g. bad config) is retried on the next request
    throw error;
  });
  return current;
}

async function create(): Promise<Runtime> {
  const config = readConfig();
  const content = await loadContent();
  const connection = connectRedis(config.store);
  const secret = config.siteSecret ?? (config.store.kind === 'embedded' ? await localSiteSecret(config.store.dir) : undefined);
  if (!secret) throw new Error('SITE_SECRET is required');
  const mailer = config.mail.resendApiKey
    ? resendMailer({ apiKey: config.mail.resendApiKey, from: config.mail.from, timeoutMs: config.mail.resendTimeoutMs, ...(config.mail.resendBaseUrl ? { baseUrl: config.mail.resendBaseUrl } : {}) })
    : outboxMailer(config.mail.outboxDir);
  console.info(`[schoolwatch] store: ${connection.describe}; mail: ${mailer.describe}`);
  return {
    config,
    content,
    directory: directoryFrom(content),
    store: redisComplaintStore(connection.redis, config.keyPrefix),
    mailer,
    siteUrl: config.siteUrl,
    keys: await webCryptoKeys(secret),
    clock: systemClock,
    random: cryptoRandom,
  };
}
