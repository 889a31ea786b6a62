// Dispatch and the statistics snapshot, through the running server.
//   dispatch: complaints filed through the API; every filing queues the bureau's email and kicks the
//             dispatcher. Emails per second until the last one reached Resend (a local stand-in that
//             counts Idempotency-Keys), next to the floor: the same number of POSTs straight to it.
//   stats:    the hourly snapshot (GET /api/cron/stats) over the complaints filed; /api/health's p99
//             while it runs, next to its p99 with nothing running (same server, same run).
import { fmt, load, quick, report, startFloor, startSite, type Load } from './lib/harness';
import { complaint } from './intake';

const json = { 'content-type': 'application/json' };
const CRON_SECRET = 'bench-cron-secret-of-enough-length';

async function resendCount(url: string): Promise<{ emails: number; duplicates: number }> {
  return (await fetch(`${url}/count`)).json() as Promise<{ emails: number; duplicates: number }>;
}

export async function dispatch() {
  const count = quick ? 500 : 2000;
  const resend = await startFloor('resend');
  const site = await startSite(resend.url);
  const run = Date.now();
  const t0 = performance.now();
  await load(site.url, {
    connections: 16,
    duration: 600,
    amount: count,
    method: 'POST',
    ok: 201,
    body: JSON.stringify(complaint),
    headers: json,
    each: (n) => ({ path: '/api/complaints', headers: { ...json, 'idempotency-key': `${run}-d-${n}` } }),
  });
  let sent = await resendCount(resend.url);
  for (const deadline = Date.now() + 45_000; sent.emails < count && Date.now() < deadline; sent = await resendCount(resend.url))
    await new Promise((r) => setTimeout(r, 200));
  const productRate = (sent.emails / (performance.now() - t0)) * 1000;
  // The floor: as many emails POSTed straight to the same stand-in, 16 at a time.
  const floor = await load(resend.url, {
    connections: 16,
    duration: 600,
    amount: count,
    method: 'POST',
    body: '{"to":"x@example.com","subject":"x"}',
    headers: json,
    each: (n) => ({ path: '/emails', headers: { ...json, 'idempotency-key': `floor-${run}-${n}` } }),
  });
  const floorRate = floor.total / floor.seconds;
  report({
    what: `dispatch: ${count.toLocaleString('en')} filings, each email sent once`,
    figure: `${sent.emails.toLocaleString('en')} emails, ${sent.duplicates} sent twice; ${Math.round(productRate)} emails/s (filing included)`,
    floor: `POSTs straight to Resend's stand-in: ${Math.round(floorRate)}/s`,
    ratio: productRate / floorRate,
    target: 'exactly once',
    met: sent.emails === count && sent.duplicates === 0,
  });
}

export async function stats() {
  const count = quick ? 500 : 5000;
  const resend = await startFloor('resend');
  const site = await startSite(resend.url, { CRON_SECRET });
  const run = Date.now();
  await load(site.url, {
    connections: 32,
    duration: 600,
    amount: count,
    method: 'POST',
    ok: 201,
    body: JSON.stringify(complaint),
    headers: json,
    each: (n) => ({ path: '/api/complaints', headers: { ...json, 'idempotency-key': `${run}-s-${n}` } }),
  });
  await new Promise((r) => setTimeout(r, 2000)); // the emails of those filings go out first
  const health = (duration: number) => load(`${site.url}/api/health`, { connections: 4, duration });
  const idle = await health(3);
  const t0 = performance.now();
  const snapshot = fetch(`${site.url}/api/cron/stats`, { headers: { authorization: `Bearer ${CRON_SECRET}` } }).then(async (res) => ({
    status: res.status,
    ms: performance.now() - t0,
    body: await res.text(),
  }));
  let during: Load | undefined;
  let snap: Awaited<typeof snapshot> | undefined;
  void snapshot.then((s) => (snap = s));
  // Load for as long as the snapshot runs (at least 1 s).
  while (!snap) during = await health(1);
  report({
    what: `statistics snapshot over ${count.toLocaleString('en')} complaints`,
    figure: `${fmt.ms(snap.ms)} (status ${snap.status}); /api/health meanwhile p99 ${during!.p99} ms`,
    floor: `/api/health alone: p99 ${idle.p99} ms`,
    ratio: during!.p99 / Math.max(1, idle.p99),
    target: 'p99 < 100 ms meanwhile',
    met: snap.status === 200 && during!.p99 < 100,
  });
}
