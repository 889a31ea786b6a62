// The notice store's tables, in the same database as the other stores (one
// file to back up). A notice is one row holding its whole record as JSON
// text, with the columns its lists sort and filter on; the audit trail is
// append-only. Times are epoch milliseconds.
export const NOTICE_TABLES = `
CREATE TABLE IF NOT EXISTS notices (
  id TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  owner TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  waiting_bureau TEXT,
  waiting_since INTEGER,
  published_at INTEGER,
  school TEXT,
  bureau TEXT,
  record TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS notices_by_owner ON notices (owner, created_at);
CREATE INDEX IF NOT EXISTS notices_waiting ON notices (waiting_bureau, waiting_since) WHERE waiting_bureau IS NOT NULL;
CREATE INDEX IF NOT EXISTS notices_published ON notices (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS notices_published_by_school ON notices (school, published_at) WHERE published_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS notices_published_by_bureau ON notices (bureau, published_at) WHERE published_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS notice_publications (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL) STRICT;
INSERT OR IGNORE INTO notice_publications VALUES (1, 0);
-- The count of notice_publications at each published notice's latest save: what changedSince reads.
CREATE TABLE IF NOT EXISTS notice_changes (notice TEXT PRIMARY KEY, seq INTEGER NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS notice_changes_by_seq ON notice_changes (seq);
CREATE TABLE IF NOT EXISTS notice_audit (seq INTEGER PRIMARY KEY, notice TEXT NOT NULL, entry TEXT NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS notice_audit_by_notice ON notice_audit (notice, seq);
`;
