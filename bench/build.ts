// The build at scale, against bare Astro: the site built from generated notices (bench/generate.ts) next to
// bare Astro building the same Markdown with one plain template (bench/bare/), same run. Over the largest
// build: the server bundle's growth, the Node server's start-up and memory next to a bare node:http
// server's, and /search/ answering without JavaScript next to a static page.
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { generateContent } from './generate';
import { cleanEnv, fmt, load, projectRoot, quick, report, rss, run, start, startFloor, startSite, work } from './lib/harness';

// BENCH_SIZES=1000,20000 for the sizes of the earlier runs (about 4 minutes more).
const SIZES = quick ? [200, 1000] : (process.env.BENCH_SIZES ?? '1000,5000').split(',').map(Number);
const PROJECT = ['src', 'public', 'api', 'content', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

/** Bytes of the code under dir (.mjs); the search and ledger indexes beside it grow with the content by design. */
const codeUnder = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isDirectory() ? codeUnder(join(dir, e.name)) : e.name.endsWith('.mjs') ? statSync(join(dir, e.name)).size : 0),
    0,
  );

async function astroBuild(root: string, out: string) {
  const r = await run(
    [join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'build'],
    cleanEnv({ SCHOOLWATCH_OUT_DIR: out, SCHOOLWATCH_CACHE_DIR: join(root, '.cache'), ASTRO_TELEMETRY_DISABLED: '1' }),
    root,
  );
  if (r.code !== 0) throw new Error(`astro build in ${root} failed:\n${r.output.slice(-3000)}`);
  return r.ms;
}

export async function build() {
  const bundles: number[] = [];
  let largest = '';
  for (const size of SIZES) {
    const dir = join(work, `scale-${size}`);
    rmSync(dir, { recursive: true, force: true });
    const site = join(dir, 'site');
    const bare = join(dir, 'bare');
    for (const name of PROJECT.filter((n) => n !== 'content')) cpSync(join(projectRoot, name), join(site, name), { recursive: true });
    generateContent(site, size);
    cpSync(join(projectRoot, 'bench', 'bare'), bare, { recursive: true });
    symlinkSync(join(site, 'content'), join(bare, 'content'));
    const bareMs = await astroBuild(bare, join(dir, 'bare-dist'));
    const siteMs = await astroBuild(site, join(dir, 'dist'));
    bundles.push(codeUnder(join(dir, 'dist', 'server')));
    largest = join(dir, 'dist');
    report({
      what: `build at ${size.toLocaleString('en')} notices`,
      figure: fmt.ms(siteMs),
      floor: `bare Astro, same Markdown: ${fmt.ms(bareMs)}`,
      ratio: siteMs / bareMs,
    });
  }
  report({
    what: `server bundle, ${SIZES[0]!.toLocaleString('en')} → ${SIZES.at(-1)!.toLocaleString('en')} notices`,
    figure: `${(bundles.at(-1)! / 1024).toFixed(0)} KB of code`,
    floor: `${(bundles[0]! / 1024).toFixed(0)} KB`,
    ratio: bundles.at(-1)! / bundles[0]!,
    target: '≤ 1.2×',
    met: bundles.at(-1)! <= 1.2 * bundles[0]!,
  });

  // Start-up over the largest build: spawn → /api/health answering, and the memory then.
  const resend = await startFloor('resend');
  let t0 = performance.now();
  const server = await startSite(resend.url, { SCHOOLWATCH_OUT_DIR: largest });
  const siteStart = performance.now() - t0;
  const siteRss = rss(server.pid);
  t0 = performance.now();
  const bare = await start(['-e', "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT)"], cleanEnv());
  const floorStart = performance.now() - t0;
  const floor = await startFloor('files', { SITE_DIR: join(largest, 'client') });
  report({
    what: `server start-up at ${SIZES.at(-1)!.toLocaleString('en')} notices (spawn → /api/health)`,
    figure: `${fmt.ms(siteStart)}, ${fmt.mb(siteRss)} resident`,
    floor: `bare node:http: ${fmt.ms(floorStart)}, ${fmt.mb(rss(bare.pid))}`,
    ratio: siteStart / floorStart,
  });

  // Search without JavaScript at that size: rendered and compressed per request.
  const search = await load(`${server.url}/search/?q=${encodeURIComponent('星河 补课')}`, { connections: 4, headers: { 'accept-encoding': 'br, gzip' } });
  const page = await load(`${floor.url}/`, { connections: 4, headers: { 'accept-encoding': 'br, gzip' } });
  report({
    what: `\`/search/?q=星河 补课\` at ${SIZES.at(-1)!.toLocaleString('en')} notices, 4 connections`,
    figure: fmt.rps(search),
    floor: `a static page from memory: ${fmt.rps(page)}`,
    ratio: search.rps / page.rps,
    target: 'p50 < 25 ms',
    met: search.p50 < 25 && search.bad === 0,
  });
}
