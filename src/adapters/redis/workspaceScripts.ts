// The Lua scripts of the Redis workspace store (as scripts.ts: plain Lua,
// string replies, one round trip each). A session is a hash (body, created,
// expires) so that no script needs to decode JSON. Expiry is decided by the
// caller's clock (ARGV now); the key TTLs only clean up after it.

/** Gets and deletes a link: of two takers only one gets it. KEYS: link. */
export const TAKE_LINK = `
local link = redis.call('GET', KEYS[1])
if link then redis.call('DEL', KEYS[1]) end
return link
`;

/** Keeps a key at least `ms` more. */
const AT_LEAST = `
local function atLeast(key, ms)
  if redis.call('PTTL', key) < tonumber(ms) then redis.call('PEXPIRE', key, ms) end
end
`;

/** KEYS: session, body's set. ARGV: hash, body, created, expires, ttl ms. */
export const OPEN_SESSION = `${AT_LEAST}
redis.call('HSET', KEYS[1], 'body', ARGV[2], 'created', ARGV[3], 'expires', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('SADD', KEYS[2], ARGV[1])
atLeast(KEYS[2], ARGV[5])
return 1
`;

/**
 * The session if alive at now, its expiry moved to now + idle; its body's
 * set kept as long (the set is only known inside: ARGV prefix .. body).
 * KEYS: session. ARGV: now, idle ms, set key prefix.
 */
export const TOUCH_SESSION = `${AT_LEAST}
local s = redis.call('HMGET', KEYS[1], 'body', 'created', 'expires')
if not s[1] or tonumber(s[3]) <= tonumber(ARGV[1]) then return false end
local expires = tostring(tonumber(ARGV[1]) + tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'expires', expires)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
atLeast(ARGV[3] .. s[1], ARGV[2])
return {s[1], s[2], expires}
`;

/** KEYS: session. ARGV: hash, set key prefix. */
export const END_SESSION = `
local body = redis.call('HGET', KEYS[1], 'body')
if body then redis.call('SREM', ARGV[2] .. body, ARGV[1]) end
redis.call('DEL', KEYS[1])
return 1
`;

/** Ends every session in a body's set; how many were alive. KEYS: set. ARGV: session key prefix, now. */
export const END_SESSIONS_OF = `
local alive = 0
for _, hash in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local expires = redis.call('HGET', ARGV[1] .. hash, 'expires')
  if expires and tonumber(expires) > tonumber(ARGV[2]) then alive = alive + 1 end
  redis.call('DEL', ARGV[1] .. hash)
end
redis.call('DEL', KEYS[1])
return alive
`;

/** KEYS: the body's export list, or an access log. ARGV: entry, keep ms, how many kept. */
export const RECORD_EXPORT = `${AT_LEAST}
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[3]) - 1)
atLeast(KEYS[1], ARGV[2])
return 1
`;
