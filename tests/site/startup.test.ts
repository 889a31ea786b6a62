// A misconfiguration is found by the operator, not by parents: the Node
// server checks the whole configuration before it listens, and on a host
// without a start-up (Vercel) every on-demand answer is a 503.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../support/content';
import { freePort, run } from '../support/project';
import { postJson, validComplaint } from '../support/intakeForms';

const secret = 'x'.repeat(40);
const base = () => ({ SCHOOLWATCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'schoolwatch-startup-')), HOST: '127.0.0.1', PORT: '4999' });

describe('npm start with a configuration that cannot work', () => {
  it.each([
    [
      'a short CRON_SECRET',
      { CRON_SECRET: 'short-one' },
      ['Invalid environment variable CRON_SECRET: must be at least 16 characters (e.g. openssl rand -base64 24)'],
    ],
    [
      'a malformed REDIS_URL',
      { REDIS_URL: 'redis//127.0.0.1:6379', SITE_SECRET: secret, MAIL_OUTBOX: '1' },
      ['Invalid environment variable REDIS_URL: must be redis://[user:password@]host[:port][/database] or rediss://…'],
    ],
    [
      'RESEND_API_KEY without MAIL_FROM',
      { RESEND_API_KEY: 're_live_abcdef', SITE_SECRET: secret },
      ['Missing environment variable MAIL_FROM: the sender address is required to send mail, e.g. 校务监督 <noreply@your-domain>'],
    ],
    [
      'all three at once',
      { CRON_SECRET: 'short-one', REDIS_URL: 'redis//127.0.0.1:6379', RESEND_API_KEY: 're_live_abcdef', SITE_SECRET: secret },
      [
        'Invalid environment variable REDIS_URL: must be redis://[user:password@]host[:port][/database] or rediss://…',
        'Invalid environment variable CRON_SECRET: must be at least 16 characters (e.g. openssl rand -base64 24)',
        'Missing environment variable MAIL_FROM: the sender address is required to send mail, e.g. 校务监督 <noreply@your-domain>',
      ],
    ],
  ])('exits with a non-zero status and one line per variable at fault: %s', async (_name, env, problems) => {
    const { code, output } = await run(['scripts/serve.mjs'], { env: { ...base(), ...env }, timeoutMs: 20_000 });
    expect(code).toBe(1);
    expect(output).toBe(`${problems.join('\n')}\nSchoolwatch did not start: fix the environment variables above.\n`);
    for (const value of Object.values(env)) expect(output).not.toContain(value);
  });
});

describe('npm start checks the configuration before it builds (`serve.mjs --check`)', () => {
  it('exits 0 saying nothing when it can work, and 1 with the same lines when it cannot', async () => {
    expect(await run(['scripts/serve.mjs', '--check'], { env: base(), timeoutMs: 20_000 })).toMatchObject({ code: 0, output: '' });
    const bad = await run(['scripts/serve.mjs', '--check'], { env: { ...base(), CRON_SECRET: 'short-one' }, timeoutMs: 20_000 });
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.output).toBe(
      'Invalid environment variable CRON_SECRET: must be at least 16 characters (e.g. openssl rand -base64 24)\nSchoolwatch did not start: fix the environment variables above.\n',
    );
  });
});

describe('npm start on a data folder of the old embedded store', () => {
  it('refuses it, saying what it is, and exits', async () => {
    const env = base();
    writeFileSync(join(env.SCHOOLWATCH_DATA_DIR, 'appendonly.jsonl'), '{"c":["SET","sw:x","1"]}\n');
    env.PORT = String(await freePort());
    const { code, output } = await run(['scripts/serve.mjs'], { env, timeoutMs: 20_000 });
    expect(code).toBe(1);
    expect(output).toContain('holds appendonly.jsonl, the log of the embedded Redis emulator of an earlier Schoolwatch version');
    expect(output).toContain('Schoolwatch did not start: the store could not be opened (see the line above).');
  });
});

describe('a serverless host with a configuration that cannot work', () => {
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => void child?.kill());

  it('answers 503 everywhere on demand, and /api/health names the variables at fault', async () => {
    const port = await freePort();
    // As Vercel runs it: VERCEL set, and neither a Redis store nor CRON_SECRET.
    child = spawn(process.execPath, ['tests/support/bareHandler.mjs', String(port)], {
      cwd: root,
      env: { ...process.env, ...base(), VERCEL: '1', SITE_SECRET: secret },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve) => child!.stdout!.once('data', resolve));
    const url = `http://127.0.0.1:${port}`;

    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({
      status: 'misconfigured',
      problems: [
        'Missing environment variable UPSTASH_REDIS_REST_URL: on Vercel a Redis store is required (or KV_REST_API_URL, or REDIS_URL)',
        'Missing environment variable CRON_SECRET: on Vercel the cron jobs that retry mail need it (at least 16 characters)',
      ],
    });
    const filing = await postJson(`${url}/api/complaints`, validComplaint(), { Origin: url });
    expect(filing.status).toBe(503);
    expect(await filing.json()).toEqual({ errors: { service: '服务配置有误，暂时无法使用。请稍后再试。' } });
    // The home page shows notices published in the site: on demand too (issue 23).
    for (const path of ['/report/', '/report/status/', '/answer/?t=x', '/']) {
      const page = await fetch(`${url}${path}`);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('服务配置有误，暂时无法使用。请稍后再试。');
    }
    // The static pages are not the function's business and still answer.
    expect((await fetch(`${url}/notices/2024-05-08-qc-deployment/`)).status).toBe(200);
  });
});
