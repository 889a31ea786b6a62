// The built site (the project's own content) and the servers the load
// benchmarks start: the Schoolwatch Node server, the baseline and the Resend
// capture server. Each is stopped by cleanup().
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { cleanEnv, freePort, onCleanup, projectRoot, runNode, startService, workRoot, type Service } from './proc';
import { KEY_PREFIX } from './redis';

export const siteWork = join(workRoot, 'site');
export const siteOutDir = join(siteWork, 'dist');
const builds = new Map<string, Promise<{ wallMs: number; outDir: string }>>();

/** Where the site of a checkout is built: its own bench/.work, so that the bundle resolves that checkout's node_modules. */
export const siteWorkOf = (source: string) => (source === projectRoot ? siteWork : join(source, 'bench', '.work', 'site'));

/**
 * `astro build` of the project as it is (or of another checkout, `source`,
 * for "before" figures), into <source>/bench/.work/site (once per process).
 */
export function ensureSiteBuild(source = projectRoot): Promise<{ wallMs: number; outDir: string }> {
  let built = builds.get(source);
  if (!built) {
    built = (async () => {
      const work = siteWorkOf(source);
      const outDir = join(work, 'dist');
      if (existsSync(join(outDir, 'server', 'entry.mjs')) && process.env.BENCH_REUSE_BUILD === '1') return { wallMs: 0, outDir };
      mkdirSync(work, { recursive: true });
      if (source !== projectRoot) onCleanup(() => rmSync(work, { recursive: true, force: true }));
      console.log(`building the site (astro build) into ${relative(process.cwd(), work) || work} ...`);
      const run = await runNode([join(source, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
        cwd: source,
        env: cleanEnv({ SCHOOLWATCH_OUT_DIR: outDir, SCHOOLWATCH_CACHE_DIR: join(work, 'cache'), ASTRO_TELEMETRY_DISABLED: '1' }),
      });
      if (run.code !== 0) throw new Error(`astro build failed:\n${run.output.slice(-4000)}`);
      return { wallMs: run.wallMs, outDir };
    })();
    builds.set(source, built);
  }
  return built;
}

export const benchSecret = () => randomBytes(32).toString('base64url');

/** The Resend stand-in in a process of its own. */
export async function startCapture(): Promise<Service & { stats(): Promise<CaptureStats>; reset(): Promise<void> }> {
  const port = await freePort();
  const service = await startService(['--import', 'tsx', join(projectRoot, 'bench', 'lib', 'capture.ts'), String(port)], { cwd: projectRoot, env: cleanEnv(), port, readyPath: '/stats' });
  onCleanup(() => service.stop());
  return {
    ...service,
    stats: async () => (await (await fetch(`${service.url}/stats`)).json()) as CaptureStats,
    reset: async () => void (await fetch(`${service.url}/reset`, { method: 'POST' })),
  };
}

export interface CaptureStats {
  requests: number;
  distinctKeys: number;
  duplicates: number;
  maxPerKey: number;
  withoutKey: number;
  badBodies: number;
}

/**
 * `node scripts/serve.mjs` over the build, with Redis over TCP (or Upstash's
 * REST API at `upstash`, the tests' stand-in) and Resend pointed at the
 * capture server. `source` serves another checkout's build with its own
 * scripts/serve.mjs (see ensureSiteBuild).
 */
export async function startSchoolwatch(options: { redisUrl: string; upstash?: { url: string; token: string }; captureUrl: string; secret: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[]; source?: string }): Promise<Service> {
  const source = options.source ?? projectRoot;
  const work = siteWorkOf(source);
  const { outDir } = await ensureSiteBuild(source);
  const port = await freePort();
  const service = await startService([...(options.nodeArgs ?? []), join(source, 'scripts', 'serve.mjs')], {
    cwd: source,
    port,
    readyPath: '/api/health',
    env: cleanEnv({
      HOST: '127.0.0.1',
      PORT: String(port),
      SCHOOLWATCH_OUT_DIR: outDir,
      SCHOOLWATCH_DATA_DIR: join(work, 'data'),
      OUTBOX_DIR: join(work, 'outbox'),
      ...(options.upstash ? { UPSTASH_REDIS_REST_URL: options.upstash.url, UPSTASH_REDIS_REST_TOKEN: options.upstash.token } : { REDIS_URL: options.redisUrl }),
      REDIS_KEY_PREFIX: KEY_PREFIX,
      SITE_SECRET: options.secret,
      SITE_URL: `http://127.0.0.1:${port}`,
      RESEND_API_KEY: 're_bench_not_a_real_key',
      RESEND_BASE_URL: options.captureUrl,
      MAIL_FROM: '校务监督 <noreply@schoolwatch.example>',
      // Raised through configuration, never by a client header.
      INTAKE_RATE_LIMIT: '100000000',
      LOOKUP_RATE_LIMIT: '100000000',
      ...options.env,
    }),
  });
  onCleanup(() => service.stop());
  return service;
}

/** The bare node:http + one Redis SET server. */
export async function startBaseline(redisUrl: string): Promise<Service> {
  const port = await freePort();
  const service = await startService(['--import', 'tsx', join(projectRoot, 'bench', 'baseline-server.ts')], {
    cwd: projectRoot,
    port,
    readyPath: '/',
    readyMethod: 'POST',
    env: cleanEnv({ PORT: String(port), REDIS_URL: redisUrl, REDIS_KEY_PREFIX: KEY_PREFIX }),
  });
  onCleanup(() => service.stop());
  return service;
}
