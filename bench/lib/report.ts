// Figures to the terminal and into docs/benchmarks.md.
//
// Each benchmark owns one section of the document, between
// `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->`, and replaces
// only that one; the targets table is recomputed from every section's
// targets (kept as JSON in a comment); the hand-written analysis between
// `<!-- analysis:start -->` and `<!-- analysis:end -->` is kept as it is.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './proc';

export const docPath = join(projectRoot, 'docs', 'benchmarks.md');
// workspace, evidence: written by hand (docs/benchmarks.md), kept as they are when another section is rewritten.
export const SECTIONS = ['build', 'intake', 'status', 'dispatch', 'pages', 'search', 'workspace', 'evidence', 'stats'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface Target {
  benchmark: SectionName;
  target: string;
  measured: string;
  met: boolean | null;
}

/** A Markdown table; numbers are right-aligned. */
export function table(head: string[], rows: Array<Array<string | number>>): string {
  const numeric = head.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+~≈<>]?[\d.,]+\s*(%|×|ms|s|MB|KB|B|kB)?$/.test(String(r[i] ?? '').trim())));
  const line = (cells: Array<string | number>) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), `|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`, ...rows.map(line)].join('\n');
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  num: (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  ratio: (n: number) => `${n.toFixed(2)}×`,
  ms: (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`,
  s: (ms: number) => `${(ms / 1000).toFixed(1)} s`,
  mb: (n: number) => `${Math.round(n)} MB`,
  kb: (bytes: number) => (bytes === 0 ? '0 B' : `${(bytes / 1024).toFixed(1)} KB`),
};

export interface Machine {
  date: string;
  /** The commit measured, and whether the measured files had uncommitted changes. */
  source: string;
  cores: string;
  memory: string;
  os: string;
  node: string;
  redis: string;
  load: string;
}

function readRedisVersion(): string {
  try {
    const out = execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'info', 'server'], { encoding: 'utf8', timeout: 5000 });
    return /redis_version:(\S+)/.exec(out)?.[1] ?? 'unknown';
  } catch {
    return 'unknown (redis-cli failed)';
  }
}

export function machine(): Machine {
  const cpus = os.cpus();
  let debian = '';
  try {
    debian = ` (Debian ${readFileSync('/etc/debian_version', 'utf8').trim()})`;
  } catch {
    // not Debian
  }
  let source = 'unknown commit';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot, encoding: 'utf8', timeout: 5000 }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'api', 'scripts', 'public', 'content', 'astro.config.mjs', 'package.json'], { cwd: projectRoot, encoding: 'utf8', timeout: 5000 })
      .split('\n')
      .filter(Boolean).length;
    source = `commit ${head}${dirty > 0 ? ` with ${dirty} uncommitted change${dirty > 1 ? 's' : ''} in src/, api/, scripts/, content/ or the config` : ''}`;
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    source,
    cores: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}${debian}`,
    node: process.version,
    redis: readRedisVersion(),
    load: os.loadavg().map((l) => l.toFixed(2)).join(', '),
  };
}

export function machineLines(m: Machine, command: string, extra: string[] = []): string {
  return [
    `Measured ${m.date} with \`${command}\` (source: ${m.source}) on ${m.cores}, ${m.memory}, ${m.os}; Node ${m.node}, Redis ${m.redis}. Load average when it started: ${m.load}.`,
    ...extra,
  ].join('\n');
}

const HEADER = `# Benchmarks

Benchmarks are scripts that print figures, not timed tests. The machines are
shared and noisy (2 cores, on which other engineers run test suites now and
then), so **every figure stands next to a baseline measured in the same run,
and the ratio is the figure to compare**: absolute numbers move by tens of
percent from one run to the next on this machine, ratios much less. Each
section says when it was measured, from which commit, and the load average
when it started (a load above 2 means other engineers' tests were running on
the same 2 cores: read such a section's absolute figures as a busy machine's).
\`npm run bench\` waits (up to 90 s, \`BENCH_QUIET_WAIT\`) for the load
average to drop below 1.5 before each benchmark. Counts (bundle bytes, Redis
commands, round trips) do not depend on the load.

| command | what |
|---|---|
| \`npm run bench\` | everything below, in this order, sharing one build of the site (about 15–20 minutes on the 2-core machine) |
| \`npm run bench:build\` | builds the site at 1,000, 5,000 and 20,000 generated notices next to a bare Astro build of the same Markdown, and for each build reports the server bundle (\`dist/server\`) and the Node server's start-up time and memory next to a bare \`node:http\` server (\`BENCH_BUILD_SIZES\`; \`BENCH_STARTUP_RUNS\`, \`BENCH_STARTUP_REQUESTS\`; \`BENCH_BUILD_PROFILE=0\` skips the CPU profile it takes when the build grows faster than linearly; \`BENCH_SOURCE\` + \`BENCH_RECORD\` measure another checkout for "before" figures) |
| \`npm run bench:intake\` | the Redis commands and round trips of a filing and a lookup (TCP and Upstash REST), then \`POST /api/complaints\` under autocannon at 16, 64 and 256 connections, next to a bare \`node:http\` + one Redis \`SET\` server (\`BENCH_CONNECTIONS\`, \`BENCH_DURATION\`, \`BENCH_COUNT_OPS\`; \`BENCH_PROFILE_SERVER=0\` skips the server profile taken when a target is missed) |
| \`npm run bench:status\` | \`POST /api/complaints/status\` the same way |
| \`npm run bench:dispatch\` | 10,000 queued notification jobs drained by \`dispatchDue\` into a local Resend capture server (\`BENCH_JOBS\`) |
| \`npm run bench:pages\` | transferred bytes and Lighthouse (mobile) scores of the home, a bureau, a school, a notice and \`/report/\` (\`BENCH_LIGHTHOUSE_RUNS\`) |
| \`npx tsx bench/counts.ts\` | the commands and round trips alone (\`--source <checkout> --record <file>\` counts another commit: how \`bench/counts-d6b97b1.json\` was made) |
| \`npm run bench:search\` | what search adds to the build and the server bundle at 1,000 and 20,000 generated notices (against the code before it, \`git merge-base HEAD main\`), \`/search/\` answer times without JavaScript, Pagefind's time and bytes per query, and the recall of the query table (\`BENCH_SEARCH_SIZES\`) |
| \`npm run bench:workspace\` | the bureau workspace's caseload (first page, and filtered to overdue) and the office's overview at 200 and 2,000 complaints in one bureau, on SQLite and Redis over TCP, median and worst of 20 reads (\`BENCH_CASES\`) |
| \`npm run bench:evidence\` | processing time per evidence image (decode, upright, 2,048 px, re-encode without metadata, seal) next to decoding the same file alone (\`BENCH_EVIDENCE_RUNS\`); with \`BENCH_VERCEL=1\` also the Vercel function's size with sharp in it (builds \`VERCEL=1\` in place: it rewrites \`.vercel/output\`) |
| \`npx tsx bench/generate.ts <dir> <notices>\` | the content generator on its own |
| \`npm run bench:stats\` | the statistics snapshot job at 1,000 and 20,000 complaints on SQLite and Redis, with the event-loop stall and filing times during it next to filings with no job running (\`BENCH_STATS_SIZES\`) |

Each command starts what it needs (builds into \`bench/.work/\`, which
\`bench/.gitignore\` ignores; the Node server, the baseline and capture
servers, autocannon and Chromium, each in a process of its own), stops it and
removes \`bench/.work/\` at the end. It needs Redis at 127.0.0.1:6379: it
claims a logical database (14 when free) the way the test suite claims its
own, so the two never flush each other's data, and deletes only keys under
the prefix \`bench:\`, before and after. Lighthouse drives Debian's Chromium
at \`/usr/bin/chromium\` (\`CHROME_PATH\` to change). Each section below is
replaced by the run of its own command, with the machine, the date and the
exact command; the targets table is recomputed from all of them.

Files: \`bench/run.ts\` (all), \`bench/build.ts\` + \`bench/generate.ts\` +
\`bench/bare/\` (the bare Astro project), \`bench/intake.ts\` and
\`bench/status.ts\` (both \`bench/lib/load.ts\`; autocannon runs from
\`bench/lib/cannon.ts\`, the in-process rows from \`bench/lib/domain-intake.ts\`,
the counts from \`bench/lib/counts.ts\`), \`bench/baseline-server.ts\`,
\`bench/startup-baseline.mjs\` and \`bench/lib/startup.ts\` (start-up and
memory), \`bench/dispatch.ts\`, \`bench/pages.ts\`, \`bench/search.ts\`,
\`bench/lib/capture.ts\` (the Resend stand-in), \`bench/lib/domain.ts\` (the
site's composition root and adapters without Astro; \`bench/lib/raw-imports.ts\`
gives Vite's \`?raw\` imports to plain Node), \`bench/lib/legacy-d6b97b1.ts\`
(the old intake, for the recorded "before" counts), \`bench/lib/profile.ts\`
(CPU profile summaries), \`bench/lib/report.ts\` (this file).
`;

function parseDoc(text: string) {
  const sections = new Map<SectionName, string>();
  for (const name of SECTIONS) {
    const match = new RegExp(`<!-- bench:${name}:start -->[\\s\\S]*?<!-- bench:${name}:end -->`).exec(text);
    if (match) sections.set(name, match[0]);
  }
  const analysis = /<!-- analysis:start -->[\s\S]*?<!-- analysis:end -->/.exec(text)?.[0];
  return { sections, analysis };
}

function targetsOf(section: string): Target[] {
  const match = /<!-- targets: (.*?) -->/.exec(section);
  return match ? (JSON.parse(match[1]!) as Target[]) : [];
}

/** Replaces one benchmark's section and rewrites the document (with no section given: rewrites it as it is). */
export function writeSection(name?: SectionName, markdown = '', targets: Target[] = []) {
  mkdirSync(join(projectRoot, 'docs'), { recursive: true });
  const old = existsSync(docPath) ? parseDoc(readFileSync(docPath, 'utf8')) : { sections: new Map<SectionName, string>(), analysis: undefined };
  if (name) old.sections.set(name, `<!-- bench:${name}:start -->\n${markdown.trim()}\n\n<!-- targets: ${JSON.stringify(targets)} -->\n<!-- bench:${name}:end -->`);
  const all = SECTIONS.flatMap((n) => targetsOf(old.sections.get(n) ?? ''));
  const verdict = (t: Target) => (t.met === null ? (/no target; reported/.test(t.target) ? 'reported' : 'not measured') : t.met ? '**met**' : '**not met**');
  const summary = [
    '## Targets',
    '',
    'Recomputed from the sections above each time one of them is rerun.',
    '',
    table(['benchmark', 'target', 'measured', ''], all.map((t) => [t.benchmark, t.target, t.measured, verdict(t)])),
  ].join('\n');
  const analysis = old.analysis ?? '<!-- analysis:start -->\n## What the numbers show\n\n(Written after a full run.)\n<!-- analysis:end -->';
  const doc = [HEADER, ...SECTIONS.map((n) => old.sections.get(n) ?? `<!-- bench:${n}:start -->\n## ${n}\n\nNot run yet: \`npm run bench:${n}\`.\n\n<!-- targets: [] -->\n<!-- bench:${n}:end -->`), summary, analysis].join('\n\n');
  writeFileSync(docPath, `${doc.trim()}\n`);
  console.log(name ? `\nwrote the ${name} section of ${docPath}` : `\nrewrote ${docPath}`);
}
