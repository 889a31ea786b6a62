// The built site on a port chosen before it starts, so that SITE_URL (the
// origin written into emailed links) can name the server itself. Otherwise
// the same as startServer in ./server.ts: scripts/serve.mjs, as `npm start`
// runs it, with only the store and mail settings the test passes.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './content';
import { freePort } from './project';
import type { RunningServer } from './server';

const CONFIG_VARIABLES = /^(UPSTASH_|KV_|REDIS_|RESEND_|SITE_|CRON_SECRET|MAIL_FROM|OUTBOX_DIR|INTAKE_|LOOKUP_|DISPATCH_)/;

/** Starts the site with SITE_URL set to its own address; `env` adds the store and mail settings. */
export async function startNotifyServer(env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'schoolwatch-notify-'));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONFIG_VARIABLES.test(name)));
  const child = spawn(process.execPath, ['scripts/serve.mjs'], {
    cwd: root,
    env: { ...inherited, SCHOOLWATCH_DATA_DIR: dataDir, SITE_URL: url, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
