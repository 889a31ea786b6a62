import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './content';
import { freePort } from './project';

const CONFIG_VARIABLES =
  /^(UPSTASH_|KV_|REDIS_|RESEND_|SMTP_|SITE_|CRON_SECRET|MAIL_|OUTBOX_DIR|INTAKE_|LOOKUP_|PROOF_|DISPATCH_|SCHOOLWATCH_DATA_DIR|EVIDENCE_|S3_|SMS_|ALIYUN_SMS_|TENCENT_SMS_)/;

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the built site with scripts/serve.mjs, as `npm start` does, on a
 * free port. With no store configured it uses the embedded store in a fresh
 * folder, so every test server starts empty.
 */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = env.SCHOOLWATCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'schoolwatch-data-'));
  // Only what the test asks for decides the store and mailer, never what the
  // machine's environment happens to carry.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONFIG_VARIABLES.test(name)));
  const child = spawn(process.execPath, ['scripts/serve.mjs'], {
    cwd: root,
    // SITE_URL names the server itself, so emailed links lead back to it.
    // Mail that is not sent through a test's capture server goes to an
    // outbox in the test's own folder, whatever the store.
    env: {
      ...inherited,
      SITE_URL: url,
      SCHOOLWATCH_DATA_DIR: dataDir,
      OUTBOX_DIR: join(dataDir, 'outbox'),
      SMS_OUTBOX_DIR: join(dataDir, 'sms-outbox'),
      MAIL_OUTBOX: '1',
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    try {
      const res = await fetch(`${url}/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
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
