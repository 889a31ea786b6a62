import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './content';

/** Runs a project command on the same Node as the tests (Node 24 from the devDependency). */
export function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? root, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** An npm script of package.json that runs a Node program (`npm run <name>`), with the Node running the tests. */
export function runNpmScript(name: string, options: { env?: NodeJS.ProcessEnv } = {}) {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[name] ?? '';
  const [program, ...args] = script.split(' ');
  if (program !== 'node') throw new Error(`npm run ${name} is not a Node program: ${script}`);
  return run(args, options);
}

/** `astro build` in a project folder. */
export const astroBuild = (cwd = root, env: NodeJS.ProcessEnv = {}) => run(['node_modules/astro/bin/astro.mjs', 'build'], { cwd, env });

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The files a build reads. */
const PROJECT_FILES = ['src', 'content', 'public', 'api', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

/**
 * A copy of the project in a temporary folder, sharing node_modules, for a
 * build with other content or another adapter. Returns its folder.
 */
export function projectCopy(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `schoolwatch-${label}-`));
  for (const item of PROJECT_FILES) cpSync(join(root, item), join(dir, item), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** `astro build` of a copy into its own output and cache folders. */
export const buildCopy = (dir: string, env: NodeJS.ProcessEnv = {}) =>
  astroBuild(dir, { SCHOOLWATCH_OUT_DIR: join(dir, 'dist'), SCHOOLWATCH_CACHE_DIR: join(dir, '.astro-cache'), ...env });
