// Complaints put in place before a site test's steps, through a composition
// root beside the test server (the same data folder, so the same store and
// site secret): filed as a parent files them, found and answered as a bureau
// does, without going through the pages the test is about.
import { openEngine } from '../../src/adapters/engine';
import { checkConfig } from '../../src/config/env';
import type { Root } from '../../src/server/root';
import type { Clock } from '../../src/ports/clock';
import type { RunningServer } from './server';
import { answerLinkFor, outboxOf, rootBeside } from './workspace';

export interface Filed {
  reference: string;
  receiptCode: string;
}

/** Files a parent's answers through `root`'s intake, from `client`; throws unless the complaint was filed. */
export async function fileThrough(root: Root, answers: Record<string, unknown>, client: { address: string }): Promise<Filed> {
  const result = await root.services.submitComplaint(answers, client);
  if (result.kind !== 'filed') throw new Error(`filing answered ${result.kind}`);
  return { reference: result.answer.reference, receiptCode: result.answer.receiptCode };
}

/** Files one complaint through a root beside `server` (on `clock`, when given, to file it in the past), closed afterwards. */
export async function fileBeside(server: RunningServer, answers: Record<string, unknown>, client: { address: string }, clock?: Clock): Promise<Filed> {
  const root = await rootBeside(server, clock ? { clock } : {});
  try {
    return await fileThrough(root, answers, client);
  } finally {
    await root.close();
  }
}

/** Sets the bureau's finding on a complaint straight in the server's store, as the finding form of another branch (loop-finding) will set it. */
export async function recordFinding(server: RunningServer, reference: string, finding: 'substantiated' | 'partly'): Promise<void> {
  const check = checkConfig({ SCHOOLWATCH_DATA_DIR: server.dataDir, OUTBOX_DIR: outboxOf(server), SITE_URL: server.url });
  if (!check.ok) throw new Error(check.problems.join('\n'));
  const engine = await openEngine(check.config.store, check.config.keyPrefix);
  try {
    const record = (await engine.complaints.byReference(reference))!;
    await engine.complaints.saveChange({ before: record, after: { ...record, finding }, jobs: [], retentionSeconds: 365 * 86_400 });
  } finally {
    await engine.close();
  }
}

/**
 * The bureau accepts a complaint and answers it with `answer` and a finding,
 * through the signed link emailed to it (read from the server's outbox), as
 * the answer page's two forms post them.
 */
export async function answerWithFinding(
  root: Root,
  server: RunningServer,
  reference: string,
  resolve: { answer: string; finding: string },
  client: { address: string },
): Promise<void> {
  const query = new URL(await answerLinkFor(outboxOf(server), reference)).searchParams;
  const steps: Array<Record<string, string>> = [{ action: 'accept' }, { action: 'resolve', ...resolve }];
  for (const fields of steps) {
    const answered = await root.services.answerPage({ query, body: { ok: true, fields: { ...fields, t: query.get('t')! } }, client });
    if (answered.kind !== 'ok') throw new Error(`${fields.action} answered ${answered.kind}`);
  }
}
