import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { postJson, validComplaint } from '../support/intakeForms';

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop('SIGKILL');
});

describe('the embedded SQLite store when the server is killed while writing', () => {
  it('keeps every complaint it acknowledged, in a database that checks out whole', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'schoolwatch-kill-'));
    const env = { SCHOOLWATCH_DATA_DIR: dataDir, INTAKE_RATE_LIMIT: '100000', LOOKUP_RATE_LIMIT: '100000' };
    const first = await startServer(env);
    servers.push(first);

    // Four clients file complaints as fast as they can until the process dies.
    const acknowledged: Array<{ reference: string; receiptCode: string }> = [];
    let killed = false;
    const client = async () => {
      while (!killed) {
        try {
          const res = await postJson(`${first.url}/api/complaints`, validComplaint());
          if (res.status === 201) acknowledged.push((await res.json()) as { reference: string; receiptCode: string });
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 20));
    killed = true;
    await first.stop('SIGKILL');
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    // Read as an operator would after a crash, before anything opens it again.
    const db = new DatabaseSync(join(dataDir, 'schoolwatch.db'));
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();

    const second = await startServer(env);
    servers.push(second);
    const missing: string[] = [];
    for (const { reference, receiptCode } of acknowledged) {
      const res = await postJson(`${second.url}/api/complaints/status`, { receiptCode });
      const body = (await res.json()) as { reference?: string };
      if (res.status !== 200 || body.reference !== reference) missing.push(reference);
    }
    expect(missing).toEqual([]);
    // And it goes on taking complaints.
    expect((await postJson(`${second.url}/api/complaints`, validComplaint())).status).toBe(201);
  });
});
