// Build at scale: the site built from 1,000, 5,000 and 20,000 generated
// notices, next to a bare Astro build of the same Markdown in the same run.
//
//   npm run bench:build            (BENCH_BUILD_SIZES=1000,5000 to choose sizes;
//                                   BENCH_BUILD_PROFILE=0 skips the CPU profile)
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateContent, type GeneratedSet } from './generate';
import { astroBin, cleanEnv, onCleanup, projectRoot, runNode, workRoot, type TimedRun } from './lib/proc';
import { isMain, runAlone } from './lib/main';
import { fmt, machine, machineLines, table, writeSection, type Target } from './lib/report';
import { profileSummary } from './lib/profile';

const SIZES = (process.env.BENCH_BUILD_SIZES ?? '1000,5000,20000').split(',').map(Number);
const PROFILE = process.env.BENCH_BUILD_PROFILE !== '0';
const PROJECT_FILES = ['src', 'public', 'api', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

interface Phases {
  contentMs: number;
  bundleMs: number;
  prerenderMs: number;
  finishMs: number;
}

interface RouteGroup {
  group: string;
  count: number;
  totalMs: number;
}

interface BuildResult extends TimedRun {
  pages: number;
  files: number;
  outputBytes: number;
  largest: { path: string; bytes: number };
  /** The server bundle (on-demand pages, api/), when the build has one. */
  server: { bytes: number; largest: { path: string; bytes: number } };
  phases: Phases;
  routes: RouteGroup[];
  lines: Array<{ atMs: number; text: string }>;
}

/** Wraps runNode to stamp every output line with the time it arrived. */
async function timedBuild(cwd: string, outDir: string, cacheDir: string, extraArgs: string[] = []): Promise<BuildResult> {
  const lines: Array<{ atMs: number; text: string }> = [];
  const started = performance.now();
  const run = await runNode([...extraArgs, astroBin, 'build'], {
    cwd,
    env: cleanEnv({ SCHOOLWATCH_OUT_DIR: outDir, SCHOOLWATCH_CACHE_DIR: cacheDir, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' }),
    onLine: (text) => lines.push({ atMs: performance.now() - started, text }),
  });
  if (run.code !== 0) throw new Error(`astro build failed in ${cwd} (exit ${run.code}):\n${run.output.slice(-4000)}`);
  // The Node adapter writes pages to <outDir>/client; a static build straight to <outDir>.
  const root = statSafe(join(outDir, 'client')) ? join(outDir, 'client') : outDir;
  let pages = 0;
  let files = 0;
  let outputBytes = 0;
  let largest = { path: '', bytes: 0 };
  for (const file of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const path = join(file.parentPath, file.name);
    const bytes = statSync(path).size;
    files++;
    outputBytes += bytes;
    if (file.name.endsWith('.html')) pages++;
    if (bytes > largest.bytes) largest = { path: `/${relative(root, path)}`, bytes };
  }
  const server = { bytes: 0, largest: { path: '', bytes: 0 } };
  const serverDir = join(outDir, 'server');
  if (statSafe(serverDir)) {
    for (const file of readdirSync(serverDir, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      const path = join(file.parentPath, file.name);
      const bytes = statSync(path).size;
      server.bytes += bytes;
      if (bytes > server.largest.bytes) server.largest = { path: relative(serverDir, path), bytes };
    }
  }
  return { ...run, pages, files, outputBytes, largest, server, phases: phasesOf(lines, run.wallMs), routes: routesOf(run.output), lines };
}

function statSafe(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function phasesOf(lines: Array<{ atMs: number; text: string }>, wallMs: number): Phases {
  const at = (re: RegExp, from = 0) => lines.find((l) => l.atMs >= from && re.test(l.text))?.atMs;
  const synced = at(/\[content\] Synced content/) ?? 0;
  const renderStart = at(/(prerendering|generating) static routes/) ?? synced;
  const renderEnd = at(/✓ Completed in/, renderStart + 1) ?? renderStart;
  return { contentMs: synced, bundleMs: renderStart - synced, prerenderMs: renderEnd - renderStart, finishMs: wallMs - renderEnd };
}

/** What kind of page a prerendered route is, for the time per kind. */
function groupOf(path: string): string {
  if (path === '/notices/index.html') return 'notice index /notices/';
  if (/^\/notices\/.+\/index\.html$/.test(path) || /^\/notices\/.+\.html$/.test(path)) return 'notice pages';
  if (path.startsWith('/schools/')) return 'school pages';
  if (/^\/bureaus\/[^/]+\/rss\.xml$/.test(path)) return 'bureau feeds';
  if (path.startsWith('/bureaus/')) return 'bureau pages';
  if (path === '/aspects/index.html') return 'other';
  if (path.startsWith('/aspects/')) return 'aspect pages';
  if (path === '/rss.xml') return 'site feed /rss.xml';
  return 'other';
}

function routesOf(output: string): RouteGroup[] {
  const groups = new Map<string, RouteGroup>();
  for (const match of output.matchAll(/[├└]─ (\S+) \(\+(\d+(?:\.\d+)?)(ms|s)\)/g)) {
    const group = groupOf(match[1]!);
    const ms = Number(match[2]) * (match[3] === 's' ? 1000 : 1);
    const g = groups.get(group) ?? { group, count: 0, totalMs: 0 };
    g.count++;
    g.totalMs += ms;
    groups.set(group, g);
  }
  return [...groups.values()].sort((a, b) => b.totalMs - a.totalMs);
}

interface SizeResult {
  set: GeneratedSet;
  real: BuildResult;
  bare: BuildResult;
}

async function benchSize(size: number): Promise<SizeResult> {
  const dir = join(workRoot, `build-${size}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const site = join(dir, 'site');
  const bare = join(dir, 'bare');
  const set = generateContent(site, size);
  for (const name of PROJECT_FILES) cpSync(join(projectRoot, name), join(site, name), { recursive: true });
  cpSync(join(projectRoot, 'bench', 'bare'), bare, { recursive: true });
  symlinkSync('../site/content', join(bare, 'content'));
  console.log(`\n${fmt.int(size)} notices, ${set.schools} schools (${(set.bytes / 1e6).toFixed(1)} MB of content)`);
  const bareRun = await timedBuild(bare, join(dir, 'bare-dist'), join(dir, 'bare-cache'));
  console.log(`  bare  ${fmt.s(bareRun.wallMs)}  ${bareRun.pages} pages  peak ${fmt.mb(bareRun.peakProcessMb)}`);
  const realRun = await timedBuild(site, join(dir, 'site-dist'), join(dir, 'site-cache'));
  console.log(`  site  ${fmt.s(realRun.wallMs)}  ${realRun.pages} pages  peak ${fmt.mb(realRun.peakProcessMb)}  (${fmt.ratio(realRun.wallMs / bareRun.wallMs)} the bare build)`);
  return { set, real: realRun, bare: bareRun };
}

async function profileBuild(size: number) {
  const dir = join(workRoot, `profile-${size}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const site = join(dir, 'site');
  generateContent(site, size);
  for (const name of PROJECT_FILES) cpSync(join(projectRoot, name), join(site, name), { recursive: true });
  const profDir = join(dir, 'prof');
  console.log(`\nCPU profile of the site build at ${fmt.int(size)} notices (node --cpu-prof)`);
  // Astro deletes its prerender bundle when the build ends; a copy lets the profile name the source of each chunk line.
  const prerender = join(dir, 'dist', 'server', '.prerender');
  const copy = join(dir, 'prerender-copy');
  const copier = setInterval(() => {
    try {
      if (existsSync(prerender)) cpSync(prerender, copy, { recursive: true, force: true });
    } catch {
      // being written or already removed
    }
  }, 1000);
  const run = await timedBuild(site, join(dir, 'dist'), join(dir, 'cache'), ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=1000']).finally(() => clearInterval(copier));
  const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
  // The main thread's profile is the largest.
  const main = files.map((f) => join(profDir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  return { size, wallMs: run.wallMs, ...profileSummary(main, /\/bench\/\.work\/[^/]+\/[^/]+\//, "the build's bundle and src/ loaders (site code with Astro's runtime bundled into it)", 15, (p) => p.replace(prerender, copy)) };
}

async function main() {
  const m = machine();
  console.log(`build benchmark: sizes ${SIZES.join(', ')}; load ${m.load}`);
  const results: SizeResult[] = [];
  for (const size of SIZES) results.push(await benchSize(size));

  const first = results[0]!;
  const last = results.at(-1)!;
  // Marginal cost per 1,000 notices between consecutive sizes: fixed start-up costs cancel out,
  // so a rise from the first step to the last means the build grows faster than linearly.
  const marginal = (which: 'real' | 'bare') =>
    results.slice(1).map((r, i) => ({ from: results[i]!.set.notices, to: r.set.notices, msPer1000: ((r[which].wallMs - results[i]![which].wallMs) / (r.set.notices - results[i]!.set.notices)) * 1000 }));
  const realMarginal = marginal('real');
  const bareMarginal = marginal('bare');
  const marginalGrowth = realMarginal.length > 1 ? realMarginal.at(-1)!.msPer1000 / realMarginal[0]!.msPer1000 : 1;
  const bareMarginalGrowth = bareMarginal.length > 1 ? bareMarginal.at(-1)!.msPer1000 / bareMarginal[0]!.msPer1000 : 1;
  // Kinds of page whose number grows with the notices and whose time per page grows too: quadratic in total.
  const quadratic = [...new Set(last.real.routes.map((g) => g.group))].filter((group) => {
    const a = first.real.routes.find((g) => g.group === group);
    const b = last.real.routes.find((g) => g.group === group);
    return a && b && b.count >= 4 * a.count && b.totalMs / b.count > 1.5 * (a.totalMs / a.count);
  });
  const superlinear = marginalGrowth > 1.15 || quadratic.length > 0;
  const profile = (PROFILE && superlinear) || process.env.BENCH_BUILD_PROFILE === 'always' ? await profileBuild(SIZES.at(-1)!) : undefined;

  const rows = results.map((r) => [
    fmt.int(r.set.notices),
    fmt.int(r.set.schools),
    fmt.int(r.real.pages),
    fmt.s(r.real.wallMs),
    fmt.num(r.real.pages / (r.real.wallMs / 1000)),
    fmt.mb(r.real.peakProcessMb),
    fmt.int(r.bare.pages),
    fmt.s(r.bare.wallMs),
    fmt.num(r.bare.pages / (r.bare.wallMs / 1000)),
    fmt.mb(r.bare.peakProcessMb),
    fmt.ratio(r.real.wallMs / r.bare.wallMs),
    fmt.ratio(r.bare.pages / r.bare.wallMs / (r.real.pages / r.real.wallMs)),
    fmt.ratio(r.real.peakProcessMb / r.bare.peakProcessMb),
  ]);
  const scaling = results.map((r, i) => [
    fmt.int(r.set.notices),
    fmt.s((r.real.wallMs / r.set.notices) * 1000),
    i === 0 ? '—' : fmt.s(realMarginal[i - 1]!.msPer1000),
    fmt.s((r.bare.wallMs / r.set.notices) * 1000),
    i === 0 ? '—' : fmt.s(bareMarginal[i - 1]!.msPer1000),
    i === 0 ? '—' : fmt.ratio(realMarginal[i - 1]!.msPer1000 / bareMarginal[i - 1]!.msPer1000),
  ]);
  const phaseRows = results.flatMap((r) =>
    (['real', 'bare'] as const).map((which) => {
      const p = r[which].phases;
      return [fmt.int(r.set.notices), which === 'real' ? 'site' : 'bare', fmt.s(p.contentMs), fmt.s(p.bundleMs), fmt.s(p.prerenderMs), fmt.s(p.finishMs), fmt.s(r[which].wallMs)];
    }),
  );
  const groups = [...new Set(results.flatMap((r) => r.real.routes.map((g) => g.group)))];
  const routeRows = groups.map((group) => [
    group,
    ...results.flatMap((r) => {
      const g = r.real.routes.find((x) => x.group === group);
      return g ? [`${fmt.int(g.count)} × ${fmt.ms(g.totalMs / g.count)}`, fmt.s(g.totalMs)] : ['—', '—'];
    }),
  ]);
  const bareNotice = (r: SizeResult) => r.bare.routes.find((g) => g.group === 'notice pages');
  routeRows.push([
    '*bare: notice pages*',
    ...results.flatMap((r) => {
      const g = bareNotice(r);
      return g ? [`${fmt.int(g.count)} × ${fmt.ms(g.totalMs / g.count)}`, fmt.s(g.totalMs)] : ['—', '—'];
    }),
  ]);
  const outputRows = results.map((r) => [
    fmt.int(r.set.notices),
    fmt.int(r.real.files),
    fmt.mb(r.real.outputBytes / 2 ** 20),
    `${r.real.largest.path} (${fmt.kb(r.real.largest.bytes)})`,
    fmt.mb(r.real.server.bytes / 2 ** 20),
    r.real.server.largest.path ? `${r.real.server.largest.path} (${fmt.kb(r.real.server.largest.bytes)})` : '—',
    fmt.mb(r.bare.outputBytes / 2 ** 20),
  ]);

  const targets: Target[] = [
    {
      benchmark: 'build',
      target: 'build time grows linearly with the notices (marginal cost per 1,000 notices rises ≤ 1.15× from the first step to the last, and no kind of page gets slower per page as its count grows)',
      measured: results.length > 1 ? `${realMarginal.map((x) => fmt.s(x.msPer1000)).join(' → ')} per 1,000 added (${fmt.ratio(marginalGrowth)}; bare ${fmt.ratio(bareMarginalGrowth)})${quadratic.length > 0 ? `; quadratic: ${quadratic.map((q) => { const a = first.real.routes.find((g) => g.group === q)!; const b = last.real.routes.find((g) => g.group === q)!; return `${q} ${fmt.ms(a.totalMs / a.count)} → ${fmt.ms(b.totalMs / b.count)} per page, ${fmt.s(a.totalMs)} → ${fmt.s(b.totalMs)} in total`; }).join('; ')}` : ''}` : 'one size only',
      met: results.length > 1 ? !superlinear : null,
    },
    {
      benchmark: 'build',
      target: 'site build time compared with the bare Astro build of the same Markdown (no target; reported)',
      measured: results.map((r) => `${fmt.ratio(r.real.wallMs / r.bare.wallMs)} at ${fmt.int(r.set.notices)}`).join(', '),
      met: null,
    },
  ];

  const md = [
    '## 1. Build at scale',
    '',
    machineLines(m, 'npm run bench:build'),
    '',
    `\`bench/generate.ts\` writes a full \`content/\` tree (the project's own site.yaml, categories, aspects and bureaus; one generated school per 20 notices; notices of every kind with ledgers, follow-ups that update ledger items, findings and Chinese text). The site is built from a copy of \`src/\`, \`public/\`, \`api/\` and the config in \`bench/.work/\` with that content (\`SCHOOLWATCH_OUT_DIR\`/\`SCHOOLWATCH_CACHE_DIR\` point at fresh folders, so every build is cold); the bare build (\`bench/bare/\`: Astro's \`glob\` loader, no schema, one \`[...id].astro\` page rendering the body) builds the same Markdown files right before it. Peak memory is the largest resident set (VmHWM) of the build process, sampled from /proc every 100 ms.`,
    '',
    table(['notices', 'schools', 'site pages', 'site time', 'site pages/s', 'site peak RSS', 'bare pages', 'bare time', 'bare pages/s', 'bare peak RSS', 'time ÷ bare', 'bare pages/s ÷ site pages/s', 'memory ÷ bare'], rows),
    '',
    '**Scaling.** Time per 1,000 notices, and the marginal cost of each 1,000 notices added since the size before (start-up costs cancel out there; a linear build keeps it flat):',
    '',
    table(['notices', 'site, per 1,000', 'site, each 1,000 added', 'bare, per 1,000', 'bare, each 1,000 added', 'site ÷ bare, added'], scaling),
    '',
    results.length > 1
      ? `Marginal cost of the site build: ${realMarginal.map((x) => `${fmt.s(x.msPer1000)} per 1,000 from ${fmt.int(x.from)} to ${fmt.int(x.to)}`).join(', ')} (${fmt.ratio(marginalGrowth)} from the first step to the last; the bare build: ${fmt.ratio(bareMarginalGrowth)}). ${quadratic.length > 0 ? `Pages whose number and time per page both grow with the notices (quadratic in total): ${quadratic.join(', ')}.` : 'No kind of page gets slower per page as the notices grow.'}`
      : '',
    '',
    '**Where the time goes** — phases from the time each line of the build\'s output arrived (content sync: start-up, loading and validating content, rendering Markdown; bundle: types and Vite; prerender: writing pages; finish: sitemap, assets, exit):',
    '',
    table(['notices', 'build', 'content sync', 'bundle', 'prerender', 'finish', 'total'], phaseRows),
    '',
    'Prerender time per kind of page, from the `(+N ms)` Astro prints for each route (count × mean, and total):',
    '',
    table(['kind of page', ...results.flatMap((r) => [`${fmt.int(r.set.notices)}: count × mean`, 'total'])], routeRows),
    '',
    'Output (static pages and feeds; and the server bundle that serves the on-demand pages and `api/`, which is what a Vercel function or the Node server loads):',
    '',
    table(['notices', 'site static files', 'site static output', 'largest static file', 'site server bundle', 'largest server file', 'bare output'], outputRows),
    ...(profile
      ? [
          '',
          `CPU profile (\`node --cpu-prof\`) of one more site build at ${fmt.int(profile.size)} notices (${fmt.s(profile.wallMs)} with the profiler on; ${fmt.s(profile.totalMs)} of main-thread samples, idle included). By owner of the code (self time):`,
          '',
          table(['code', 'self time', 'share'], profile.owners.map((r) => [r.name, fmt.s(r.ms), `${((r.ms / profile.totalMs) * 100).toFixed(1)}%`])),
          '',
          "The site's own functions (as bundled by the build) by time with the function on the stack, callees included:",
          '',
          table(['function (bundled file:line)', 'time on stack', 'share'], profile.own.map((r) => [`\`${r.name}\``, fmt.s(r.ms), `${((r.ms / profile.totalMs) * 100).toFixed(1)}%`])),
          '',
          'Self time of the top functions (V8\'s idle, program and GC entries left out; they are in the first table):',
          '',
          table(['function (file:line)', 'self time', 'share'], profile.rows.map((r) => [`\`${r.name}\``, fmt.s(r.ms), `${((r.ms / profile.totalMs) * 100).toFixed(1)}%`])),

        ]
      : []),
  ].join('\n');
  console.log(`\n${md}`);
  writeSection('build', md, targets);
}

export const run = main;
if (isMain(import.meta)) await runAlone(run);
