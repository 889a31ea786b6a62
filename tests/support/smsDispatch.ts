// The steps the SMS dispatch tests repeat: a dispatcher that sends through the
// real Alibaba Cloud adapter to the local stand-in, a parent's complaint filed
// as the form would file it, and a bureau's step saved with its jobs.
import { aliyunSms } from '../../src/adapters/sms/aliyunSms';
import { parseComplaintInput, type ComplaintInput } from '../../src/domain/complaintInput';
import type { ComplaintRecord, FilingAnswer, NotificationJob } from '../../src/domain/complaint';
import type { Directory } from '../../src/domain/directory';
import type { DispatchDeps } from '../../src/domain/dispatch';
import { fileComplaint } from '../../src/domain/fileComplaint';
import type { SmsSettings } from '../../src/domain/smsNotice';
import { applyAction, type ComplaintAction } from '../../src/domain/status';
import type { ComplaintStore } from '../../src/ports/complaintStore';
import type { Keys } from '../../src/ports/keys';
import { cryptoRandom } from '../../src/ports/random';

/** What the dispatch needs around one store; the clock is the test's own, so that it can move time. */
export interface SmsWorld {
  store: ComplaintStore;
  keys: Keys;
  directory: Directory;
  clock: { now(): Date };
}

/**
 * The dispatcher's dependencies with SMS through the Alibaba Cloud adapter at
 * the stand-in's port, dated 2026-12-07, and a mailer that accepts every
 * email (these tests watch only the short messages).
 */
export function dispatchThroughStandIn(
  world: SmsWorld,
  standIn: { port: number; account: { id: string; secret: string }; timeoutMs: number },
  settings: SmsSettings,
): DispatchDeps {
  const sender = aliyunSms({
    accessKeyId: standIn.account.id,
    accessKeySecret: standIn.account.secret,
    endpoint: `127.0.0.1:${standIn.port}`,
    protocol: 'HTTP',
    timeoutMs: standIn.timeoutMs,
    today: () => '20261207',
  });
  return {
    store: world.store,
    mailer: { describe: 'none', send: async () => ({ ok: true, id: 'mail' }) },
    keys: world.keys,
    directory: world.directory,
    clock: world.clock,
    siteUrl: 'https://schoolwatch.example',
    sms: { sender, settings },
  };
}

/** Files the form's answers on 2026-12-07 from `address`; throws unless they are valid and filed. */
export async function fileFromForm(
  world: SmsWorld,
  answers: Record<string, unknown>,
  address: string,
): Promise<{ input: ComplaintInput; answer: FilingAnswer }> {
  const input = parseComplaintInput(answers, world.directory, '2026-12-07');
  if (!input.ok) throw new Error(JSON.stringify(input.errors));
  const filed = await fileComplaint(
    input.value,
    { directory: world.directory, store: world.store, keys: world.keys, clock: world.clock, random: cryptoRandom },
    { address, limit: { max: 100, windowSeconds: 3600 } },
  );
  if (filed.kind !== 'filed') throw new Error(filed.kind);
  return { input: input.value, answer: filed.answer };
}

/** The supervising bureau takes `action` on the complaint at `now`; saved with its jobs and `extraJobs`, as the workspace saves it. */
export async function takeBureauStep(
  world: SmsWorld,
  record: ComplaintRecord,
  action: ComplaintAction,
  now: Date,
  extraJobs: NotificationJob[] = [],
): Promise<{ record: ComplaintRecord; jobs: NotificationJob[] }> {
  const outcome = applyAction(record, action, { kind: 'bureau', bureau: record.bureau }, now, world.directory);
  if (!outcome.ok) throw new Error(outcome.error);
  await world.store.saveChange({ before: record, after: outcome.record, jobs: [...outcome.jobs, ...extraJobs], retentionSeconds: 86_400 });
  return { record: outcome.record, jobs: outcome.jobs };
}
