// The site's own wiring, without Astro, for the benchmarks that run the
// domain in-process:
//
// - openRoot(env): the real composition root (src/server/root.ts), from an
//   environment read by the real configuration module, with the real
//   registry (src/catalog/registry.ts). What `api/complaints` calls, minus
//   HTTP and Astro.
// - wireDomain(target, secret): the adapters the root would choose for that
//   store, handed to the domain functions directly (fileComplaint,
//   lookupComplaint, dispatchDue), for benchmarks that must not start the
//   root's background dispatcher (queueing jobs to drain them later, and
//   counting a filing's own Redis commands).
//
// registry.ts imports the content files with Vite's `?raw`: the hook in
// raw-imports.ts gives them to plain Node, and must be registered before
// registry.ts (or root.ts, which imports it) is loaded, hence the dynamic
// imports below. Nothing imported statically here imports registry.ts.
import './raw-imports';
import { connectRedis, type RedisTarget } from '../../src/adapters/redis/connect';
import { redisComplaintStore } from '../../src/adapters/redis/redisComplaintStore';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { parseComplaintInput, type ComplaintInput } from '../../src/domain/complaintInput';
import { chinaDate } from '../../src/domain/deadlines';
import type { Directory } from '../../src/domain/directory';
import { systemClock } from '../../src/ports/clock';
import { cryptoRandom } from '../../src/ports/random';
import { KEY_PREFIX } from './redis';

/** The site's registry (settings, taxonomy, bureaus, schools) and the domain's directory of it, as the server makes them. */
export async function loadDirectory(): Promise<Directory> {
  const { registry, directoryFrom } = await import('../../src/catalogue/registry');
  return directoryFrom(registry);
}

/** The composition root, as the server builds it on its first request; `close()` it when done. */
export async function openRoot(env: Record<string, string>) {
  const [{ createRoot }, { registry }, { readConfig }] = await Promise.all([import('../../src/server/root'), import('../../src/catalogue/registry'), import('../../src/config/env')]);
  return createRoot(readConfig(env), registry, { log: () => {} });
}

/** The domain's dependencies on the Redis store (key prefix `bench`), chosen as the composition root chooses them. */
export async function wireDomain(target: RedisTarget | string, secret: string) {
  const connection = connectRedis(typeof target === 'string' ? { kind: 'tcp', url: target } : target);
  return {
    connection,
    directory: await loadDirectory(),
    store: redisComplaintStore(connection, KEY_PREFIX),
    keys: await webCryptoKeys(secret),
    clock: systemClock,
    random: cryptoRandom,
  };
}

/** A complaint checked as the intake service checks it before filing (`parseComplaintInput`). */
export function checkedInput(fields: Record<string, unknown>, directory: Directory): ComplaintInput {
  const parsed = parseComplaintInput(fields, directory, chinaDate(new Date()));
  if (!parsed.ok) throw new Error(`the benchmark's complaint is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.value;
}

/** The intake limit the benchmarks' server runs with (INTAKE_RATE_LIMIT / LOOKUP_RATE_LIMIT=100000000). */
export const BENCH_LIMIT = { max: 100_000_000, windowSeconds: 3600 };
