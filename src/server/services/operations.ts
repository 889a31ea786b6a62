import { timingSafeEqual } from 'node:crypto';
import { queueOverdueDigest } from '../../domain/overdue';
import type { Directory } from '../../domain/directory';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { Dispatcher } from '../dispatcher';
import type { Log } from '../log';
import type { BlobStore } from '../../ports/blobStore';
import { whileStoreUp } from './outcome';

/** The blob the health check writes and deletes: a store that reads but cannot write (a full disk) is down. */
const PROBE_BLOB = 'health/probe';

/** True when the store takes a write: a rate window of its own (a key or a row, expiring in a minute). */
async function storeWrites(store: ComplaintStore): Promise<boolean> {
  try {
    await store.hit({ bucket: 'health-probe', max: Number.MAX_SAFE_INTEGER, windowSeconds: 60 });
    return true;
  } catch {
    return false;
  }
}

async function blobsWrite(blobs: BlobStore): Promise<boolean> {
  try {
    await blobs.put(PROBE_BLOB, new Uint8Array([1]));
    await blobs.delete([PROBE_BLOB]);
    return true;
  } catch {
    return false;
  }
}

/** How many due jobs the operator's health detail counts at most. */
const QUEUE_SCAN = 10_000;

/** An answer for a JSON endpoint (health, cron): `ok`, or why not, with the body to send either way. */
export interface JsonAnswer {
  kind: 'ok' | 'unauthorized' | 'unavailable';
  body: unknown;
}

/**
 * Health and the scheduled jobs. The health check only looks: it starts
 * nothing (the Node server's timer belongs to the composition root). The jobs
 * run only for `Authorization: Bearer $CRON_SECRET`, which Vercel's cron sends.
 */
export function operationsService(deps: {
  store: ComplaintStore;
  directory: Directory;
  clock: Clock;
  dispatcher: Dispatcher;
  mail: string;
  cronSecret: string | undefined;
  log: Log;
  sweep?: () => Promise<unknown>;
  blobs?: BlobStore;
  filings?: () => unknown;
}) {
  const authorized = (header: string | null) => {
    if (!deps.cronSecret) return false;
    const given = Buffer.from(header ?? '');
    const expected = Buffer.from(`Bearer ${deps.cronSecret}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  /** Runs a job for an authorized caller; a store outage is `unavailable` with a short reason and one log line. */
  const job = async (name: string, header: string | null, work: () => Promise<unknown>): Promise<JsonAnswer> => {
    if (!authorized(header)) return { kind: 'unauthorized', body: { errors: { authorization: 'Bearer CRON_SECRET required' } } };
    return whileStoreUp(
      async (): Promise<JsonAnswer> => ({ kind: 'ok', body: await work() }),
      (error): JsonAnswer => {
        deps.log('warn', `cron.${name}.unavailable`, { error: error.name });
        return { kind: 'unavailable', body: { errors: { store: 'store unavailable, try again later' } } };
      },
    );
  };
  return {
    /**
     * `ok` when the store answers and takes a write, and the evidence store
     * takes one too; else `unavailable` saying which. With the cron secret, the detail an
     * operator needs: where the store is (never a password), the mailer, the
     * queue (jobs due now, the oldest one's age) and the notifications given up on.
     */
    async health(authorization: string | null = null): Promise<JsonAnswer> {
      try {
        if (!(await deps.store.ping())) return { kind: 'unavailable', body: { store: 'down' } };
        if (!(await storeWrites(deps.store))) return { kind: 'unavailable', body: { store: 'cannot write' } };
        const evidence = deps.blobs ? ((await blobsWrite(deps.blobs)) ? 'up' : 'cannot write') : undefined;
        const dead = await deps.store.deadJobIds();
        const summary = { store: 'up', ...(evidence ? { evidence } : {}), mail: deps.mail, deadLetters: dead.length };
        const kind = evidence === 'cannot write' ? 'unavailable' : 'ok';
        if (!authorized(authorization)) return { kind, body: summary };
        const now = deps.clock.now().getTime();
        const due = await deps.store.dueJobs(now, QUEUE_SCAN);
        const oldest = due[0] ? await deps.store.job(due[0]) : null;
        return {
          kind,
          body: {
            ...summary,
            storeAt: deps.store.describe,
            ...(deps.blobs ? { evidenceAt: deps.blobs.describe } : {}),
            queue: {
              due: due.length,
              capped: due.length === QUEUE_SCAN,
              oldestDueSeconds: oldest ? Math.max(0, Math.round((now - Date.parse(oldest.createdAt)) / 1000)) : null,
            },
            deadLetterIds: dead.slice(0, 50),
            // Filings on the whole site this hour past INTAKE_ALARM_PER_HOUR (server/filingAlarm.ts).
            ...(deps.filings ? { filingAlarm: deps.filings() } : {}),
          },
        };
      } catch {
        // Whatever failed (not only a StoreUnavailableError): the health check never throws.
        return { kind: 'unavailable', body: { store: 'down' } };
      }
    },
    /** The safety net: sends every due notification (retries included). */
    dispatch: (authorization: string | null) => job('dispatch', authorization, () => deps.dispatcher.run()),
    /** Daily: queues the overdue digest for the supervision office, then sends it. */
    overdue: (authorization: string | null) =>
      job('overdue', authorization, async () => {
        const result = await queueOverdueDigest(deps);
        await deps.dispatcher.run();
        return result;
      }),
    /** Deletes evidence images left without a complaint (services/evidence.ts); the Node server also runs it on a timer. */
    sweepEvidence: (authorization: string | null) => job('evidence', authorization, async () => (deps.sweep ? deps.sweep() : { pending: 0, orphans: 0 })),
    /** Any other scheduled job behind the same secret and outage handling (the statistics snapshot). */
    runJob: job,
  };
}
