// Summaries of V8 CPU profiles (node --cpu-prof): self time by owner of the
// code (the project's bundle, each npm package, Node, V8), the project's own
// functions by time on the stack, and the top functions by self time.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sourceLines = new Map<string, string[] | null>();

/**
 * The source module a line of a bundled chunk comes from: the bundler writes
 * `// src/…` (or `// api/…`, `// node_modules/…`) before each module it
 * inlines. `relocate` maps a chunk's path to a copy when the original is gone.
 */
function sourceOf(url: string, line: number, relocate: (path: string) => string): string | undefined {
  if (!url.startsWith('file://')) return undefined;
  const path = relocate(fileURLToPath(url));
  if (!sourceLines.has(path)) sourceLines.set(path, existsSync(path) ? readFileSync(path, 'utf8').split('\n') : null);
  const lines = sourceLines.get(path);
  if (!lines) return undefined;
  for (let i = Math.min(line, lines.length - 1); i >= 0; i--) {
    const match = /^\/\/ ((?:src|api|node_modules)\/\S+)\s*$/.exec(lines[i]!);
    if (match) return match[1];
  }
  return undefined;
}

function ownerOf(url: string, own: RegExp, ownLabel: string): string {
  if (!url) return 'V8 (GC, compiler, idle)';
  if (url.startsWith('node:')) return 'Node internals';
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `package ${pkg[1]}`;
  if (own.test(url)) return ownLabel;
  return 'other';
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time per function (V8's idle/program/GC left out), biggest first. */
  rows: Array<{ name: string; ms: number }>;
  /** Self time per owner of the code. */
  owners: Array<{ name: string; ms: number }>;
  /** The project's functions by time with them on the stack (callees included). */
  own: Array<{ name: string; ms: number }>;
}

/** `own` matches the URLs of the project's code; paths are shortened to what follows it. */
export function profileSummary(file: string, own: RegExp, ownLabel: string, top = 15, relocate: (path: string) => string = (p) => p): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const short = (url: string) => url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(new RegExp(`^.*${own.source}`), '');
  /** `name chunk:line`, with the source module it was bundled from when the chunk says. */
  const label = (functionName: string, url: string, lineNumber: number) => {
    const source = own.test(url) ? sourceOf(url, lineNumber, relocate) : undefined;
    return `${functionName || '(anonymous)'} ${short(url)}:${lineNumber + 1}${source ? ` [${source}]` : ''}`;
  };
  const self = new Map<string, number>();
  const owners = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    total += delta;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (url) {
      const key = label(functionName, url, lineNumber);
      self.set(key, (self.get(key) ?? 0) + delta);
    }
    const owner = ownerOf(url, own, ownLabel);
    owners.set(owner, (owners.get(owner) ?? 0) + delta);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame && own.test(frame.url) && frame.functionName) onStack.add(label(frame.functionName, frame.url, frame.lineNumber));
    }
    for (const k of onStack) inclusive.set(k, (inclusive.get(k) ?? 0) + delta);
  });
  const sorted = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: us / 1000 }));
  return { totalMs: total / 1000, rows: sorted(self, top), owners: sorted(owners, 12), own: sorted(inclusive, 15) };
}
