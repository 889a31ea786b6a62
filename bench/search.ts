// Search: what it adds to the build and the server bundle at 1,000 and
// 20,000 generated notices, how fast /search/ answers without JavaScript,
// what a Pagefind search costs a phone, and the recall of the query table
// (tests/support/searchQueries.ts) on the project's own content.
//
//   npm run bench:search           (BENCH_SEARCH_SIZES=1000,20000 to choose sizes)
//
// "Before" is the same generated content built by the code this branch
// started from (`git merge-base HEAD main`, exported with git archive), in
// the same run, so the difference is what search adds.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateContent } from './generate';
import { astroBin, cleanEnv, freePort, onCleanup, projectRoot, runNode, startService, workRoot, type Service } from './lib/proc';
import { isMain, runAlone } from './lib/main';
import { fmt, machine, machineLines, table, writeSection, type Target } from './lib/report';
import { readIndexedContent } from '../src/catalogue/build/besideBundle';
import { buildSearchIndex } from '../src/search/searchIndex';
import { answerSearch } from '../src/search/answer';
import { searchWithPagefind, type PagefindApi } from '../src/search/pagefind';
import type { SearchAnswer } from '../src/search/results';
import { rankOf, searchCases } from '../tests/support/searchQueries';

const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '1000,20000').split(',').map(Number);
const PROJECT_FILES = ['src', 'public', 'api', 'astro.config.mjs', 'package.json', 'tsconfig.json'];
/** Queries timed at scale: school words of the generated names, problem words, a mixed query, one matching almost every title, a too-short one. */
const TIMED = ['星河', '补课', '教辅', '星河 补课', '乱收费', '整改公示', '的'];
const RUNS = 20;

interface Built {
  wallMs: number;
  serverBytes: number;
  clientBytes: number;
  pagefind?: { pages: number; read: number; ms: number; bytes: number; files: number };
  indexChunk?: { path: string; bytes: number };
}

const sizeOf = (dir: string) => {
  let bytes = 0;
  let files = 0;
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    bytes += statSync(join(f.parentPath, f.name)).size;
    files++;
  }
  return { bytes, files };
};

async function build(cwd: string, outDir: string): Promise<Built> {
  const run = await runNode([astroBin, 'build'], { cwd, env: cleanEnv({ SCHOOLWATCH_OUT_DIR: outDir, SCHOOLWATCH_CACHE_DIR: join(outDir, '..', 'cache'), ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' }) });
  if (run.code !== 0) throw new Error(`astro build failed in ${cwd}:\n${run.output.slice(-4000)}`);
  const line = /pagefind: (\d+) of (\d+) pages indexed in (\d+) ms; pagefind\/ is (\d+) bytes/.exec(run.output);
  const server = join(outDir, 'server');
  let indexChunk: Built['indexChunk'];
  for (const f of readdirSync(server, { recursive: true, withFileTypes: true })) {
    if (!f.isFile() || !f.name.endsWith('.mjs')) continue;
    const path = join(f.parentPath, f.name);
    // The compact index is a JSON string in the chunk of the /search/ page.
    if (readFileSync(path, 'utf8').includes('\\"notices\\":{\\"id\\":[')) indexChunk = { path: path.slice(server.length + 1), bytes: statSync(path).size };
  }
  return {
    wallMs: run.wallMs,
    serverBytes: sizeOf(server).bytes,
    clientBytes: sizeOf(join(outDir, 'client')).bytes,
    pagefind: line ? { pages: Number(line[1]), read: Number(line[2]), ms: Number(line[3]), bytes: Number(line[4]), files: sizeOf(join(outDir, 'client', 'pagefind')).files } : undefined,
    indexChunk,
  };
}

/** The built site served by scripts/serve.mjs with the embedded store in a fresh folder. */
async function serve(outDir: string): Promise<Service> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'schoolwatch-bench-'));
  onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  const service = await startService([join(projectRoot, 'scripts', 'serve.mjs')], {
    cwd: projectRoot,
    port,
    env: cleanEnv({ SCHOOLWATCH_OUT_DIR: outDir, SCHOOLWATCH_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port) }),
  });
  onCleanup(() => service.stop());
  return service;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** GET /search/?q= as a browser without JavaScript sends it: wall time on loopback, RUNS times after a warm-up. */
async function timeServer(url: string, query: string) {
  const get = async () => {
    const res = await fetch(`${url}/search/?q=${encodeURIComponent(query)}`);
    await res.text();
    if (res.status !== 200) throw new Error(`${query}: ${res.status}`);
  };
  for (let i = 0; i < 3; i++) await get();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await get();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95), max: times.at(-1)! };
}

/** The built pagefind.js in Node (as tests/support/pagefindNode.ts), counting the bytes it fetches. */
async function nodePagefind(outDir: string, url: string) {
  (globalThis as { document?: unknown }).document ??= { currentScript: null, querySelector: () => ({ getAttribute: () => 'zh-CN' }) };
  let bytes = 0;
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const res = await realFetch(input, init);
    const body = await res.arrayBuffer();
    if (String(input).includes('/pagefind/')) bytes += body.byteLength;
    return new Response(body, { status: res.status, headers: res.headers });
  };
  onCleanup(() => void (globalThis.fetch = realFetch));
  // A fresh module per build: pagefind.js keeps its index in module state.
  const api = (await import(`${pathToFileURL(join(outDir, 'client', 'pagefind', 'pagefind.js')).href}?${Date.now()}`)) as PagefindApi & { options(o: object): Promise<void> };
  await api.options({ basePath: `${url}/pagefind/`, baseUrl: '/', excerptLength: 24 });
  const jsBytes = statSync(join(outDir, 'client', 'pagefind', 'pagefind.js')).size;
  return {
    api,
    /** One query: time and bytes fetched. pagefind.js itself is counted in `jsBytes`. */
    async measure(query: string) {
      const before = bytes;
      const started = performance.now();
      await searchWithPagefind(query, api);
      return { ms: performance.now() - started, bytes: bytes - before };
    },
    jsBytes,
  };
}

function timeInProcess(index: ReturnType<typeof buildSearchIndex>, query: string) {
  const times: number[] = [];
  return (async () => {
    await answerSearch(query, index);
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await answerSearch(query, index);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return quantile(times, 0.5);
  })();
}

interface SizeResult {
  notices: number;
  before: Built;
  after: Built;
  indexJsonBytes: number;
  server: Array<{ query: string; median: number; p95: number; max: number; inProcess: number }>;
  pagefind: Array<{ query: string; first: { ms: number; bytes: number }; again: { ms: number; bytes: number } }>;
  pagefindJs: number;
}

async function benchSize(size: number, base: string): Promise<SizeResult> {
  const dir = join(workRoot, `search-${size}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const after = join(dir, 'after');
  const before = join(dir, 'before');
  const set = generateContent(after, size);
  for (const name of PROJECT_FILES) cpSync(join(projectRoot, name), join(after, name), { recursive: true });
  mkdirSync(before, { recursive: true });
  const tar = execFileSync('git', ['archive', '--format=tar', base, ...PROJECT_FILES], { cwd: projectRoot, maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', before], { input: tar });
  cpSync(join(after, 'content'), join(before, 'content'), { recursive: true });
  console.log(`\n${fmt.int(size)} notices, ${set.schools} schools`);
  const b = await build(before, join(dir, 'before-dist'));
  console.log(`  before  ${fmt.s(b.wallMs)}  server ${fmt.kb(b.serverBytes)}`);
  const a = await build(after, join(dir, 'after-dist'));
  console.log(`  after   ${fmt.s(a.wallMs)}  server ${fmt.kb(a.serverBytes)}  pagefind ${a.pagefind ? `${a.pagefind.pages} pages, ${fmt.s(a.pagefind.ms)}, ${fmt.kb(a.pagefind.bytes)}` : '—'}`);
  const index = buildSearchIndex(await readIndexedContent(pathToFileURL(`${after}/`)));
  const indexJsonBytes = Buffer.byteLength(JSON.stringify(index));

  const service = await serve(join(dir, 'after-dist'));
  const server: SizeResult['server'] = [];
  for (const query of TIMED) {
    const t = await timeServer(service.url, query);
    server.push({ query, ...t, inProcess: await timeInProcess(index, query) });
    console.log(`  /search/?q=${query}: median ${fmt.ms(t.median)}, p95 ${fmt.ms(t.p95)}`);
  }
  const pf = await nodePagefind(join(dir, 'after-dist'), service.url);
  const pagefind: SizeResult['pagefind'] = [];
  for (const query of TIMED) {
    try {
      const first = await pf.measure(query);
      const again = await pf.measure(query);
      pagefind.push({ query, first, again });
    } catch (error) {
      // Keep the figures measured so far; say what the server said.
      console.warn(`  Pagefind ${query}: ${(error as Error).message}; server exit ${service.process.exitCode ?? service.process.signalCode ?? 'none'}:\n${service.output().slice(-2000)}`);
    }
  }
  await service.stop();
  return { notices: size, before: b, after: a, indexJsonBytes, server, pagefind, pagefindJs: pf.jsBytes };
}

/** The query table on the project's own content: Pagefind with the strategy, the no-JS answer, and Pagefind's own ranking of the raw query. */
async function recall() {
  const outDir = join(workRoot, 'search-sample', 'dist');
  mkdirSync(outDir, { recursive: true });
  await build(projectRoot, outDir);
  const service = await serve(outDir);
  const pf = await nodePagefind(outDir, service.url);
  const index = buildSearchIndex(await readIndexedContent(pathToFileURL(`${projectRoot}/`)));
  const paths = (a: SearchAnswer) => (a.status === 'results' ? a.groups.flatMap((g) => g.hits.map((h) => h.url)) : []);
  const rows = { pagefind: 0, server: 0, raw: 0, pagefindCases: 0, serverCases: 0 };
  const misses: string[] = [];
  for (const c of searchCases) {
    const ok = (list: string[]) => {
      const r = rankOf(list, c.expect);
      return r > 0 && r <= c.within;
    };
    rows.pagefindCases++;
    if (ok(paths(await searchWithPagefind(c.query, pf.api)))) rows.pagefind++;
    else misses.push(`Pagefind: ${c.query} → ${c.expect}`);
    const raw = await pf.api.search(c.query);
    const rawPaths = await Promise.all((raw?.results ?? []).slice(0, 3).map(async (r) => (await r.data()).url));
    if (ok(rawPaths)) rows.raw++;
    if (c.only !== 'pagefind') {
      rows.serverCases++;
      if (ok(paths(await answerSearch(c.query, index)))) rows.server++;
      else misses.push(`server: ${c.query} → ${c.expect}`);
    }
  }
  await service.stop();
  return { ...rows, misses };
}

async function main() {
  const m = machine();
  const base = execFileSync('git', ['merge-base', 'HEAD', 'main'], { cwd: projectRoot, encoding: 'utf8' }).trim();
  console.log(`search benchmark: sizes ${SIZES.join(', ')}; before = ${base.slice(0, 7)}; load ${m.load}`);
  const r = await recall();
  console.log(`recall: Pagefind ${r.pagefind}/${r.pagefindCases}, server ${r.server}/${r.serverCases}, raw Pagefind ${r.raw}/${r.pagefindCases}`);
  const results: SizeResult[] = [];
  for (const size of SIZES) results.push(await benchSize(size, base));

  const pct = (n: number, d: number) => `${((n / d) * 100).toFixed(0)}%`;
  const buildRows = results.map((x) => [
    fmt.int(x.notices),
    fmt.s(x.before.wallMs),
    fmt.s(x.after.wallMs),
    `${fmt.s(x.after.wallMs - x.before.wallMs)} (${pct(x.after.wallMs - x.before.wallMs, x.before.wallMs)})`,
    x.after.pagefind ? `${fmt.int(x.after.pagefind.pages)} of ${fmt.int(x.after.pagefind.read)} pages in ${fmt.s(x.after.pagefind.ms)}` : '—',
    x.after.pagefind ? `${fmt.mb(x.after.pagefind.bytes / 2 ** 20)} in ${fmt.int(x.after.pagefind.files)} files` : '—',
    `${fmt.kb(x.indexJsonBytes)} (${fmt.int(x.indexJsonBytes / x.notices)} B a notice)`,
    x.after.indexChunk ? `${fmt.kb(x.after.indexChunk.bytes)}` : '—',
    fmt.mb(x.before.serverBytes / 2 ** 20),
    fmt.mb(x.after.serverBytes / 2 ** 20),
    `${fmt.kb(x.after.serverBytes - x.before.serverBytes)} (${pct(x.after.serverBytes - x.before.serverBytes, x.before.serverBytes)})`,
  ]);
  const queryRows = results.flatMap((x) =>
    x.server.map((s) => {
      const p = x.pagefind.find((q) => q.query === s.query);
      return [fmt.int(x.notices), `\`${s.query}\``, fmt.ms(s.median), fmt.ms(s.p95), fmt.ms(s.max), fmt.ms(s.inProcess), p ? `${fmt.ms(p.first.ms)}, ${fmt.kb(p.first.bytes)}` : 'failed', p ? `${fmt.ms(p.again.ms)}, ${fmt.kb(p.again.bytes)}` : 'failed'];
    }),
  );
  const largest = results.at(-1)!;
  const worstMedian = Math.max(...largest.server.map((s) => s.median));
  const worstP95 = Math.max(...largest.server.map((s) => s.p95));
  const targets: Target[] = [
    {
      benchmark: 'search',
      target: `/search/ answers without JavaScript in well under 50 ms at ${fmt.int(largest.notices)} notices (every timed query: median < 25 ms, p95 < 50 ms, page rendered and compressed)`,
      measured: `median ≤ ${fmt.ms(worstMedian)}, p95 ≤ ${fmt.ms(worstP95)} (${largest.server.map((s) => `${s.query} ${fmt.ms(s.median)}/${fmt.ms(s.p95)}`).join(', ')}); answerSearch alone ≤ ${fmt.ms(Math.max(...largest.server.map((s) => s.inProcess)))}`,
      met: worstMedian < 25 && worstP95 < 50,
    },
    {
      benchmark: 'search',
      target: 'the query table: every expected page where it should be, with and without JavaScript',
      measured: `Pagefind ${r.pagefind}/${r.pagefindCases} (${pct(r.pagefind, r.pagefindCases)}), no-JS ${r.server}/${r.serverCases} (${pct(r.server, r.serverCases)}); Pagefind's own ranking of the raw query ${r.raw}/${r.pagefindCases}`,
      met: r.pagefind === r.pagefindCases && r.server === r.serverCases,
    },
    {
      benchmark: 'search',
      target: 'what search adds to the server bundle and the build (no target; reported)',
      measured: results.map((x) => `${fmt.int(x.notices)}: +${fmt.kb(x.after.serverBytes - x.before.serverBytes)} server, +${fmt.s(x.after.wallMs - x.before.wallMs)} build`).join('; '),
      met: null,
    },
  ];
  const md = [
    '## 6. Search',
    '',
    machineLines(m, 'npm run bench:search', [`"Before" is commit ${base.slice(0, 7)} (\`git merge-base HEAD main\`, the code this branch started from) building the same generated content in the same run.`]),
    '',
    '**Recall on the query table** (`tests/support/searchQueries.ts`, written from reading the sample content: each row a query and the page that must come first or among the first three). Pagefind runs in Node over the built index with the strategy of `src/search/pagefind.ts`; the no-JavaScript answer is `answerSearch` over the compact index; the last figure is Pagefind left to itself (the query as typed, unquoted, its first three results in its own order):',
    '',
    table(['answer', 'rows where the expected page is where it should be'], [
      ['Pagefind with the strategy (JavaScript on)', `${r.pagefind} of ${r.pagefindCases} (${pct(r.pagefind, r.pagefindCases)})`],
      ['compact index, no JavaScript', `${r.server} of ${r.serverCases} (${pct(r.server, r.serverCases)})`],
      ['Pagefind 1.6.0 alone, raw query', `${r.raw} of ${r.pagefindCases} (${pct(r.raw, r.pagefindCases)})`],
    ]),
    r.misses.length > 0 ? `\nMissed: ${r.misses.join('; ')}.` : '',
    '',
    '**Build and bundle.** Build time before and after on the same content (the Pagefind step is part of "after"); the Pagefind bundle in the static output (`pagefind/`: index, fragments, filters, `pagefind.js`, its worker and WebAssembly; its ready-made UIs are deleted); the compact index as JSON and the server chunk that carries it; the whole server bundle (`dist/server`) before and after:',
    '',
    table(['notices', 'build before', 'build after', 'added', 'Pagefind indexing', 'pagefind/ size', 'compact index (JSON)', 'its server chunk', 'server bundle before', 'after', 'added'], buildRows),
    '',
    `**Answering.** \`/search/?q=\` without JavaScript: wall time of ${RUNS} sequential GETs on loopback after 3 warm-ups (HTML rendered, compressed by the Node server), and the median of \`answerSearch\` alone in this process. Pagefind in Node against the same server: the strategy's time and the bytes it fetched, the first time a query is searched and again (pagefind.js itself, ${fmt.kb(largest.pagefindJs)} uncompressed, is not counted; the first query of a visit also loads its WebAssembly and metadata):`,
    '',
    table(['notices', 'query', 'no-JS median', 'p95', 'max', 'answerSearch median', 'Pagefind first: time, bytes', 'again'], queryRows),
  ].join('\n');
  console.log(`\n${md}`);
  writeSection('search', md, targets);
}

export const run = main;
if (isMain(import.meta)) await runAlone(run);
