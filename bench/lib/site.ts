// The built site (the project's own content) and the servers the load
// benchmarks start: the Schoolwatch Node server, the baseline and the Resend
// capture server. Each is stopped by cleanup().
import { existsSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { astroBin, cleanEnv, freePort, onCleanup, projectRoot, runNode, startService, workRoot, type Service } from './proc';
import { KEY_PREFIX } from './redis';

export const siteWork = join(workRoot, 'site');
export const siteOutDir = join(siteWork, 'dist');
let built: Promise<{ wallMs: number }> | undefined;

/** `astro build` of the project as it is, into bench/.work/site (once per process). */
export function ensureSiteBuild(): Promise<{ wallMs: number }> {
  built ??= (async () => {
    if (existsSync(join(siteOutDir, 'server', 'entry.mjs')) && process.env.BENCH_REUSE_BUILD === '1') return { wallMs: 0 };
    mkdirSync(siteWork, { recursive: true });
    console.log('building the site (astro build) into bench/.work/site ...');
    const run = await runNode([astroBin, 'build'], {
      cwd: projectRoot,
      env: cleanEnv({ SCHOOLWATCH_OUT_DIR: siteOutDir, SCHOOLWATCH_CACHE_DIR: join(siteWork, 'cache'), ASTRO_TELEMETRY_DISABLED: '1' }),
    });
    if (run.code !== 0) throw new Error(`astro build failed:\n${run.output.slice(-4000)}`);
    return { wallMs: run.wallMs };
  })();
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

/** `node scripts/serve.mjs` over the build, with Redis over TCP and Resend pointed at the capture server. */
export async function startSchoolwatch(options: { redisUrl: string; captureUrl: string; secret: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[] }): Promise<Service> {
  const port = await freePort();
  const service = await startService([...(options.nodeArgs ?? []), join(projectRoot, 'scripts', 'serve.mjs')], {
    cwd: projectRoot,
    port,
    readyPath: '/api/health',
    env: cleanEnv({
      HOST: '127.0.0.1',
      PORT: String(port),
      SCHOOLWATCH_OUT_DIR: siteOutDir,
      SCHOOLWATCH_DATA_DIR: join(siteWork, 'data'),
      OUTBOX_DIR: join(siteWork, 'outbox'),
      REDIS_URL: options.redisUrl,
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
