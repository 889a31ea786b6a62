// The Lua scripts of complaints that wait for other parents (redisWaiting.ts):
// filing one into its group, and moving it out (release, withdraw), each one
// atomic step that writes only while the complaint still waits.
import { ADMIT_FILING, HIT, QUEUE_JOBS, SITE_COUNT } from './scripts';

/**
 * A complaint that waits for other parents: FILE without the bureau's list,
 * the deadline index or a job. KEYS: idempotency, rate, complaint, receipt,
 * waiting group, waiting by end, site count ('-' for none). ARGV: idempotency
 * answer, its TTL in s, rate max, rate window ms, complaint JSON, reference,
 * end score, filing score, site max, site window ms.
 */
export const FILE_WAITING = `${HIT}${SITE_COUNT}${ADMIT_FILING}redis.call('ZADD', KEYS[5], ARGV[8], ARGV[6])
redis.call('ZADD', KEYS[6], ARGV[7], ARGV[6])
if answer ~= '' then redis.call('SET', KEYS[1], answer, 'EX', ARGV[2]) end
return {'filed', siteCount(KEYS[7], ARGV[9], ARGV[10]), '1'}
`;

/**
 * A waiting complaint goes to its bureau, once: 0 when it no longer waits.
 * KEYS: waiting group, waiting by end, complaint, bureau's sorted set,
 * open-by-deadline, jobs due, then one key per job. ARGV: complaint JSON,
 * reference, deadline score ('' for none), filing score, then per job its
 * JSON, id and score (as SAVE_CHANGE takes them).
 */
export const RELEASE = `${QUEUE_JOBS}
if not redis.call('ZSCORE', KEYS[2], ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('SET', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[2])
if ARGV[3] ~= '' then redis.call('ZADD', KEYS[5], ARGV[3], ARGV[2]) end
queueJobs(KEYS[6], 7, 5)
return 1
`;

/**
 * A waiting complaint withdrawn and deleted, once: its receipt index is left
 * as a marker for `keep` seconds. KEYS: waiting group, waiting by end,
 * complaint, receipt. ARGV: reference, keep seconds.
 */
export const WITHDRAW = `
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3])
redis.call('SET', KEYS[4], '~withdrawn', 'EX', ARGV[2])
return 1
`;
