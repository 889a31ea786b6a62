// GETs a cron endpoint of the site with `Authorization: Bearer $CRON_SECRET`,
// for hosts without Vercel's cron (a systemd timer, the compose service).
//   node scripts/cron.mjs /api/cron/overdue               once; exit 1 unless 2xx
//   node scripts/cron.mjs /api/cron/overdue --every 3600  every hour, until stopped
//   npm run stats                                         refreshes /stats/, /answers/, Open311 now
// SCHOOLWATCH_URL is the site's own address (default http://127.0.0.1:$PORT).
// Prints one JSON line per call; never the secret.
const [path, flag, seconds] = process.argv.slice(2);
if (!path?.startsWith('/api/cron/') || (flag && (flag !== '--every' || !(Number(seconds) >= 60)))) {
  console.error('usage: node scripts/cron.mjs /api/cron/<job> [--every <seconds ≥ 60>]');
  process.exit(2);
}
const base = (process.env.SCHOOLWATCH_URL || `http://127.0.0.1:${process.env.PORT || 4321}`).replace(/\/$/, '');

async function call() {
  const started = Date.now();
  try {
    // GET, as Vercel's cron calls it: a POST without an Origin header is refused by Astro's origin check.
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${process.env.CRON_SECRET ?? ''}` },
      signal: AbortSignal.timeout(60_000),
    });
    console.log(JSON.stringify({ event: 'cron', path, status: response.status, ms: Date.now() - started }));
    if (response.status === 401) console.error('The site refused: set CRON_SECRET here to the value the running server has (it needs one too).');
    return response.ok;
  } catch (error) {
    console.log(JSON.stringify({ event: 'cron', path, status: 'unreachable', error: error?.name ?? 'error' }));
    return false;
  }
}

if (!flag) process.exit((await call()) ? 0 : 1);
// Run as a container's PID 1: Node then has no default SIGTERM handler.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
await call();
setInterval(call, Number(seconds) * 1000);
