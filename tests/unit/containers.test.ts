// The container and host files, checked without a container engine (none
// runs here, and no registry is reachable to pull a base image): compose.yaml
// against the Compose Specification's JSON schema and for what the site
// needs; the Dockerfile's stages, user, port and health check; the nginx,
// Caddy and systemd files for the limits they must share with the app.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { root } from '../support/content';
import { REPORT_MULTIPART_LIMIT } from '../../src/server/reportBody';
import { BODY_LIMIT } from '../../src/server/http';
import { SMTP_VARIABLES } from '../../src/config/smtp';

const read = (path: string) => readFileSync(join(root, path), 'utf8');

// The schema of compose-spec/compose-spec (Apache-2.0), as shipped by the
// dclint package (MIT), a devDependency; read from disk, no network. It is
// draft-07, Ajv's default; its "$schema" names draft-07 by an https address
// Ajv does not know, so it is left out, as dclint does.
const { $schema: _draft, ...composeSchema } = JSON.parse(read('node_modules/dclint/schemas/compose.schema.json')) as { $schema: string };
const validateCompose = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(composeSchema);

interface Service {
  image?: string;
  env_file?: string;
  build?: { context: string; args?: Record<string, string> };
  command?: string[];
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  cap_drop?: string[];
}
const compose = yaml.load(read('compose.yaml')) as { services: Record<string, Service>; volumes: Record<string, unknown> };

describe('compose.yaml', () => {
  it('is valid under the Compose Specification schema', () => {
    expect(_draft).toBe('https://json-schema.org/draft-07/schema');
    expect(validateCompose(compose), JSON.stringify(validateCompose.errors, null, 2)).toBe(true);
  });

  it('the schema is a real one: it refuses a mistake', () => {
    expect(validateCompose({ services: { site: { image: 'schoolwatch:local', restart_policy: 'always' } } })).toBe(false);
    expect(validateCompose.errors?.map((e) => [e.instancePath, e.params])).toContainEqual(['/services/site', { additionalProperty: 'restart_policy' }]);
  });

  it('runs the site, the daily digest and Redis 7, each restarted unless stopped', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['overdue-digest', 'redis', 'site']);
    expect(compose.services.redis!.image).toBe('redis:7');
    for (const service of Object.values(compose.services)) expect(service.restart).toBe('unless-stopped');
  });

  it('Redis keeps its data: AOF on, in a named volume, with a health check', () => {
    const redis = compose.services.redis!;
    expect(redis.command!.join(' ')).toContain('--appendonly yes');
    expect(redis.volumes).toEqual(['redis-data:/data']);
    expect(Object.keys(compose.volumes)).toContain('redis-data');
    expect(redis.healthcheck!.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('the site waits for a healthy Redis, reaches it by name and checks its own health', () => {
    const site = compose.services.site!;
    expect(site.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(site.environment!.REDIS_URL).toBe('redis://redis:6379');
    expect(site.healthcheck!.test).toEqual(['CMD', 'node', 'scripts/healthcheck.mjs']);
    expect(read('scripts/healthcheck.mjs')).toContain('http://127.0.0.1:${port}/api/health');
    expect(site.ports).toEqual(['${SCHOOLWATCH_BIND:-0.0.0.0}:4321:4321']);
    expect(site.volumes).toEqual(['site-data:/data']);
    expect(site.cap_drop).toEqual(['ALL']);
  });

  it('refuses to start without SITE_URL, SITE_SECRET and CRON_SECRET', () => {
    const env = compose.services.site!.environment!;
    for (const name of ['SITE_URL', 'SITE_SECRET', 'CRON_SECRET']) expect(env[name]).toMatch(new RegExp(`^\\$\\{${name}:\\?.+\\}$`));
    expect(compose.services.site!.build!.args!.SITE_URL).toBe(env.SITE_URL);
  });

  it('passes every other setting from .env untouched, and nothing as an empty ${VAR:-} default', () => {
    expect(compose.services.site!.env_file).toBe('.env');
    // podman-compose 1.0.3 (Debian 12) would pass "${VAR:-}" on as literal text.
    expect(read('compose.yaml')).not.toMatch(/^\s*[^#\s].*\$\{\w+:-\}/m);
  });

  it('the daily digest is asked for every hour, from the site by name', () => {
    const digest = compose.services['overdue-digest']!;
    expect(digest.command).toEqual(['node', 'scripts/cron.mjs', '/api/cron/overdue', '--every', '3600']);
    expect(digest.environment!.SCHOOLWATCH_URL).toBe('http://site:4321');
    expect(digest.depends_on).toEqual({ site: { condition: 'service_healthy' } });
    expect(digest.healthcheck).toEqual({ disable: true });
  });
});

/** The Dockerfile as stages of instructions, line continuations joined. */
function dockerStages(text: string) {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const globalArgs = lines.slice(
    0,
    lines.findIndex((l) => /^FROM /i.test(l)),
  );
  const stages: Array<{ from: string; name: string; lines: string[] }> = [];
  for (const line of lines.slice(globalArgs.length)) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) stages.push({ from: from[1]!, name: from[2] ?? '', lines: [] });
    else stages.at(-1)!.lines.push(line);
  }
  return { globalArgs, stages };
}

describe('Dockerfile', () => {
  const { globalArgs, stages } = dockerStages(read('Dockerfile'));
  const runtime = stages.at(-1)!;
  const instructions = (stage: { lines: string[] }, name: string) => stage.lines.filter((l) => l.toUpperCase().startsWith(`${name} `));

  it('has three stages on the official Node 24 image: production dependencies, build, runtime', () => {
    expect(globalArgs).toEqual(['ARG NODE_IMAGE=node:24-bookworm-slim']);
    expect(stages.map((s) => [s.name, s.from])).toEqual([
      ['deps', '${NODE_IMAGE}'],
      ['build', '${NODE_IMAGE}'],
      ['runtime', '${NODE_IMAGE}'],
    ]);
  });

  it('installs production dependencies alone in one stage and builds with all of them in another', () => {
    expect(instructions(stages[0]!, 'RUN')).toEqual(['RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force']);
    expect(instructions(stages[1]!, 'RUN')).toEqual(['RUN npm ci --no-audit --no-fund', 'RUN SITE_URL="$SITE_URL" npm run build']);
  });

  it('the runtime stage takes node_modules from the production stage only, and installs nothing', () => {
    const copies = instructions(runtime, 'COPY');
    expect(copies.filter((c) => c.includes('node_modules'))).toEqual(['COPY --from=deps --chown=root:root /app/node_modules ./node_modules']);
    expect(copies.filter((c) => c.includes('--from=build'))).toEqual(['COPY --from=build --chown=root:root /app/dist ./dist']);
    expect(runtime.lines.join('\n')).not.toMatch(/npm (ci|install)/);
  });

  it('copies every script the container runs and every file they import, transitively', () => {
    // COPY [--flags] <source>… <destination>: the sources, from the build context.
    const copied = instructions(runtime, 'COPY')
      .filter((c) => !c.includes('--from='))
      .flatMap((c) =>
        c
          .split(/\s+/)
          .slice(1, -1)
          .filter((t) => !t.startsWith('--')),
      );
    const scripts = ['scripts/serve.mjs', 'scripts/healthcheck.mjs', 'scripts/cron.mjs'];
    expect(copied).toEqual(['package.json', 'scripts/serve.mjs', 'scripts/threadPool.mjs', 'scripts/healthcheck.mjs', 'scripts/cron.mjs', 'src']);
    // Relative imports, followed from file to file.
    const needed = new Set<string>();
    const visit = (file: string) => {
      if (needed.has(file)) return;
      needed.add(file);
      // `import type …` is erased at run time: only what Node really loads is followed.
      const code = read(file).replace(/^import type [^;]+;$/gm, '');
      for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*'(\.\.?\/[^']+)'/g)) visit(join(dirname(file), spec!));
    };
    scripts.forEach(visit);
    expect([...needed].filter((f) => f.startsWith('src/')).length).toBeGreaterThanOrEqual(1);
    for (const file of needed)
      expect(
        copied.some((c) => file === c || file.startsWith(`${c}/`)),
        file,
      ).toBe(true);
  });

  it('runs as the unprivileged node user, on 0.0.0.0:4321, with a health check on /api/health', () => {
    expect(instructions(runtime, 'USER')).toEqual(['USER node']);
    expect(runtime.lines.indexOf('USER node')).toBeGreaterThan(runtime.lines.findIndex((l) => l.startsWith('RUN ')));
    expect(instructions(runtime, 'EXPOSE')).toEqual(['EXPOSE 4321']);
    expect(instructions(runtime, 'ENV')[0]).toMatch(/HOST=0\.0\.0\.0 .*PORT=4321/);
    expect(instructions(runtime, 'HEALTHCHECK')).toEqual([
      'HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]',
    ]);
    expect(instructions(runtime, 'CMD')).toEqual(['CMD ["node", "scripts/serve.mjs"]']);
  });

  it('.dockerignore keeps local data, secrets and installed modules out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.data', '.env', '.git', 'dist']) expect(ignored).toContain(entry);
  });
});

describe('proxies and the host', () => {
  const nginx = read('deploy/nginx/schoolwatch.conf');
  const caddy = read('deploy/caddy/Caddyfile');
  const unit = read('deploy/systemd/schoolwatch.service');

  it('the proxies refuse bodies over the app’s cap, and no smaller ones', () => {
    expect(BODY_LIMIT).toBe(32 * 1024);
    expect(/^\s*client_max_body_size (\d+)k;/m.exec(nginx)?.[1]).toBe(String(BODY_LIMIT / 1024));
    expect(/max_size (\d+)KB/.exec(caddy)?.[1]).toBe(String(BODY_LIMIT / 1024));
  });

  it('the report form alone may carry its images, a little over the app’s own cap for them', () => {
    expect(REPORT_MULTIPART_LIMIT).toBe(31 * 1024 * 1024);
    expect(/location ~ \^\/report\/\?\$ \{\s*client_max_body_size (\d+)m;/.exec(nginx)?.[1]).toBe('32');
    expect(/@report path \/report \/report\/\s*request_body @report \{\s*max_size (\d+)MB/.exec(caddy)?.[1]).toBe('32');
    expect(caddy).toMatch(/@notReport not path \/report \/report\/\s*request_body @notReport \{\s*max_size 32KB/);
  });

  it('nginx sets X-Forwarded-For to the address it saw, never appending what the client sent', () => {
    expect(nginx).toMatch(/^\s*proxy_set_header X-Forwarded-For \$remote_addr;$/m);
    expect(nginx).not.toMatch(/^\s*[^#\s].*\$proxy_add_x_forwarded_for/m);
    expect(nginx).toMatch(/^\s*proxy_set_header Host \$host;$/m);
  });

  it('nginx logs no query strings (an answer link carries its token in ?t=)', () => {
    const format = /^log_format schoolwatch '([^']+)';$/m.exec(nginx)?.[1];
    expect(format).toBe('$remote_addr [$time_iso8601] "$request_method $uri" $status $body_bytes_sent $request_time');
    expect(nginx).toMatch(/^\s*access_log \S+ schoolwatch;$/m);
  });

  it('the example settings name only variables the SMTP configuration knows, and no real secret', () => {
    const example = read('deploy/schoolwatch.env.example');
    const names = [...example.matchAll(/^#?(SMTP_\w+)=/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThanOrEqual(14);
    for (const name of names) expect(SMTP_VARIABLES).toContain(name);
    // Every host in an address or a URL is a reserved example name, or this machine.
    const hosts = [...example.matchAll(/(?:@|:\/\/(?:[^@\s/]*@)?)([a-z0-9.-]+)/gi)].map((m) => m[1]!);
    expect(hosts).toEqual(['jubao.jyj.bozhou.example', '127.0.0.1', 'jyj.bozhou.example', 'smtp.mail-provider.example', 'jyj.bozhou.example']);
  });

  it('the digest timer calls the cron script at 09:00 Beijing time, as vercel.json does at 01:00 UTC', () => {
    expect(read('deploy/systemd/schoolwatch-overdue.timer')).toMatch(/^OnCalendar=\*-\*-\* 09:00:00 Asia\/Shanghai$/m);
    expect(JSON.parse(read('vercel.json')).crons).toContainEqual({ path: '/api/cron/overdue', schedule: '0 1 * * *' });
    expect(read('deploy/systemd/schoolwatch-overdue.service')).toMatch(
      /^ExecStart=\/opt\/schoolwatch\/node_modules\/node\/bin\/node scripts\/cron\.mjs \/api\/cron\/overdue$/m,
    );
  });

  it('the service runs as its own user, read-only but for the data folder, restarted on failure', () => {
    const settings = Object.fromEntries(
      unit
        .split('\n')
        .filter((l) => /^[A-Za-z]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(settings).toMatchObject({
      User: 'schoolwatch',
      ProtectSystem: 'strict',
      ReadWritePaths: '/var/lib/schoolwatch',
      EnvironmentFile: '/etc/schoolwatch/schoolwatch.env',
      Restart: 'on-failure',
      NoNewPrivileges: 'yes',
      ExecStart: '/opt/schoolwatch/node_modules/node/bin/node scripts/serve.mjs',
    });
    expect(settings.Environment).toContain('SCHOOLWATCH_DATA_DIR=/var/lib/schoolwatch');
    expect(settings.Environment).toContain('HOST=127.0.0.1');
  });
});
