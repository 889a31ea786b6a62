// Build at scale: the site built from 1,000, 5,000 and 20,000 generated
// notices, next to a bare Astro build of the same Markdown in the same run;
// for each build, the server bundle it writes and the start-up time and
// memory of the Node server over it, next to a bare node:http server started
// the same way.
//
//   npm run bench:build            (BENCH_BUILD_SIZES=1000,20000 to choose sizes;
//                                   BENCH_BUILD_PROFILE=0 skips the CPU profile;
//                                   BENCH_STARTUP_REQUESTS=200 page requests after start)
//
// "Before" figures of another checkout (no bare build, nothing written to
// docs/benchmarks.md; the server figures recorded as JSON, which a run on
// this checkout prints next to its own when BENCH_BEFORE names the file,
// bench/build-d6b97b1.json by default):
//
//   BENCH_SOURCE=../old-checkout BENCH_BUILD_SIZES=1000,20000 BENCH_BUILD_PROFILE=0 \
//     BENCH_RECORD=bench/build-d6b97b1.json npm run bench:build
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { generateContent, type GeneratedSet } from './generate';
import { cleanEnv, onCleanup, projectRoot, runNode, workRoot, type TimedRun } from './lib/proc';
import { isMain, runAlone } from './lib/main';
import { fmt, machine, machineLines, table, writeSection, type Target } from './lib/report';
import { profileSummary } from './lib/profile';
import { measureStartup, type StartupRun } from './lib/startup';

const SIZES = (process.env.BENCH_BUILD_SIZES ?? '1000,5000,20000').split(',').map(Number);
const PROFILE = process.env.BENCH_BUILD_PROFILE !== '0';
const PROJECT_FILES = ['src', 'public', 'api', 'astro.config.mjs', 'package.json', 'tsconfig.json'];
/** The checkout built: this one, or another for "before" figures. */
const SOURCE = resolve(process.env.BENCH_SOURCE ?? projectRoot);
const OTHER_SOURCE = SOURCE !== projectRoot;
/** Builds of another checkout go to its own bench/.work, so that they resolve its node_modules. */
const buildRoot = OTHER_SOURCE ? join(SOURCE, 'bench', '.work') : workRoot;
const BARE = !OTHER_SOURCE;
const STARTUP_PAGE = '/report/';
const STARTUP_REQUESTS = Number(process.env.BENCH_STARTUP_REQUESTS ?? 200);
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const BEFORE_FILE = resolve(projectRoot, process.env.BENCH_BEFORE ?? 'bench/build-d6b97b1.json');
/** The issue's bound: the server bundle at the largest size within this many times its size at the smallest. */
const BUNDLE_GROWTH_LIMIT = 1.2;

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
  server: { bytes: number; largest: { path: string; bytes: number }; files: Array<{ path: string; bytes: number }>; beside: Array<{ path: string; bytes: number }> };
  phases: Phases;
  routes: RouteGroup[];
  lines: Array<{ atMs: number; text: string }>;
}

/** Wraps runNode to stamp every output line with the time it arrived. */
async function timedBuild(cwd: string, outDir: string, cacheDir: string, extraArgs: string[] = []): Promise<BuildResult> {
  const lines: Array<{ atMs: number; text: string }> = [];
  const started = performance.now();
  const run = await runNode([...extraArgs, join(SOURCE, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
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
  // Files beside client/ and server/ (page-policies.json, read by the Node server at start).
  const beside = (statSafe(join(outDir, 'server')) ? readdirSync(outDir, { withFileTypes: true }) : [])
    .filter((f) => f.isFile())
    .map((f) => ({ path: f.name, bytes: statSync(join(outDir, f.name)).size }));
  const server = { bytes: 0, largest: { path: '', bytes: 0 }, files: [] as Array<{ path: string; bytes: number }>, beside };
  const serverDir = join(outDir, 'server');
  if (statSafe(serverDir)) {
    for (const file of readdirSync(serverDir, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      const path = join(file.parentPath, file.name);
      const bytes = statSync(path).size;
      // Data the server reads (the search index) is listed beside the bundle, not counted in its code.
      if (file.name.endsWith('.json')) {
        beside.push({ path: `server/${relative(serverDir, path)}`, bytes });
        continue;
      }
      server.bytes += bytes;
      server.files.push({ path: relative(serverDir, path), bytes });
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
  /** The Node server over this build, and the bare node:http server started the same way. */
  startup: StartupRun;
  startupBaseline: StartupRun;
}

/** The start-up figures a run of another checkout records (BENCH_RECORD), printed next to a later run's. */
interface StartupRecord {
  source: string;
  measured: string;
  command: string;
  machine: string;
  sizes: Array<{ notices: number; schools?: number; serverBytes: number; largest: { path: string; bytes: number }; beside?: Array<{ path: string; bytes: number }>; startup: StartupRun; startupBaseline: StartupRun }>;
}

/**
 * The Node server (scripts/serve.mjs of the checkout) over a build, embedded
 * store in a fresh folder and mail to a local outbox, started STARTUP_RUNS
 * times, each time followed by the bare node:http server; the run with the
 * median start-up time of each is kept, with every run's start-up time.
 */
async function startupOf(dir: string, outDir: string): Promise<{ startup: StartupRun; startupBaseline: StartupRun }> {
  const site: StartupRun[] = [];
  const bare: StartupRun[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const data = mkdtempSync(join(dir, 'data-'));
    site.push(
      await measureStartup([join(SOURCE, 'scripts', 'serve.mjs')], {
        cwd: SOURCE,
        env: { SCHOOLWATCH_OUT_DIR: outDir, SCHOOLWATCH_DATA_DIR: data, OUTBOX_DIR: join(data, 'outbox') },
        pagePath: STARTUP_PAGE,
        requests: STARTUP_REQUESTS,
      }),
    );
    bare.push(await measureStartup([join(projectRoot, 'bench', 'startup-baseline.mjs')], { cwd: projectRoot, env: {}, pagePath: STARTUP_PAGE, requests: STARTUP_REQUESTS }));
  }
  const median = (runs: StartupRun[]) => ({ ...[...runs].sort((a, b) => a.startMs - b.startMs)[Math.floor(runs.length / 2)]!, runsMs: runs.map((r) => r.startMs) });
  return { startup: median(site), startupBaseline: median(bare) };
}

async function benchSize(size: number): Promise<SizeResult> {
  const dir = join(buildRoot, `build-${size}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const site = join(dir, 'site');
  const bare = join(dir, 'bare');
  const set = generateContent(site, size);
  for (const name of PROJECT_FILES) cpSync(join(SOURCE, name), join(site, name), { recursive: true });
  console.log(`\n${fmt.int(size)} notices, ${set.schools} schools (${(set.bytes / 1e6).toFixed(1)} MB of content)`);
  let bareRun: BuildResult | undefined;
  if (BARE) {
    cpSync(join(projectRoot, 'bench', 'bare'), bare, { recursive: true });
    symlinkSync('../site/content', join(bare, 'content'));
    bareRun = await timedBuild(bare, join(dir, 'bare-dist'), join(dir, 'bare-cache'));
    console.log(`  bare  ${fmt.s(bareRun.wallMs)}  ${bareRun.pages} pages  peak ${fmt.mb(bareRun.peakProcessMb)}`);
  }
  const realRun = await timedBuild(site, join(dir, 'site-dist'), join(dir, 'site-cache'));
  console.log(`  site  ${fmt.s(realRun.wallMs)}  ${realRun.pages} pages  peak ${fmt.mb(realRun.peakProcessMb)}${bareRun ? `  (${fmt.ratio(realRun.wallMs / bareRun.wallMs)} the bare build)` : ''}`);
  const { startup, startupBaseline } = await startupOf(dir, join(dir, 'site-dist'));
  console.log(`  server bundle ${fmt.kb(realRun.server.bytes)} (largest ${realRun.server.largest.path}, ${fmt.kb(realRun.server.largest.bytes)}); start-up ${fmt.ms(startup.startMs)}, RSS ${fmt.mb(startup.rssReadyMb)} → ${fmt.mb(startup.rssAfterMb)} after ${STARTUP_REQUESTS} × ${STARTUP_PAGE} (bare node:http: ${fmt.ms(startupBaseline.startMs)}, ${fmt.mb(startupBaseline.rssReadyMb)})`);
  return { set, real: realRun, bare: bareRun ?? realRun, startup, startupBaseline };
}

/** The median start-up time, with every run's in brackets. */
const withRuns = (r: StartupRun) => (r.runsMs && r.runsMs.length > 1 ? `${fmt.ms(r.startMs)} (${r.runsMs.map((ms) => Math.round(ms)).join(', ')})` : fmt.ms(r.startMs));
const mb1 = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** A chunk's name without the content hash Vite gives it, so that the same chunk of two builds compares. */
const chunkName = (path: string) => path.replace(/_[\w-]{8}(\.[a-z]+)$/, '$1');

function chunkGrowth(first: BuildResult, last: BuildResult) {
  const sizes = (b: BuildResult) => {
    const m = new Map<string, number>();
    for (const f of b.server.files) m.set(chunkName(f.path), (m.get(chunkName(f.path)) ?? 0) + f.bytes);
    return m;
  };
  const a = sizes(first);
  const b = sizes(last);
  return [...new Set([...a.keys(), ...b.keys()])]
    .map((name) => ({ name, first: a.get(name) ?? 0, last: b.get(name) ?? 0 }))
    .sort((x, y) => y.last - y.first - (x.last - x.first) || y.last - x.last);
}

/** The commit of another checkout, and whether it has uncommitted changes. */
function sourceCommit(dir: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'api', 'scripts', 'public', 'content', 'astro.config.mjs', 'package.json'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean).length;
    return `commit ${head}${dirty > 0 ? ` with ${dirty} uncommitted changes` : ''}`;
  } catch {
    return 'not a git checkout';
  }
}

function readBefore(): StartupRecord | undefined {
  if (OTHER_SOURCE || !existsSync(BEFORE_FILE)) return undefined;
  return JSON.parse(readFileSync(BEFORE_FILE, 'utf8')) as StartupRecord;
}

async function profileBuild(size: number) {
  const dir = join(buildRoot, `profile-${size}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const site = join(dir, 'site');
  generateContent(site, size);
  for (const name of PROJECT_FILES) cpSync(join(SOURCE, name), join(site, name), { recursive: true });
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
  const startupRows = (r: SizeResult) => [
    fmt.int(r.set.notices),
    fmt.int(r.set.schools),
    mb1(r.real.server.bytes),
    r.real.server.largest.path ? `${r.real.server.largest.path} (${fmt.kb(r.real.server.largest.bytes)})` : '—',
    r.real.server.beside.length > 0 ? r.real.server.beside.map((f) => `${f.path} (${fmt.kb(f.bytes)})`).join(', ') : '—',
    withRuns(r.startup),
    fmt.mb(r.startup.rssReadyMb),
    fmt.mb(r.startup.rssAfterMb),
    fmt.mb(r.startup.peakMb),
    fmt.ms(r.startup.firstPageMs),
    fmt.ms(r.startup.pageMeanMs),
    Object.entries(r.startup.statuses).map(([code, k]) => `${code}: ${k}`).join(', '),
    `${withRuns(r.startupBaseline)}, ${fmt.mb(r.startupBaseline.rssReadyMb)} → ${fmt.mb(r.startupBaseline.rssAfterMb)}`,
    fmt.ratio(r.startup.startMs / r.startupBaseline.startMs),
  ];
  const startupHead = ['notices', 'schools', 'server bundle', 'largest server file', 'beside it in dist/', `start-up, spawn → /api/health 200 (median of ${STARTUP_RUNS}; each run, ms)`, 'RSS at start', `RSS after ${STARTUP_REQUESTS} × \`${STARTUP_PAGE}\``, 'peak RSS', `first \`${STARTUP_PAGE}\``, `mean \`${STARTUP_PAGE}\` (4 at a time)`, 'statuses', 'bare node:http: start-up (each run), RSS at start → after', 'start-up ÷ bare'];
  if (OTHER_SOURCE) {
    // "Before" figures of another checkout: printed and recorded, not written to the document.
    const record: StartupRecord = {
      source: `${SOURCE}: ${sourceCommit(SOURCE)}`,
      measured: m.date,
      command: `BENCH_SOURCE=${process.env.BENCH_SOURCE} BENCH_BUILD_SIZES=${SIZES.join(',')} BENCH_BUILD_PROFILE=0${process.env.BENCH_RECORD ? ` BENCH_RECORD=${process.env.BENCH_RECORD}` : ''} npm run bench:build`,
      machine: `${m.cores}, ${m.memory}, ${m.os}; Node ${m.node}; load average ${m.load}`,
      sizes: results.map((r) => ({ notices: r.set.notices, schools: r.set.schools, serverBytes: r.real.server.bytes, largest: r.real.server.largest, beside: r.real.server.beside, startup: r.startup, startupBaseline: r.startupBaseline })),
    };
    console.log(`\n${table(startupHead, results.map(startupRows))}`);
    console.log(`\nserver bundle ${fmt.int(last.set.notices)} ÷ ${fmt.int(first.set.notices)}: ${fmt.ratio(last.real.server.bytes / first.real.server.bytes)}`);
    if (process.env.BENCH_RECORD) {
      writeFileSync(resolve(projectRoot, process.env.BENCH_RECORD), `${JSON.stringify(record, null, 1)}\n`);
      console.log(`recorded in ${process.env.BENCH_RECORD}`);
    }
    return;
  }
  const bundleRatio = last.real.server.bytes / first.real.server.bytes;
  const growth = chunkGrowth(first.real, last.real);
  const before = readBefore();
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
      measured: results.length > 1 ? `${realMarginal.map((x) => fmt.s(x.msPer1000)).join(' → ')} per 1,000 added (${realMarginal.length > 1 ? `${fmt.ratio(marginalGrowth)}; bare ${fmt.ratio(bareMarginalGrowth)}` : 'one step: the rise from the first step to the last needs three sizes'})${quadratic.length > 0 ? `; quadratic: ${quadratic.map((q) => { const a = first.real.routes.find((g) => g.group === q)!; const b = last.real.routes.find((g) => g.group === q)!; return `${q} ${fmt.ms(a.totalMs / a.count)} → ${fmt.ms(b.totalMs / b.count)} per page, ${fmt.s(a.totalMs)} → ${fmt.s(b.totalMs)} in total`; }).join('; ')}` : ''}` : 'one size only',
      // With two sizes only the per-page check can fail; the marginal cost needs two steps to compare.
      met: realMarginal.length > 1 ? !superlinear : quadratic.length > 0 ? false : null,
    },
    {
      benchmark: 'build',
      target: `the server bundle at ${fmt.int(last.set.notices)} notices stays within ${BUNDLE_GROWTH_LIMIT}× its size at ${fmt.int(first.set.notices)}`,
      measured: `${fmt.kb(first.real.server.bytes)} → ${fmt.kb(last.real.server.bytes)} (${fmt.ratio(bundleRatio)})`,
      met: results.length > 1 ? bundleRatio <= BUNDLE_GROWTH_LIMIT : null,
    },
    {
      benchmark: 'build',
      target: `Node server start-up and memory at ${results.map((r) => fmt.int(r.set.notices)).join(' and ')} notices (no target; reported)`,
      measured: results.map((r) => `${fmt.int(r.set.notices)}: ${fmt.ms(r.startup.startMs)}, ${fmt.mb(r.startup.rssReadyMb)} → ${fmt.mb(r.startup.rssAfterMb)}`).join('; '),
      met: null,
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
      ? `Marginal cost of the site build: ${realMarginal.map((x) => `${fmt.s(x.msPer1000)} per 1,000 from ${fmt.int(x.from)} to ${fmt.int(x.to)}`).join(', ')} (${realMarginal.length > 1 ? `${fmt.ratio(marginalGrowth)} from the first step to the last; the bare build: ${fmt.ratio(bareMarginalGrowth)}` : `the bare build: ${fmt.s(bareMarginal[0]!.msPer1000)}; with two sizes there is one step, so whether it rises is not measured here`}). ${quadratic.length > 0 ? `Pages whose number and time per page both grow with the notices (quadratic in total): ${quadratic.join(', ')}.` : 'No kind of page gets slower per page as the notices grow.'}`
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
    '',
    `**The server bundle and the Node server.** \`dist/server\` is what the Node server imports and what a Vercel function is made from (this build is the Node adapter's). For each build, \`node scripts/serve.mjs\` is spawned with \`SCHOOLWATCH_OUT_DIR\` pointing at it and a fresh \`SCHOOLWATCH_DATA_DIR\` (the embedded SQLite store, mail to a local outbox), and timed from the spawn until \`GET /api/health\` answers 200 (polled every 10 ms; the first request builds the composition root, as on a real start); its resident set (VmRSS, from /proc) is read then and again after ${STARTUP_REQUESTS} \`GET ${STARTUP_PAGE}\` (an on-demand page, 4 at a time), and its peak (VmHWM) at the end. Each is started ${STARTUP_RUNS} times; the table shows the run with the median start-up time, and every run's start-up time in brackets. The baseline beside it is a bare \`node:http\` server (\`bench/startup-baseline.mjs\`) started and measured the same way right after each start: what Node itself costs.`,
    '',
    table(startupHead, results.map(startupRows)),
    '',
    `Server bundle at ${fmt.int(last.set.notices)} notices ÷ at ${fmt.int(first.set.notices)}: **${fmt.ratio(bundleRatio)}** (${fmt.kb(first.real.server.bytes)} → ${fmt.kb(last.real.server.bytes)}; the issue's bound: ${BUNDLE_GROWTH_LIMIT}×). The files of \`dist/server\` that grew most, then the largest (names without Vite's content hash):`,
    '',
    table(
      ['file', `at ${fmt.int(first.set.notices)}`, `at ${fmt.int(last.set.notices)}`, 'growth'],
      growth.slice(0, 5).map((g) => [g.name, fmt.kb(g.first), fmt.kb(g.last), g.first > 0 ? fmt.ratio(g.last / g.first) : 'new']),
    ),
    ...(before
      ? [
          '',
          `Before (${before.source}; measured ${before.measured} with \`${before.command}\`, the same method on the same machine; ${before.machine}):`,
          '',
          table(startupHead, before.sizes.map((b) => [fmt.int(b.notices), b.schools === undefined ? '—' : fmt.int(b.schools), mb1(b.serverBytes), `${b.largest.path} (${fmt.kb(b.largest.bytes)})`, b.beside?.length ? b.beside.map((f) => `${f.path} (${fmt.kb(f.bytes)})`).join(', ') : '—', withRuns(b.startup), fmt.mb(b.startup.rssReadyMb), fmt.mb(b.startup.rssAfterMb), fmt.mb(b.startup.peakMb), fmt.ms(b.startup.firstPageMs), fmt.ms(b.startup.pageMeanMs), Object.entries(b.startup.statuses).map(([code, k]) => `${code}: ${k}`).join(', '), `${withRuns(b.startupBaseline)}, ${fmt.mb(b.startupBaseline.rssReadyMb)} → ${fmt.mb(b.startupBaseline.rssAfterMb)}`, fmt.ratio(b.startup.startMs / b.startupBaseline.startMs)])),
          '',
          `Server bundle then: ${before.sizes.map((b) => `${mb1(b.serverBytes)} at ${fmt.int(b.notices)}`).join(', ')} (${fmt.ratio(before.sizes.at(-1)!.serverBytes / before.sizes[0]!.serverBytes)}).`,
        ]
      : []),
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
