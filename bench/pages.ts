// Page weight and Lighthouse: the home, a bureau, a school, a notice and the
// report page of the project's own content, served by the Node server.
//
//   npm run bench:pages
//
// Transferred bytes are measured as the server sends them (raw HTTP, asking
// for `br, gzip, deflate`); next to them, the same bodies compressed with
// gzip (level 6, a server's usual) and brotli (quality 11, as precompressed
// static files would be). Lighthouse (mobile, its default) drives Debian's
// Chromium.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import yaml from 'js-yaml';
import { isMain, runAlone } from './lib/main';
import { cleanEnv, onCleanup, projectRoot, workRoot } from './lib/proc';
import { claimDatabase, deletePrefix } from './lib/redis';
import { fmt, machine, machineLines, table, writeSection, type Target } from './lib/report';
import { benchSecret, ensureSiteBuild, startCapture, startSchoolwatch } from './lib/site';

const CHROME_PATH = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = '--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
/** Lighthouse runs per page; the median run (by performance score) is reported, as Lighthouse's docs advise. */
const LH_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);

interface Fetched {
  status: number;
  encoding: string;
  headerBytes: number;
  /** Body bytes on the wire (compressed when the server compressed). */
  bodyBytes: number;
  /** The decoded body. */
  body: Buffer;
  type: string;
}

/** One GET as the wire carries it: no decompression, header bytes counted. */
function rawGet(url: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'accept-encoding': 'br, gzip, deflate', 'user-agent': 'schoolwatch-bench' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let headerBytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
        for (let i = 0; i < res.rawHeaders.length; i += 2) headerBytes += Buffer.byteLength(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`);
        const raw = Buffer.concat(chunks);
        const encoding = String(res.headers['content-encoding'] ?? 'none');
        const body = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : encoding === 'deflate' ? inflateSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, encoding, headerBytes, bodyBytes: raw.length, body, type: String(res.headers['content-type'] ?? '') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const gz = (b: Buffer | string) => gzipSync(b, { level: 6 }).length;
const br = (b: Buffer | string) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(b) } }).length;

interface Weight {
  name: string;
  path: string;
  /** sent: headers + body on the wire; raw: the decoded body; gzip/brotli: the decoded body compressed here. */
  html: { sent: number; encoding: string; raw: number; gzip: number; brotli: number };
  inlineCss: number;
  css: { files: number; sent: number; encodings: string[]; raw: number; gzip: number; brotli: number };
  js: { files: number; inline: number; sent: number; encodings: string[]; raw: number; gzip: number; brotli: number };
}

async function weigh(base: string, name: string, path: string): Promise<Weight> {
  const page = await rawGet(`${base}${path}`);
  if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
  const html = page.body.toString('utf8');
  const inlineStyles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).filter((s) => s.trim() !== '');
  const cssHrefs = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*>/g)].map((m) => /href="([^"]+)"/.exec(m[0])?.[1]).filter((h): h is string => Boolean(h));
  const jsSrcs = new Set([
    ...[...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*>/g)].map((m) => /href="([^"]+)"/.exec(m[0])?.[1]).filter((h): h is string => Boolean(h)),
  ]);
  const fetchAll = async (urls: Iterable<string>) => Promise.all([...urls].map((u) => rawGet(new URL(u, base).href)));
  const cssFiles = await fetchAll(cssHrefs);
  const jsFiles = await fetchAll(jsSrcs);
  // JS modules import others: follow static imports of the fetched scripts (same origin).
  const seen = new Set([...jsSrcs].map((u) => new URL(u, base).pathname));
  for (let i = 0; i < jsFiles.length; i++) {
    const text = jsFiles[i]!.body.toString('utf8');
    for (const m of text.matchAll(/(?:import|from)\s*["']([^"']+\.js)["']/g)) {
      const p = new URL(m[1]!, new URL([...seen][i] ?? '/', base)).pathname;
      if (seen.has(p)) continue;
      seen.add(p);
      jsFiles.push(await rawGet(`${base}${p}`));
    }
  }
  const sum = (list: Fetched[], f: (x: Fetched) => number) => list.reduce((a, x) => a + f(x), 0);
  const inlineJs = inlineScripts.join('');
  return {
    name,
    path,
    html: { sent: page.headerBytes + page.bodyBytes, encoding: page.encoding, raw: page.body.length, gzip: gz(page.body), brotli: br(page.body) },
    inlineCss: Buffer.byteLength(inlineStyles.join('')),
    css: { files: cssFiles.length, sent: sum(cssFiles, (x) => x.headerBytes + x.bodyBytes), encodings: [...new Set(cssFiles.map((x) => x.encoding))], raw: sum(cssFiles, (x) => x.body.length), gzip: sum(cssFiles, (x) => gz(x.body)), brotli: sum(cssFiles, (x) => br(x.body)) },
    js: {
      files: jsFiles.length,
      inline: Buffer.byteLength(inlineJs),
      sent: sum(jsFiles, (x) => x.headerBytes + x.bodyBytes),
      encodings: [...new Set(jsFiles.map((x) => x.encoding))],
      raw: sum(jsFiles, (x) => x.body.length) + Buffer.byteLength(inlineJs),
      gzip: sum(jsFiles, (x) => gz(x.body)) + (inlineJs ? gz(inlineJs) : 0),
      brotli: sum(jsFiles, (x) => br(x.body)) + (inlineJs ? br(inlineJs) : 0),
    },
  };
}

interface LighthouseResult {
  scores: Record<string, number | null>;
  failed: Record<string, string[]>;
  transfer: Record<string, number>;
  benchmarkIndex?: number;
  version: string;
}

function lighthouse(url: string, outFile: string): Promise<LighthouseResult> {
  return new Promise((resolve, reject) => {
    const args = [join(projectRoot, 'node_modules', 'lighthouse', 'cli', 'index.js'), url, '--output=json', `--output-path=${outFile}`, `--chrome-flags=${CHROME_FLAGS}`, `--only-categories=${CATEGORIES.join(',')}`, '--quiet'];
    const child = spawn(process.execPath, args, { cwd: projectRoot, env: cleanEnv({ CHROME_PATH }), stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`lighthouse ${url} failed (${code}):\n${err.slice(-3000)}`));
      const lhr = JSON.parse(readFileSync(outFile, 'utf8')) as {
        lighthouseVersion: string;
        environment?: { benchmarkIndex?: number };
        categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
        audits: Record<string, { score: number | null; scoreDisplayMode: string; title: string; numericValue?: number; numericUnit?: string; details?: { items?: Array<{ resourceType?: string; transferSize?: number }> } }>;
      };
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score ?? null]));
      const failed = Object.fromEntries(
        CATEGORIES.map((c) => [
          c,
          (lhr.categories[c]?.auditRefs ?? [])
            .filter((ref) => {
              const a = lhr.audits[ref.id];
              return a && ref.weight > 0 && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable';
            })
            .map((ref) => {
              const a = lhr.audits[ref.id]!;
              const value = a.numericValue !== undefined && a.numericUnit === 'millisecond' ? `, ${Math.round(a.numericValue)} ms` : '';
              return `${ref.id} (${Math.round((a.score ?? 0) * 100)}${value})`;
            }),
        ]),
      );
      const transfer: Record<string, number> = {};
      for (const item of lhr.audits['network-requests']?.details?.items ?? []) {
        const type = item.resourceType ?? 'Other';
        transfer[type] = (transfer[type] ?? 0) + (item.transferSize ?? 0);
      }
      resolve({ scores, failed, transfer, benchmarkIndex: lhr.environment?.benchmarkIndex, version: lhr.lighthouseVersion });
    });
  });
}

function pagesToMeasure(): Array<{ name: string; path: string }> {
  const first = (file: string) => (yaml.load(readFileSync(join(projectRoot, 'content', file), 'utf8')) as Array<{ id: string }>)[0]!.id;
  const notices = readdirSync(join(projectRoot, 'content', 'notices')).filter((f) => f.endsWith('.md')).sort();
  const notice = (notices.find((f) => f.includes('rectification')) ?? notices[0]!).replace(/\.md$/, '');
  return [
    { name: 'home', path: '/' },
    { name: 'bureau', path: `/bureaus/${first('bureaus.yaml')}/` },
    { name: 'school', path: `/schools/${first('schools.yaml')}/` },
    { name: 'notice (with a ledger)', path: `/notices/${notice}/` },
    { name: 'report form', path: '/report/' },
    { name: 'search results', path: `/search/?q=${encodeURIComponent('星河')}` },
  ];
}

export async function run() {
  const m = machine();
  console.log(`pages benchmark; load ${m.load}`);
  await ensureSiteBuild();
  const db = claimDatabase();
  onCleanup(() => db.release());
  await deletePrefix(db.url);
  onCleanup(() => deletePrefix(db.url));
  const capture = await startCapture();
  const server = await startSchoolwatch({ redisUrl: db.url, captureUrl: capture.url, secret: benchSecret() });
  const pages = pagesToMeasure();
  const weights: Weight[] = [];
  for (const p of pages) weights.push(await weigh(server.url, p.name, p.path));

  const outDir = join(workRoot, 'lighthouse');
  mkdirSync(outDir, { recursive: true });
  const scores: Array<{ name: string; path: string; lh?: LighthouseResult; performanceRuns?: number[]; error?: string }> = [];
  for (const [i, p] of pages.entries()) {
    try {
      const runs: LighthouseResult[] = [];
      for (let r = 0; r < LH_RUNS; r++) {
        // Lighthouse sometimes fails to record a trace (NO_NAVSTART, "Please run Lighthouse again"): one retry.
        const out = join(outDir, `page-${i}-${r}.json`);
        runs.push(await lighthouse(`${server.url}${p.path}`, out).catch((error: Error) => {
          console.warn(`  ${p.path}: ${error.message.split('\n').slice(0, 2).join(' ')}; retrying`);
          return lighthouse(`${server.url}${p.path}`, out);
        }));
      }
      const byPerformance = [...runs].sort((a, b) => (a.scores.performance ?? 0) - (b.scores.performance ?? 0));
      const lh = byPerformance[Math.floor((byPerformance.length - 1) / 2)]!;
      const performanceRuns = runs.map((x) => Math.round((x.scores.performance ?? 0) * 100));
      scores.push({ ...p, lh, performanceRuns });
      console.log(`  ${p.path}: ${CATEGORIES.map((c) => `${c} ${Math.round((lh.scores[c] ?? 0) * 100)}`).join(', ')} (performance runs: ${performanceRuns.join(', ')})`);
    } catch (error) {
      scores.push({ ...p, error: (error as Error).message.split('\n')[0] });
      console.warn(`  ${p.path}: ${(error as Error).message}`);
    }
  }

  const disclosure = weights.filter((w) => !/^\/(report|search)\//.test(w.path));
  const htmlCss = (w: Weight, k: 'gzip' | 'brotli') => w.html[k] + w.css[k];
  const sentHtmlCss = (w: Weight) => w.html.sent + w.css.sent;
  const encodings = [...new Set(weights.map((w) => w.html.encoding))];
  const weightRows = weights.map((w) => [
    `${w.name} \`${w.path}\``,
    `${fmt.kb(w.html.sent)} (${w.html.encoding})`,
    fmt.kb(w.html.raw),
    fmt.kb(w.inlineCss),
    w.css.files === 0 ? '0' : `${w.css.files}: ${fmt.kb(w.css.sent)} sent (${w.css.encodings.join('/')}), ${fmt.kb(w.css.raw)} raw`,
    w.js.files === 0 && w.js.inline === 0 ? '0' : `${w.js.files} files${w.js.inline > 0 ? ` + ${fmt.kb(w.js.inline)} inline` : ''}: ${fmt.kb(w.js.sent)} sent (${w.js.encodings.join('/') || '—'}), ${fmt.kb(w.js.raw)} raw`,
    fmt.kb(sentHtmlCss(w)),
    fmt.kb(htmlCss(w, 'gzip')),
    fmt.kb(htmlCss(w, 'brotli')),
    fmt.kb(w.js.gzip),
  ]);
  const lhRows = scores.map((s) => [
    `${s.name} \`${s.path}\``,
    ...CATEGORIES.map((c) => (s.lh ? String(Math.round((s.lh.scores[c] ?? 0) * 100)) : 'n/a')),
    s.performanceRuns?.join(', ') ?? '—',
    s.lh ? CATEGORIES.flatMap((c) => (s.lh!.failed[c] ?? []).map((f) => `${c}: ${f}`)).join('; ') || '—' : `failed: ${s.error}`,
    s.lh ? Object.entries(s.lh.transfer).map(([t, b]) => `${t} ${fmt.kb(b)}`).join(', ') : '—',
  ]);
  const lhVersion = scores.find((s) => s.lh)?.lh?.version ?? 'unknown';
  const benchIndex = scores.find((s) => s.lh?.benchmarkIndex)?.lh?.benchmarkIndex;
  const all100 = scores.every((s) => s.lh && CATEGORIES.every((c) => s.lh!.scores[c] === 1));
  const targets: Target[] = [
    { benchmark: 'pages', target: '0 bytes of JavaScript on disclosure pages', measured: disclosure.map((w) => `${w.name} ${fmt.int(w.js.raw)} B`).join(', '), met: disclosure.every((w) => w.js.raw === 0) },
    {
      benchmark: 'pages',
      target: 'HTML + CSS < 14 KB compressed (every page)',
      measured: `as sent (${encodings.join('/')}): ${weights.map((w) => `${w.name} ${fmt.kb(sentHtmlCss(w))}`).join(', ')}; gzip: ${weights.map((w) => fmt.kb(htmlCss(w, 'gzip'))).join(', ')}`,
      met: weights.every((w) => sentHtmlCss(w) < 14 * 1024),
    },
    { benchmark: 'pages', target: 'the same, were the server to compress (gzip -6)', measured: weights.map((w) => `${w.name} ${fmt.kb(htmlCss(w, 'gzip'))}`).join(', '), met: weights.every((w) => htmlCss(w, 'gzip') < 14 * 1024) },
    {
      benchmark: 'pages',
      target: 'Lighthouse (mobile) 100 in every category on every page',
      measured: scores.map((s) => (s.lh ? `${s.name} ${CATEGORIES.map((c) => Math.round((s.lh!.scores[c] ?? 0) * 100)).join('/')}` : `${s.name} n/a`)).join(', '),
      met: scores.some((s) => !s.lh) ? null : all100,
    },
  ];
  const md = [
    '## 5. Page weight and Lighthouse',
    '',
    machineLines(m, 'npm run bench:pages', [`Lighthouse ${lhVersion} (mobile: its default emulated phone, simulated slow 4G and 4× CPU slowdown) driving ${CHROME_PATH}${benchIndex ? `; Lighthouse's benchmark index of this machine: ${Math.round(benchIndex)}` : ''}.`]),
    '',
    `Pages of the project's own content, served by \`node scripts/serve.mjs\` over a fresh build. Each page and each stylesheet and script it loads is fetched raw, asking for \`Accept-Encoding: br, gzip, deflate\`: the HTML came back with content-encoding **${encodings.join(', ')}**${encodings.includes('none') ? ' — the server does not compress it, so the bytes as sent are the uncompressed bytes' : ''}. "As sent" is the bytes on the wire, response headers included. The gzip/brotli columns are what the decoded bodies would be compressed here with gzip level 6 or brotli quality 11, for comparison. CSS counts the stylesheets inlined in the HTML (already inside the HTML figures) and linked ones; JS counts scripts, module preloads and their imports, and inline scripts.`,
    '',
    table(['page', 'HTML as sent (encoding)', 'HTML decoded', 'of which inline CSS', 'CSS files', 'JS', 'HTML+CSS as sent', 'HTML+CSS gzip -6', 'HTML+CSS brotli -11', 'JS gzip -6'], weightRows),
    '',
    `Lighthouse, mobile, ${LH_RUNS} runs per page; the scores are those of the median run by performance score:`,
    '',
    table(['page', ...CATEGORIES, 'performance, each run', 'audits below 100 in the median run (score, value)', 'transferred, per Lighthouse'], lhRows),
  ].join('\n');
  console.log(`\n${md}`);
  writeSection('pages', md, targets);
}

if (isMain(import.meta)) await runAlone(run);
