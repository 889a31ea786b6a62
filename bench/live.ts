// Notices published in the site, at scale (issue 23, point 7): over generated content with 2,000 schools,
// the build before and after 20,000 notices are published into the store (the build never reads the store),
// the school page under load next to node:http serving the same bytes, and the server's memory at 100,000.
import { mkdirSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { generateContent } from './generate';
import { cleanEnv, fmt, load, peakRss, PREFIX, projectRoot, quick, REDIS_URL, report, rss, run, startFloor, startSite, versus, work } from './lib/harness';
import { connectRedis } from '../src/adapters/redis/connect';
import { redisNoticeStore } from '../src/adapters/redis/redisNoticeStore';
import { startNotice, applyNoticeAction, type NoticeContext } from '../src/domain/notices/machine';
import type { NoticeRecord } from '../src/domain/notices/model';

const SCHOOLS = quick ? 200 : 2000;
const PUBLISHED = quick ? 2000 : 20_000;
const MEMORY_AT = quick ? 10_000 : 100_000;
const PROJECT = ['src', 'public', 'api', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

async function astroBuild(root: string, out: string) {
  const r = await run(
    [join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'build'],
    cleanEnv({ SCHOOLWATCH_OUT_DIR: out, SCHOOLWATCH_CACHE_DIR: join(root, '.cache'), ASTRO_TELEMETRY_DISABLED: '1' }),
    root,
  );
  if (r.code !== 0) throw new Error(`astro build in ${root} failed:\n${r.output.slice(-3000)}`);
  return r.ms;
}

/** A published notice of school `school` as the steps make it (start → submit → approve), created in one write. */
function publishedRecord(
  n: number,
  school: { id: string; bureau: string },
  directory: NoticeContext['directory'],
  aspects: string[],
): { record: NoticeRecord; audit: Parameters<ReturnType<typeof redisNoticeStore>['create']>[1] } {
  const at = new Date(Date.parse('2026-01-01T02:00:00Z') + n * 60_000).toISOString();
  const context: NoticeContext = { directory, settings: { approvalRequired: true }, at };
  const actor = { body: { kind: 'school' as const, school: school.id } };
  const rows = [0, 1].map((i) => ({
    problem: `第 ${n} 号公示的第 ${i + 1} 个问题：周六组织学生集体补课`,
    source: '自查',
    aspect: aspects[(n + i) % aspects.length],
    measure: '停止补课，向家长说明并退还费用',
    responsible: '教务处',
    deadline: '2026-12-31',
    status: i ? '整改中' : '已整改',
  }));
  const kind = n % 2 ? 'rectification' : 'self-inspection';
  const input = {
    title: `基准测试公示第 ${n} 号`,
    summary: '学校对照问题清单逐项自查，发现的问题正在整改。',
    phase: 'self-inspection',
    aspects: [aspects[n % aspects.length]],
    body: '学校成立自查工作组，逐项对照检查。\n\n- 停止补课\n- 公开作业时长',
    ...(kind === 'rectification' ? { ledger: rows } : { selfScore: 90 }),
  };
  let step = startNotice({ id: `bench-${n}`, kind, owner: actor.body, input }, actor, context);
  const first = step;
  for (const [action, by] of [
    [{ type: 'submit' }, actor],
    [{ type: 'approve' }, { body: { kind: 'bureau' as const, bureau: school.bureau } }],
  ] as const) {
    if (step.kind === 'refused' || step.kind === 'invalid') break;
    step = applyNoticeAction(step.record, action, by, context);
  }
  if (step.kind === 'refused' || step.kind === 'invalid' || first.kind === 'refused' || first.kind === 'invalid')
    throw new Error(`bench notice ${n}: ${JSON.stringify(step)}`);
  return { record: step.record, audit: first.audit };
}

export async function live() {
  const dir = join(work, 'live');
  rmSync(dir, { recursive: true, force: true });
  const site = join(dir, 'site');
  for (const name of PROJECT) cpSync(join(projectRoot, name), join(site, name), { recursive: true });
  process.env.BENCH_SCHOOLS = String(SCHOOLS);
  generateContent(site, 100); // 2,000 schools and 100 notices in content/notices
  delete process.env.BENCH_SCHOOLS;
  const read = (name: string) => yaml.load(readFileSync(join(site, 'content', name), 'utf8'), { schema: yaml.CORE_SCHEMA }) as Array<Record<string, string>>;
  const schools = read('schools.yaml').map((s) => ({ id: s.id!, bureau: s.bureau! }));
  const aspects = read('aspects.yaml').map((a) => a.id!);
  const directory: NoticeContext['directory'] = {
    schools: new Map(read('schools.yaml').map((s) => [s.id!, { name: s.name!, bureau: s.bureau! }])),
    aspects: new Map(read('aspects.yaml').map((a) => [a.id!, { name: a.name!, category: a.category! }])),
    bureaus: new Map(read('bureaus.yaml').map((b) => [b.id!, { name: b.name!, email: b.email! }])),
  };

  const prefix = `${PREFIX}-live`;
  const connection = connectRedis({ kind: 'tcp', url: REDIS_URL });
  const store = redisNoticeStore(connection, prefix);
  const publish = async (from: number, to: number) => {
    for (let n = from; n < to; n += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, to - n) }, (_, i) => publishedRecord(n + i, schools[(n + i) % schools.length]!, directory, aspects)).map(
          ({ record, audit }) => store.create(record, audit),
        ),
      );
    }
  };

  const before = await astroBuild(site, join(dir, 'dist-0'));
  await publish(0, PUBLISHED);
  const after = await astroBuild(site, join(dir, 'dist'));
  report({
    what: `build, ${SCHOOLS.toLocaleString('en')} schools, ${PUBLISHED.toLocaleString('en')} notices published in the store`,
    figure: fmt.ms(after),
    floor: `the same build with none published: ${fmt.ms(before)}`,
    ratio: after / before,
    target: '≤ 1.2×',
    met: after <= 1.2 * before,
  });

  const resend = await startFloor('resend');
  const server = await startSite(resend.url, { SCHOOLWATCH_OUT_DIR: join(dir, 'dist'), REDIS_KEY_PREFIX: prefix });
  const PAGE = `/schools/${schools[1]!.id}/`;
  // The page's own bytes, for the floor: node:http serving them precompressed from memory.
  const html = await (await fetch(server.url + PAGE, { headers: { 'accept-encoding': 'identity' } })).text();
  if (!html.includes('基准测试公示第')) throw new Error(`the school page does not show the store's notices:\n${html.slice(0, 1000)}`);
  const floorDir = join(dir, 'floor');
  mkdirSync(join(floorDir, PAGE), { recursive: true });
  writeFileSync(join(floorDir, PAGE, 'index.html'), html);
  const floor = await startFloor('files', { SITE_DIR: floorDir });
  const get = (url: string) => () => load(url + PAGE, { connections: 32, headers: { 'accept-encoding': 'br, gzip' } });
  await get(server.url)(); // renders once, then compresses once
  const p = await versus(get(server.url), get(floor.url));
  report({
    what: `school page \`${PAGE}\` with ${PUBLISHED.toLocaleString('en')} store notices (br), 32 connections`,
    figure: fmt.rps(p.product),
    floor: `node:http, same bytes precompressed: ${fmt.rps(p.floor)}`,
    ratio: p.product.rps / p.floor.rps,
    target: '≥ 0.5×, p99 < 50 ms',
    met: p.product.rps >= p.floor.rps / 2 && p.product.p99 < 50 && p.product.bad === 0,
  });

  // Memory with every notice in the catalogue: publish the rest, let the server reload (its refresh is 5 s), read its RSS.
  await publish(PUBLISHED, MEMORY_AT);
  await new Promise((r) => setTimeout(r, 6000));
  const t0 = performance.now();
  const res = await fetch(server.url + PAGE);
  const reload = performance.now() - t0;
  if (!(await res.text()).includes('基准测试公示第')) throw new Error('the school page stopped showing notices');
  const resident = rss(server.pid);
  report({
    what: `Node server RSS with ${MEMORY_AT.toLocaleString('en')} published notices (the ${(MEMORY_AT - PUBLISHED).toLocaleString('en')} new ones read in ${fmt.ms(reload)}; peak ${fmt.mb(peakRss(server.pid))})`,
    figure: fmt.mb(resident),
    floor: '512 MB',
    ratio: resident / (512 * 1048576),
    target: '< 512 MB',
    met: resident < 512 * 1048576,
  });

  // A reload reads what changed since the count it holds, not every notice: one more publication at 100,000.
  await publish(MEMORY_AT, MEMORY_AT + 1);
  await new Promise((r) => setTimeout(r, 6000));
  const t1 = performance.now();
  const again = await fetch(server.url + PAGE);
  const one = performance.now() - t1;
  if (!again.ok) throw new Error(`the school page answered ${again.status} after one more publication`);
  report({
    what: `one more notice published at ${MEMORY_AT.toLocaleString('en')}: the school page's first answer after it (reload + render; RSS then ${fmt.mb(rss(server.pid))})`,
    figure: fmt.ms(one),
    floor: `reading the ${(MEMORY_AT - PUBLISHED).toLocaleString('en')} new ones above: ${fmt.ms(reload)}`,
    ratio: one / reload,
    target: 'not proportional to the notices held',
    met: one < reload / 10,
  });
  await connection.close();
}
