// The Lua scripts of the Redis notice store (as workspaceScripts.ts: plain
// Lua, string replies, one round trip each, no JSON decoding in Lua). A
// notice is a hash: rev, record (JSON), and the full keys of the waiting
// list and bureau list it is in, so that a save can take it out of them
// without the caller knowing the record it replaces.

/**
 * Compare-and-set of a notice with its indexes and audit line. ARGV[1] is
 * the revision the step was computed from ('0': the notice must not exist
 * yet); anything else stored means another step won: 0, nothing written.
 * KEYS: notice, audit list, owner's set, waiting set, published (all),
 * published of the school, published of the bureau, the count of saves of
 * published notices (incremented when the record has a published version),
 * the set of published notices scored by that count at their latest save.
 * ARGV: expected rev, new rev, record, audit entry, created ms, waiting ms or
 * '', published ms or '', id, '1' when it has a school, '1' when it has a bureau.
 */
export const SAVE_NOTICE = `
local rev = redis.call('HGET', KEYS[1], 'rev')
if ARGV[1] == '0' then
  if rev then return 0 end
elseif rev ~= ARGV[1] then
  return 0
end
local id = ARGV[8]
local oldWaiting = redis.call('HGET', KEYS[1], 'waiting')
if oldWaiting and oldWaiting ~= '' then redis.call('ZREM', oldWaiting, id) end
local oldBureau = redis.call('HGET', KEYS[1], 'pubbureau')
if oldBureau and oldBureau ~= '' and oldBureau ~= KEYS[7] then redis.call('ZREM', oldBureau, id) end
local waiting = ''
if ARGV[6] ~= '' then
  redis.call('ZADD', KEYS[4], ARGV[6], id)
  waiting = KEYS[4]
end
local pubbureau = ''
if ARGV[7] ~= '' then
  redis.call('ZADD', KEYS[5], ARGV[7], id)
  if ARGV[9] == '1' then redis.call('ZADD', KEYS[6], ARGV[7], id) end
  if ARGV[10] == '1' then
    redis.call('ZADD', KEYS[7], ARGV[7], id)
    pubbureau = KEYS[7]
  end
  redis.call('ZADD', KEYS[9], redis.call('INCR', KEYS[8]), id)
end
redis.call('ZADD', KEYS[3], ARGV[5], id)
redis.call('HSET', KEYS[1], 'rev', ARGV[2], 'record', ARGV[3], 'waiting', waiting, 'pubbureau', pubbureau)
redis.call('RPUSH', KEYS[2], ARGV[4])
return 1
`;

/**
 * A page of a sorted set's notices: {total, record...}. Equal scores sort by
 * id (descending when newest first), as the SQLite store orders them.
 * KEYS: the set. ARGV: offset, limit (-1: all), '1' for newest first, notice key prefix.
 */
export const LIST_NOTICES = `
local total = redis.call('ZCARD', KEYS[1])
local out = {tostring(total)}
if ARGV[2] == '0' then return out end
local stop = -1
if ARGV[2] ~= '-1' then stop = tonumber(ARGV[1]) + tonumber(ARGV[2]) - 1 end
local ids
if ARGV[3] == '1' then ids = redis.call('ZREVRANGE', KEYS[1], ARGV[1], stop) else ids = redis.call('ZRANGE', KEYS[1], ARGV[1], stop) end
for _, id in ipairs(ids) do
  local record = redis.call('HGET', ARGV[4] .. id, 'record')
  if record then table.insert(out, record) end
end
return out
`;

/**
 * The published notices saved after a count (changedSince): {until, more ('1' or '0'), record...}.
 * KEYS: the count of saves, the set of changes. ARGV: since, limit, notice key prefix.
 * The count is read first, so a save after it is left for the next question.
 */
export const CHANGED_NOTICES = `
local upTo = tonumber(redis.call('GET', KEYS[1]) or '0')
local limit = tonumber(ARGV[2])
local found = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], tostring(upTo), 'WITHSCORES', 'LIMIT', 0, limit + 1)
local n = #found / 2
local more = n > limit
if more then n = limit end
local reached = math.max(tonumber(ARGV[1]), upTo)
if more then reached = tonumber(found[n * 2]) end
local out = {tostring(reached), more and '1' or '0'}
for i = 1, n do
  local record = redis.call('HGET', ARGV[3] .. found[i * 2 - 1], 'record')
  if record then table.insert(out, record) end
end
return out
`;
