// The Lua scripts of the Redis store: each runs atomically on the server, in
// one round trip (EVALSHA, or EVAL once after a restart of Redis forgot it).
// Plain Lua with no `#!lua` flags, so Debian's Redis 7.0 and Upstash both run
// them. Every key a script touches is passed in KEYS, except the complaint a
// receipt index points to (its name is only known inside the script); neither
// Upstash nor a single Redis cares, a Redis Cluster would.
//
// Replies are arrays of strings: the client leaves them as they are
// (automatic deserialization is off).

/** Counts a hit in a fixed window; sets `over` to the ms left when past the limit. */
export const HIT = `
local function hit(key, max, windowMs)
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, windowMs)
    ttl = tonumber(windowMs)
  end
  if count > tonumber(max) then return ttl end
  return nil
end
`;

/**
 * Counts the site-wide filings (KEYS[site], ARGV[max], ARGV[max + 1]) once a
 * filing is written; never refuses. '' when under the limit, else the ms
 * until the window ends. Key '-' counts nothing.
 */
export const SITE_COUNT = `
local function siteCount(key, max, windowMs)
  if key == '-' then return '' end
  local over = hit(key, max, windowMs)
  if over then return tostring(over) end
  return ''
end
`;

/**
 * The start of FILE and FILE_WAITING, whose KEYS 1–4 are idempotency, rate,
 * complaint and receipt, and ARGV 1–6 the idempotency answer, its TTL, rate
 * max, rate window ms, complaint JSON and reference: a known idempotency key
 * replays its answer; a taken reference is refused uncounted; the rate is
 * counted; then the complaint and its receipt index are written.
 */
export const ADMIT_FILING = `
local answer = ARGV[1]
if answer ~= '' then
  local earlier = redis.call('GET', KEYS[1])
  if earlier then return {'replayed', earlier} end
end
if redis.call('EXISTS', KEYS[3]) == 1 then return {'reference-taken'} end
local over = hit(KEYS[2], ARGV[3], ARGV[4])
if over then return {'limited', tostring(over)} end
redis.call('SET', KEYS[3], ARGV[5])
redis.call('SET', KEYS[4], ARGV[6])
`;

/**
 * KEYS: idempotency, rate, complaint, receipt, bureau's sorted set, open-by-deadline, job, jobs due,
 *       site count ('-' for none), the complaint's waiting group.
 * ARGV: idempotency answer ('' for none), its TTL in s, rate max, rate window ms,
 *       complaint JSON, reference, deadline score, job JSON, job id, job score, filing score,
 *       site max, site window ms.
 * Filed: {'filed', site over ('' or ms), how many wait in the group}.
 */
export const FILE = `${HIT}${SITE_COUNT}${ADMIT_FILING}redis.call('ZADD', KEYS[5], ARGV[11], ARGV[6])
redis.call('ZADD', KEYS[6], ARGV[7], ARGV[6])
redis.call('SET', KEYS[7], ARGV[8])
redis.call('ZADD', KEYS[8], ARGV[10], ARGV[9])
if answer ~= '' then redis.call('SET', KEYS[1], answer, 'EX', ARGV[2]) end
return {'filed', siteCount(KEYS[9], ARGV[12], ARGV[13]), tostring(redis.call('ZCARD', KEYS[10]))}
`;

/** KEYS: rate, receipt. ARGV: rate max, rate window ms, complaint key prefix. */
export const LOOKUP = `${HIT}
local over = hit(KEYS[1], ARGV[1], ARGV[2])
if over then return {'limited', tostring(over)} end
local reference = redis.call('GET', KEYS[2])
if not reference then return {'missing'} end
if reference == '~withdrawn' then return {'withdrawn'} end
local record = redis.call('GET', ARGV[3] .. reference)
if not record then return {'missing'} end
return {'found', record}
`;

/** KEYS: rate. ARGV: rate max, rate window ms. */
export const HIT_ONLY = `${HIT}
local over = hit(KEYS[1], ARGV[1], ARGV[2])
if over then return {'limited', tostring(over)} end
return {'allowed'}
`;

/** Compare-and-delete. KEYS: lock. ARGV: owner. */
export const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** KEYS: done marker, job, jobs due. ARGV: job JSON, due score, job id. */
export const ENQUEUE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX') then return 0 end
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
return 1
`;

/**
 * KEYS: jobs due, then a lease and a job for each job. ARGV: lease ms, now (ms), then the job ids.
 * The JSON of the jobs taken: due by now (a dead or sent job is in no due list), not leased by another, not gone.
 */
export const LEASE = `
local taken = {}
for n = 3, #ARGV do
  local lease = 2 + (n - 3) * 2
  local due = redis.call('ZSCORE', KEYS[1], ARGV[n])
  if due and tonumber(due) <= tonumber(ARGV[2]) and redis.call('SET', KEYS[lease], '1', 'NX', 'PX', ARGV[1]) then
    local job = redis.call('GET', KEYS[lease + 1])
    if job then table.insert(taken, job) end
  end
end
return taken
`;

/**
 * Sent jobs leave the queue. KEYS: jobs due, then job, lease and done marker
 * for each job. ARGV: the job ids. The lease outlives each job briefly, so a
 * dispatcher that read the due list before this cannot lease and resend it.
 */
export const COMPLETE = `
for i, id in ipairs(ARGV) do
  local at = 2 + (i - 1) * 3
  redis.call('ZREM', KEYS[1], id)
  redis.call('DEL', KEYS[at])
  redis.call('SET', KEYS[at + 1], 'done', 'PX', 120000)
  redis.call('SET', KEYS[at + 2], '1', 'EX', 172800)
end
return #ARGV
`;

/**
 * A bureau's complaints, newest filed first, dropping those whose record has
 * expired (a sorted set's members do not expire with the records they name).
 * KEYS: the bureau's sorted set. ARGV: complaint key prefix.
 */
export const BUREAU = `
local live = {}
for _, reference in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, -1)) do
  if redis.call('EXISTS', ARGV[1] .. reference) == 1 then table.insert(live, reference)
  else redis.call('ZREM', KEYS[1], reference) end
end
return live
`;

/**
 * Queues the jobs an operation carries: KEYS from `firstKey` on are one key
 * per job; from `firstArg` on, ARGV holds each job's JSON, id and due score.
 */
export const QUEUE_JOBS = `
local function queueJobs(due, firstKey, firstArg)
  for i = firstKey, #KEYS do
    local at = firstArg + (i - firstKey) * 3
    redis.call('SET', KEYS[i], ARGV[at])
    redis.call('ZADD', due, ARGV[at + 2], ARGV[at + 1])
  end
end
`;

/**
 * A complaint after an action, with its index moves and jobs.
 * KEYS: complaint, receipt, old bureau's sorted set, new bureau's, open-by-deadline, jobs due, then one key per job.
 * ARGV: record JSON, reference, retention TTL in s ('' while open), filing score,
 *       deadline score ('' when nothing is pending), then JSON, id, score per job.
 */
export const SAVE_CHANGE = `${QUEUE_JOBS}
if ARGV[3] ~= '' then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SET', KEYS[2], ARGV[2])
end
if KEYS[3] ~= KEYS[4] then
  redis.call('ZREM', KEYS[3], ARGV[2])
  redis.call('ZADD', KEYS[4], ARGV[4], ARGV[2])
end
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[5], ARGV[5], ARGV[2]) else redis.call('ZREM', KEYS[5], ARGV[2]) end
queueJobs(KEYS[6], 7, 6)
return 1
`;

/**
 * A job failed for now (ARGV[2] 'retry', due again at ARGV[4]) or for good
 * ('dead'); a sent job is COMPLETE's. KEYS: job, jobs due, lease, dead set.
 * ARGV: id, outcome, job JSON, due score.
 */
export const SETTLE_JOB = `
redis.call('SET', KEYS[1], ARGV[3])
if ARGV[2] == 'retry' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('SADD', KEYS[4], ARGV[1])
end
redis.call('DEL', KEYS[3])
return 1
`;

/**
 * A bureau's complaints themselves, newest filed first, dropping (and
 * unindexing) those whose record has expired, as BUREAU does.
 * KEYS: the bureau's sorted set. ARGV: complaint key prefix.
 */
export const BUREAU_RECORDS = `
local records = {}
for _, reference in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, -1)) do
  local record = redis.call('GET', ARGV[1] .. reference)
  if record then table.insert(records, record)
  else redis.call('ZREM', KEYS[1], reference) end
end
return records
`;
