/** Bumped with each change below; a database from a newer version is refused rather than misread. */
export const SCHEMA_VERSION = 1;

// Times are epoch milliseconds. A row whose `expires_at` has passed is dead:
// reads check it, and a sweep deletes such rows now and then. Values the port
// passes (records, jobs, answers) are kept as the exact text given, in STRICT
// tables, so '007' never comes back as 7. The store writes whole rows in the
// column order given here.
export const TABLES = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS complaints (
  reference TEXT PRIMARY KEY,
  receipt_hash TEXT NOT NULL UNIQUE,
  bureau TEXT NOT NULL,
  filed_at INTEGER NOT NULL,
  pending_deadline INTEGER,
  expires_at INTEGER,
  record TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS complaints_by_bureau ON complaints (bureau, filed_at);
CREATE INDEX IF NOT EXISTS complaints_by_deadline ON complaints (pending_deadline) WHERE pending_deadline IS NOT NULL;
CREATE INDEX IF NOT EXISTS complaints_by_expiry ON complaints (expires_at) WHERE expires_at IS NOT NULL;
-- Complaints waiting for other parents (domain/waiting.ts): their rows in complaints carry an empty bureau
-- and no deadline, so no list, index or count of a bureau reaches them; this table finds them by group and end.
CREATE TABLE IF NOT EXISTS waiting (reference TEXT PRIMARY KEY, grp TEXT NOT NULL, until_at INTEGER NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS waiting_by_group ON waiting (grp);
CREATE INDEX IF NOT EXISTS waiting_by_until ON waiting (until_at);
-- The receipt hashes of waiting complaints withdrawn and deleted: only so that their parents' lookups say so.
CREATE TABLE IF NOT EXISTS withdrawn (receipt_hash TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS idempotency (hash TEXT PRIMARY KEY, answer TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS rate_windows (bucket TEXT PRIMARY KEY, hits INTEGER NOT NULL, expires_at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS locks (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, job TEXT NOT NULL, due_at INTEGER, dead INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE INDEX IF NOT EXISTS jobs_by_due ON jobs (due_at, id) WHERE dead = 0;
CREATE TABLE IF NOT EXISTS leases (job_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS done_jobs (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) STRICT;
`;

/** Tables whose rows carry an expiry, for the sweep. */
export const EXPIRING = ['complaints', 'withdrawn', 'idempotency', 'rate_windows', 'locks', 'leases', 'done_jobs'] as const;
