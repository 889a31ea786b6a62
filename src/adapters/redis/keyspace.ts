/**
 * Every Redis key the application uses, in one place. The prefix lets tests
 * and several deployments share one Redis without seeing each other's data.
 * Keys hold ids and keyed hashes only, never personal data.
 */
export function keyspace(prefix: string) {
  return {
    complaint: (reference: string) => `${prefix}:complaint:${reference}`,
    receipt: (receiptHash: string) => `${prefix}:receipt:${receiptHash}`,
    bureauComplaints: (bureau: string) => `${prefix}:bureau:${bureau}:complaints`,
    openByDeadline: () => `${prefix}:open-by-deadline`,
    job: (id: string) => `${prefix}:job:${id}`,
    jobsDue: () => `${prefix}:jobs:due`,
    jobLease: (id: string) => `${prefix}:job-lease:${id}`,
    jobsDead: () => `${prefix}:jobs:dead`,
    /** Marks a job id as sent for two days, so the same id (the daily digest) is not queued again. */
    jobDone: (id: string) => `${prefix}:job-done:${id}`,
    idempotency: (hash: string) => `${prefix}:idempotency:${hash}`,
    rate: (bucket: string) => `${prefix}:rate:${bucket}`,
    lock: (name: string) => `${prefix}:lock:${name}`,
    /** Complaints waiting for other parents (domain/waiting.ts): by group (school|aspect), and all of them by the end of their wait. */
    waitingGroup: (group: string) => `${prefix}:waiting:${group}`,
    waitingUntil: () => `${prefix}:waiting-until`,
    /** The workspace's sign-in links and sessions, by the keyed hash of their token; a body's sessions; its export log. */
    signInLink: (hash: string) => `${prefix}:ws-link:${hash}`,
    session: (hash: string) => `${prefix}:ws-session:${hash}`,
    sessionsOf: (body: string) => `${prefix}:ws-sessions:${body}`,
    exportsOf: (body: string) => `${prefix}:ws-exports:${body}`,
    /** An access log (domain/audit.ts `accessLog`): a complaint's reads, a body's sign-ins. */
    accessLog: (log: string) => `${prefix}:ws-access:${log}`,
  };
}

export type Keyspace = ReturnType<typeof keyspace>;
