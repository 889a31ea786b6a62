/**
 * Runs the statistics snapshot through the cron endpoint and returns its
 * answer. The server's own run at start may still hold the job's lock on a
 * busy machine ({ skipped: 'busy' }): this waits for it rather than reading
 * a snapshot that was never taken.
 */
export async function refreshStats(baseUrl: string, cronSecret: string): Promise<{ complaints?: number; skipped?: string }> {
  let body: { complaints?: number; skipped?: string } = { skipped: 'busy' };
  for (let tries = 0; body.skipped === 'busy' && tries < 100; tries++) {
    if (tries > 0) await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${baseUrl}/api/cron/stats`, { headers: { Authorization: `Bearer ${cronSecret}` } });
    if (res.status !== 200) throw new Error(`the statistics job answered ${res.status}`);
    body = (await res.json()) as typeof body;
  }
  return body;
}
