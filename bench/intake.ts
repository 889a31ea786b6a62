// Intake, status lookups and a static page under load, each next to its floor
// in the same run (floor, product, floor, product at the same connections):
//   POST /api/complaints          vs node:http + one Redis SET of the same body
//   POST /api/complaints/status   vs the same floor
//   GET  a school page (brotli)   vs node:http serving the same bytes, precompressed, from memory
// and, as an anchor, bare Astro's on-demand path (bench/bare-endpoint/: one endpoint that reads
// the body and answers 201) against the same floor: what Astro alone reaches before any of our code.
import { execSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, fmt, load, projectRoot, quick, report, run, start, startFloor, startSite, versus, work } from './lib/harness';

export const complaint = {
  school: 'city-lanxi-school',
  aspect: 'catchment-enrolment',
  description: '学校在周六组织全班到校上课，持续了三个星期，老师说不来就跟不上进度。这是基准测试生成的举报内容。',
  occurredOn: '2026-01-10',
  anonymous: false,
  name: '王女士',
  phone: '13800000000',
  email: 'parent@example.com',
  contactConsent: true,
};
const json = { 'content-type': 'application/json' };
// A prerendered page (school pages are on demand since issue 23: bench/live.ts measures them).
const PAGE = '/notices/2024-05-08-qc-deployment/';

export async function intake() {
  const resend = await startFloor('resend');
  const site = await startSite(resend.url);
  const floor = await startFloor('set');
  const body = JSON.stringify(complaint);
  const run = `${Date.now()}`;
  const filing =
    (url: string, tag: string, ok = 201) =>
    () =>
      load(url, {
        connections: 64,
        method: 'POST',
        ok,
        body,
        headers: json,
        each: (n) => ({ path: '/api/complaints', headers: { ...json, 'idempotency-key': `${run}-${tag}-${n}` } }),
      });
  await filing(site.url, 'warm')(); // JIT, the composition root, connections
  const a = await versus(filing(site.url, 'p'), filing(floor.url, 'f'), () => allSent(resend.url));
  report({
    what: '`POST /api/complaints`, 64 connections',
    figure: fmt.rps(a.product),
    floor: `node:http + Redis SET: ${fmt.rps(a.floor)}`,
    ratio: a.product.rps / a.floor.rps,
    target: '≥ 0.5×',
    met: a.product.rps >= a.floor.rps / 2 && a.product.bad === 0,
  });
  // CPU per filing, the steadier figure where other work shares the cores: the server's own
  // (user + system, from /proc), while the filings are answered, and once each one's bureau
  // email is sent too (the dispatcher mostly waits for the load to end: it drains afterwards).
  await allSent(resend.url);
  const cpuFloor = await cpuPerRequest(floor.pid, filing(floor.url, 'cf'));
  const cpuSite = await cpuPerRequest(site.pid, filing(site.url, 'cp'), () => allSent(resend.url));
  report({
    what: 'server CPU per filing answered, 64 connections',
    figure: `${Math.round(cpuSite.answered)} µs`,
    floor: `node:http + Redis SET: ${Math.round(cpuFloor.answered)} µs`,
    ratio: cpuFloor.answered / cpuSite.answered,
  });
  report({
    what: 'server CPU per filing, its bureau email sent',
    figure: `${Math.round(cpuSite.settled)} µs`,
    floor: `node:http + Redis SET: ${Math.round(cpuFloor.settled)} µs`,
    ratio: cpuFloor.settled / cpuSite.settled,
  });
  // The same filings next to a floor that also does the crypto every filing must do (DESIGN.md's rules).
  const sealedFloor = await startFloor('sealed');
  const c = await versus(filing(site.url, 's'), filing(sealedFloor.url, 'sf'), () => allSent(resend.url));
  report({
    what: "anchor: `POST /api/complaints` against a floor with a filing's crypto, 64 connections",
    figure: fmt.rps(c.product),
    floor: `node:http + 2 AES-GCM seals, 6 HMACs + Redis SET: ${fmt.rps(c.floor)}`,
    ratio: c.product.rps / c.floor.rps,
  });
  const bare = await startBareEndpoint();
  await filing(bare.url, 'bw')();
  const z = await versus(filing(bare.url, 'b'), filing(floor.url, 'g'), () => allSent(resend.url));
  report({
    what: 'anchor: bare Astro endpoint (reads the body, answers 201), 64 connections',
    figure: fmt.rps(z.product),
    floor: `node:http + Redis SET: ${fmt.rps(z.floor)}`,
    ratio: z.product.rps / z.floor.rps,
  });

  // Lookups of codes filed just now.
  const codes: string[] = [];
  for (let i = 0; i < (quick ? 50 : 500); i++) {
    const res = await fetch(`${site.url}/api/complaints`, { method: 'POST', headers: json, body });
    codes.push(((await res.json()) as { receiptCode: string }).receiptCode);
  }
  const lookup = (url: string) => () =>
    load(url, {
      connections: 64,
      method: 'POST',
      headers: json,
      each: (n) => ({ path: '/api/complaints/status', body: JSON.stringify({ receiptCode: codes[n % codes.length] }) }),
      ok: url === site.url ? 200 : 201,
    });
  const b = await versus(lookup(site.url), lookup(floor.url), () => allSent(resend.url));
  report({
    what: '`POST /api/complaints/status`, 64 connections',
    figure: fmt.rps(b.product),
    floor: `node:http + Redis SET: ${fmt.rps(b.floor)}`,
    ratio: b.product.rps / b.floor.rps,
    target: '≥ 0.5×',
    met: b.product.rps >= b.floor.rps / 2 && b.product.bad === 0,
  });
}

export async function pages() {
  const resend = await startFloor('resend');
  const site = await startSite(resend.url);
  const floor = await startFloor('files');
  const get = (url: string) => () => load(url + PAGE, { connections: 32, headers: { 'accept-encoding': 'br, gzip' } });
  await get(site.url)();
  const p = await versus(get(site.url), get(floor.url));
  report({
    what: `static notice page \`${PAGE}\` (br), 32 connections`,
    figure: fmt.rps(p.product),
    floor: `node:http, same bytes precompressed: ${fmt.rps(p.floor)}`,
    ratio: p.product.rps / p.floor.rps,
    target: '≥ 0.5×',
    met: p.product.rps >= p.floor.rps / 2 && p.product.bad === 0,
  });
}

const TICK_US = 1e6 / Number(execSync('getconf CLK_TCK'));
/** CPU time (user + system) a process has used, in µs (Linux /proc). */
const cpuOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
};
/** A process's CPU per request of one load run: while it ran, and once `settled` (work the requests left behind) is done too. */
async function cpuPerRequest(pid: number, run: () => Promise<{ total: number }>, settled?: () => Promise<void>) {
  const before = cpuOf(pid);
  const { total } = await run();
  const answered = (cpuOf(pid) - before) / total;
  await settled?.();
  return { answered, settled: (cpuOf(pid) - before) / total };
}
/** Resolves once the Resend stand-in's count of emails stops growing (floor.ts answers a GET with it). */
async function allSent(resendUrl: string) {
  for (let last = -1; ; await new Promise((r) => setTimeout(r, 500))) {
    const { emails } = (await (await fetch(resendUrl)).json()) as { emails: number };
    if (emails === last) return;
    last = emails;
  }
}

/** bench/bare-endpoint/ copied into bench/.work, built there and served behind a plain node:http. */
async function startBareEndpoint() {
  const root = join(work, 'bare-endpoint');
  const out = join(root, 'dist');
  cpSync(join(projectRoot, 'bench', 'bare-endpoint'), root, { recursive: true });
  const r = await run(
    [join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'build'],
    cleanEnv({ SCHOOLWATCH_OUT_DIR: out, SCHOOLWATCH_CACHE_DIR: join(root, 'cache'), ASTRO_TELEMETRY_DISABLED: '1' }),
    root,
  );
  if (r.code !== 0) throw new Error(`astro build in ${root} failed:\n${r.output.slice(-3000)}`);
  return start([join(root, 'serve.mjs')], cleanEnv({ SCHOOLWATCH_OUT_DIR: out }), '/api/nothing');
}
