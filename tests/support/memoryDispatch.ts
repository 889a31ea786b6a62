// The dispatcher as the integration tests of the email flows run it: on the
// test's store, keys and clock, with a mailer that accepts every email and
// keeps it in memory for the test to read.
import type { Directory } from '../../src/domain/directory';
import type { DispatchDeps } from '../../src/domain/dispatch';
import type { ComplaintStore } from '../../src/ports/complaintStore';
import type { Keys } from '../../src/ports/keys';
import type { OutgoingMail } from '../../src/ports/mailer';

/** Dispatch dependencies whose emails land in `sent`, in the order sent; links point at https://schoolwatch.example. */
export function dispatchToMemory(world: { store: ComplaintStore; keys: Keys; directory: Directory; clock: { now(): Date } }): {
  deps: DispatchDeps;
  sent: OutgoingMail[];
} {
  const sent: OutgoingMail[] = [];
  return {
    sent,
    deps: {
      store: world.store,
      mailer: { describe: 'memory', send: async (mail) => (sent.push(mail), { ok: true, id: mail.idempotencyKey }) },
      keys: world.keys,
      directory: world.directory,
      clock: world.clock,
      siteUrl: 'https://schoolwatch.example',
    },
  };
}
