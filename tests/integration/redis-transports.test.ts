// The Redis contract the application relies on, run against the two
// transports of src/adapters/redis/connect.ts: Redis over TCP and Upstash's
// REST API (a local stand-in in front of the same real Redis). Every
// expectation is what a caller of the Upstash client sees, so the two must
// agree exactly.
import { errors, type Redis } from '@upstash/redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectRedis, type RedisConnection } from '../../src/adapters/redis/connect';
import { RedisUnavailableError } from '../../src/adapters/redis/tcpRequester';
import { backends, freePort, redisUrl, startTcpProxy, startUpstashRestServer } from '../support/redis';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Chinese text with emoji, including a ZWJ family and characters outside the BMP. */
const TEXT = '亳州市第一中学：周末违规补课，每人收费¥300 🏫📚👩‍👧‍👦😀 〜～';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as Error,
  );

describe.each(backends())('$name transport', ({ name, open }) => {
  let connection: RedisConnection & { cleanup(): Promise<void> };
  let redis: Redis;

  beforeAll(async () => {
    connection = await open();
    redis = connection.redis;
  });
  afterAll(async () => {
    await connection?.cleanup();
  });
  beforeEach(async () => {
    expect(await redis.flushdb()).toBe('OK');
  });

  it('answers PING and describes where it is without secrets', async () => {
    expect(await redis.ping()).toBe('PONG');
    expect(await redis.ping(['你好'])).toBe('你好');
    const expected = {
      tcp: /^Redis over (TCP|TLS) at \S+:\d+ \(database \d+\)$/,
      'upstash-rest': /^Upstash Redis over REST at 127\.0\.0\.1:\d+$/,
    }[name];
    expect(connection.describe).toMatch(expected);
  });

  it('returns values that look like numbers or JSON as the strings they are', async () => {
    for (const value of ['123', '007', '1e3', '-0', '0x1A', '3.10', 'true', 'null', '{"a":1}', '[1,2]', 'OK', '']) {
      expect(await redis.set('value', value)).toBe('OK');
      expect(await redis.get('value')).toBe(value);
    }
    await redis.hset('hash', { a: '123', b: '007', c: '1e3' });
    expect(await redis.hget('hash', 'b')).toBe('007');
    // With automatic deserialization off, HGETALL is Redis's flat field/value list.
    expect(await redis.hgetall('hash')).toEqual(['a', '123', 'b', '007', 'c', '1e3']);
    await redis.sadd('set', '123', '007', '1e3');
    expect((await redis.smembers('set')).sort()).toEqual(['007', '123', '1e3']);
    await redis.rpush('list', '123', '007', '1e3');
    expect(await redis.lrange('list', 0, -1)).toEqual(['123', '007', '1e3']);
  });

  it('SET honours NX, XX, GET, EX and PX', async () => {
    expect(await redis.set('k', 'a', { nx: true })).toBe('OK');
    expect(await redis.set('k', 'b', { nx: true })).toBeNull();
    expect(await redis.get('k')).toBe('a');
    expect(await redis.set('missing', 'x', { xx: true })).toBeNull();
    expect(await redis.exists('missing')).toBe(0);
    expect(await redis.set('k', 'c', { xx: true })).toBe('OK');
    expect(await redis.set('k', 'd', { get: true })).toBe('c');
    expect(await redis.set('fresh', 'e', { get: true })).toBeNull();
    expect(await redis.get('fresh')).toBe('e');
    // NX with GET answers the old value and leaves it in place.
    expect(await redis.set('k', 'z', { nx: true, get: true } as { nx: true })).toBe('d');
    expect(await redis.get('k')).toBe('d');

    expect(await redis.set('ex', 'v', { ex: 100 })).toBe('OK');
    expect(await redis.ttl('ex')).toBeGreaterThanOrEqual(99);
    expect(await redis.ttl('ex')).toBeLessThanOrEqual(100);
    expect(await redis.set('ex', 'w')).toBe('OK');
    expect(await redis.ttl('ex')).toBe(-1); // a plain SET clears the expiry
    expect(await redis.set('px', 'v', { px: 60_000 })).toBe('OK');
    const pttl = await redis.pttl('px');
    expect(pttl).toBeGreaterThan(59_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
    expect((await failure(redis.set('bad', 'v', { ex: 0 }))).message).toBe("ERR invalid expire time in 'set' command");
    expect(await redis.exists('bad')).toBe(0);
  });

  it('DEL and EXISTS count keys', async () => {
    await redis.set('a', '1');
    await redis.set('b', '2');
    expect(await redis.exists('a', 'b', 'c')).toBe(2);
    expect(await redis.exists('a', 'a')).toBe(2);
    expect(await redis.del('a', 'c')).toBe(1);
    expect(await redis.exists('a')).toBe(0);
    expect(await redis.del('nothing')).toBe(0);
  });

  it('INCR and INCRBY count in 64-bit integers and refuse anything else', async () => {
    expect(await redis.incr('n')).toBe(1);
    expect(await redis.incrby('n', 41)).toBe(42);
    expect(await redis.incrby('n', -50)).toBe(-8);
    expect(await redis.get('n')).toBe('-8');
    for (const value of ['007', '1e3', ' 1', '1.0', 'abc']) {
      await redis.set('text', value);
      const error = await failure(redis.incr('text'));
      expect(error).toBeInstanceOf(errors.UpstashError);
      expect(error.message).toBe('ERR value is not an integer or out of range');
      expect(await redis.get('text')).toBe(value);
    }
    await redis.set('big', '9223372036854775807');
    expect((await failure(redis.incr('big'))).message).toBe('ERR increment or decrement would overflow');
    await redis.set('timed', '1', { ex: 100 });
    expect(await redis.incr('timed')).toBe(2);
    expect(await redis.ttl('timed')).toBeGreaterThanOrEqual(99); // INCR keeps the expiry
  });

  it('EXPIRE, PEXPIRE, TTL and PTTL', async () => {
    expect(await redis.ttl('none')).toBe(-2);
    expect(await redis.pttl('none')).toBe(-2);
    expect(await redis.expire('none', 10)).toBe(0);
    await redis.set('k', 'v');
    expect(await redis.ttl('k')).toBe(-1);
    expect(await redis.pttl('k')).toBe(-1);
    expect(await redis.expire('k', 100)).toBe(1);
    expect(await redis.ttl('k')).toBeGreaterThanOrEqual(99);
    expect(await redis.pexpire('k', 50_000)).toBe(1);
    const pttl = await redis.pttl('k');
    expect(pttl).toBeGreaterThan(49_000);
    expect(pttl).toBeLessThanOrEqual(50_000);
    expect(await redis.expire('k', 200, 'NX')).toBe(0);
    expect(await redis.expire('k', 200, 'GT')).toBe(1);
    expect(await redis.ttl('k')).toBeGreaterThanOrEqual(199);
    expect(await redis.expire('k', -1)).toBe(1); // a time in the past deletes the key
    expect(await redis.exists('k')).toBe(0);
  });

  it('forgets keys once a PX of a few hundred ms has passed', async () => {
    expect(await redis.set('short', 'v', { px: 300 })).toBe('OK');
    await redis.hset('hash', { f: 'v' });
    expect(await redis.pexpire('hash', 300)).toBe(1);
    await redis.set('long', 'v', { px: 60_000 });
    expect(await redis.get('short')).toBe('v');
    await sleep(450);
    expect(await redis.get('short')).toBeNull();
    expect(await redis.exists('short', 'hash')).toBe(0);
    expect(await redis.hgetall('hash')).toEqual([]);
    expect(await redis.pttl('short')).toBe(-2);
    expect(await redis.keys('*')).toEqual(['long']);
  });

  it('hashes: HSET, HGET, HGETALL, HDEL, HINCRBY', async () => {
    expect(await redis.hset('h', { name: '张三', n: '1' })).toBe(2);
    expect(await redis.hset('h', { n: '2', extra: 'x' })).toBe(1);
    expect(await redis.hget('h', 'n')).toBe('2');
    expect(await redis.hget('h', 'missing')).toBeNull();
    expect(await redis.hget('none', 'f')).toBeNull();
    expect(await redis.hgetall('h')).toEqual(['name', '张三', 'n', '2', 'extra', 'x']);
    expect(await redis.hincrby('h', 'n', 5)).toBe(7);
    expect(await redis.hincrby('h', 'new', -3)).toBe(-3);
    expect((await failure(redis.hincrby('h', 'name', 1))).message).toBe('ERR hash value is not an integer');
    expect(await redis.hdel('h', 'name', 'missing')).toBe(1);
    expect(await redis.hdel('h', 'n', 'extra', 'new')).toBe(3);
    expect(await redis.exists('h')).toBe(0); // an emptied hash is gone
    expect(await redis.hgetall('h')).toEqual([]);
  });

  it('sets: SADD, SREM, SMEMBERS, SISMEMBER, SCARD', async () => {
    expect(await redis.sadd('s', 'a', 'b', 'a')).toBe(2);
    expect(await redis.sadd('s', 'b', 'c')).toBe(1);
    expect(await redis.scard('s')).toBe(3);
    expect(await redis.sismember('s', 'a')).toBe(1);
    expect(await redis.sismember('s', 'z')).toBe(0);
    expect((await redis.smembers('s')).sort()).toEqual(['a', 'b', 'c']);
    expect(await redis.srem('s', 'a', 'z')).toBe(1);
    expect(await redis.srem('s', 'b', 'c')).toBe(2);
    expect(await redis.exists('s')).toBe(0);
    expect(await redis.smembers('s')).toEqual([]);
    expect(await redis.scard('s')).toBe(0);
  });

  it('sorted sets: ZADD (NX, XX), ZREM, ZSCORE, ZCARD', async () => {
    const added = await redis.zadd('z', { score: 3, member: 'c' }, { score: 1, member: 'a' }, { score: 2, member: 'b' });
    expect(added).toBe(3);
    expect(await redis.zadd('z', { nx: true }, { score: 10, member: 'a' }, { score: 4, member: 'd' })).toBe(1);
    expect(await redis.zscore('z', 'a')).toBe('1');
    expect(await redis.zadd('z', { xx: true }, { score: 1.5, member: 'a' }, { score: 9, member: 'new' })).toBe(0);
    expect(await redis.zscore('z', 'a')).toBe('1.5');
    expect(await redis.zscore('z', 'new')).toBeNull();
    expect(await redis.zscore('none', 'a')).toBeNull();
    expect(await redis.zcard('z')).toBe(4);
    await redis.zadd('scores', { score: -2.5, member: 'neg' }, { score: 1e15, member: 'big' }, { score: 0.25, member: 'q' });
    expect(await redis.zscore('scores', 'neg')).toBe('-2.5');
    expect(await redis.zscore('scores', 'big')).toBe('1000000000000000');
    expect(await redis.zscore('scores', 'q')).toBe('0.25');
    expect(await redis.zrem('z', 'a', 'zz')).toBe(1);
    expect(await redis.zrem('z', 'b', 'c', 'd')).toBe(3);
    expect(await redis.exists('z')).toBe(0);
    expect(await redis.zcard('z')).toBe(0);
    expect((await failure(redis.exec(['ZADD', 'z', 'nan', 'x']))).message).toBe('ERR value is not a valid float');
  });

  it('sorted sets: ZRANGE by rank and BYSCORE with LIMIT and WITHSCORES, ZRANGEBYSCORE', async () => {
    const [first, ...others] = [1.5, 2, 3, 4].map((score, i) => ({ score, member: 'abcd'[i] as string }));
    await redis.zadd('z', first as { score: number; member: string }, ...others);
    expect(await redis.zrange('z', 0, -1)).toEqual(['a', 'b', 'c', 'd']);
    expect(await redis.zrange('z', 0, -1, { withScores: true })).toEqual(['a', '1.5', 'b', '2', 'c', '3', 'd', '4']);
    expect(await redis.zrange('z', 1, 2)).toEqual(['b', 'c']);
    expect(await redis.zrange('z', -2, -1)).toEqual(['c', 'd']);
    expect(await redis.zrange('z', 5, 10)).toEqual([]);
    expect(await redis.zrange('z', 0, 0, { rev: true })).toEqual(['d']);
    expect(await redis.zrange('z', 2, '+inf', { byScore: true })).toEqual(['b', 'c', 'd']);
    expect(await redis.zrange('z', '(2', 4, { byScore: true, offset: 1, count: 1, withScores: true })).toEqual(['d', '4']);
    expect(await redis.zrange('z', '-inf', '+inf', { byScore: true, offset: 0, count: 2 })).toEqual(['a', 'b']);
    expect(await redis.zrange('z', '+inf', '-inf', { byScore: true, rev: true, offset: 0, count: 2 })).toEqual(['d', 'c']);
    expect(await redis.zrange('z', 0, 100, { byScore: true, offset: 3, count: 10 })).toEqual(['d']);
    expect(await redis.zrange('none', 0, -1)).toEqual([]);
    // The client has no zrangebyscore method; the raw command works the same everywhere.
    expect(await redis.exec(['ZRANGEBYSCORE', 'z', '2', '(4'])).toEqual(['b', 'c']);
    expect(await redis.exec(['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES', 'LIMIT', '1', '2'])).toEqual(['b', '2', 'c', '3']);
    expect((await failure(redis.exec(['ZRANGE', 'z', 'x', '2', 'BYSCORE']))).message).toBe('ERR min or max is not a float');
    // Equal scores are ordered by the members' UTF-8 bytes: "～" (EF BD 9E) before "😀" (F0 9F 98 80).
    const [tie, ...ties] = ['😀', '～', '中', 'b', 'a'].map((member) => ({ score: 1, member }));
    await redis.zadd('ties', tie as { score: number; member: string }, ...ties);
    expect(await redis.zrange('ties', 0, -1)).toEqual(['a', 'b', '中', '～', '😀']);
  });

  it('lists: LPUSH, RPUSH, LRANGE, LLEN, LREM', async () => {
    expect(await redis.rpush('l', 'b', 'c')).toBe(2);
    expect(await redis.lpush('l', 'a', 'z')).toBe(4);
    expect(await redis.lrange('l', 0, -1)).toEqual(['z', 'a', 'b', 'c']);
    expect(await redis.llen('l')).toBe(4);
    expect(await redis.lrange('l', 1, 2)).toEqual(['a', 'b']);
    expect(await redis.lrange('l', -2, 100)).toEqual(['b', 'c']);
    expect(await redis.lrange('l', 5, 10)).toEqual([]);
    await redis.rpush('r', 'x', 'y', 'x', 'x', 'y', 'x');
    expect(await redis.lrem('r', 2, 'x')).toBe(2);
    expect(await redis.lrange('r', 0, -1)).toEqual(['y', 'x', 'y', 'x']);
    expect(await redis.lrem('r', -1, 'y')).toBe(1);
    expect(await redis.lrange('r', 0, -1)).toEqual(['y', 'x', 'x']);
    expect(await redis.lrem('r', 0, 'x')).toBe(2);
    expect(await redis.lrem('r', 0, 'y')).toBe(1);
    expect(await redis.exists('r')).toBe(0);
    expect(await redis.llen('r')).toBe(0);
  });

  it('SCAN with MATCH and COUNT visits every key; KEYS, DBSIZE, FLUSHDB', async () => {
    const keys = Array.from({ length: 120 }, (_, i) => `complaint:${i}`);
    await Promise.all(keys.map((key) => redis.set(key, 'x')));
    await Promise.all([redis.set('other:1', 'x'), redis.hset('other:2', { f: 'v' }), redis.sadd('other:3', 'm')]);

    const seen = new Set<string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, batch] = await redis.scan(cursor, { match: 'complaint:*', count: 25 });
      expect(typeof next).toBe('string');
      for (const key of batch) seen.add(key);
      cursor = next;
      calls++;
    } while (cursor !== '0' && calls < 1000);
    expect([...seen].sort()).toEqual([...keys].sort());
    expect(calls).toBeGreaterThan(1);

    expect((await redis.keys('complaint:1?')).sort()).toEqual(keys.slice(10, 20).sort());
    expect((await redis.keys('other:[12]')).sort()).toEqual(['other:1', 'other:2']);
    expect(await redis.dbsize()).toBe(123);
    expect(await redis.flushdb()).toBe('OK');
    expect(await redis.dbsize()).toBe(0);
    expect(await redis.scan(0)).toEqual(['0', []]);
  });

  it('refuses commands on a value of another type, and changes nothing', async () => {
    await redis.set('str', 'v');
    await redis.sadd('set', 'm');
    const wrongType = 'WRONGTYPE Operation against a key holding the wrong kind of value';
    for (const call of [
      () => redis.hset('str', { f: 'v' }),
      () => redis.hget('str', 'f'),
      () => redis.sadd('str', 'm'),
      () => redis.zadd('str', { score: 1, member: 'm' }),
      () => redis.zrange('str', 0, -1),
      () => redis.lpush('str', 'x'),
      () => redis.lrange('str', 0, -1),
      () => redis.get('set'),
      () => redis.incr('set'),
    ]) {
      expect((await failure(call())).message).toBe(wrongType);
    }
    expect(await redis.get('str')).toBe('v');
    expect(await redis.smembers('set')).toEqual(['m']);
  });

  it('answers an unknown command with an error naming it', async () => {
    const error = await failure(redis.exec(['NOSUCHCOMMAND', 'x']));
    expect(error).toBeInstanceOf(errors.UpstashError);
    expect(error.message).toMatch(/^ERR unknown command 'NOSUCHCOMMAND'/);
    expect(error.message).not.toContain('command was'); // the REST client's echo of the arguments is cut
  });

  it('runs a Lua script by its SHA, and sends it again when Redis has forgotten it', async () => {
    const script = redis.createScript<string[]>("redis.call('SET', KEYS[1], ARGV[1]) return {ARGV[1], redis.call('GET', KEYS[1])}");
    expect(await script.exec(['scripted'], ['值-007'])).toEqual(['值-007', '值-007']);
    await redis.scriptFlush();
    expect(await script.exec(['scripted'], ['123'])).toEqual(['123', '123']);
    await redis.set('text', '学校');
    const failing = redis.createScript("return redis.call('INCR', KEYS[1])");
    expect((await failure(failing.exec(['text'], []))).message).toMatch(/ERR value is not an integer or out of range/);
  });

  it('20 concurrent SET NX on one key: exactly one wins', async () => {
    const attempts = await Promise.all(Array.from({ length: 20 }, (_, i) => redis.set('lock', `owner-${i}`, { nx: true, px: 60_000 })));
    const winners = attempts.flatMap((reply, i) => (reply === 'OK' ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(attempts.filter((reply) => reply === null)).toHaveLength(19);
    expect(await redis.get('lock')).toBe(`owner-${winners[0]}`);
  });

  it('round-trips Chinese text and emoji byte for byte', async () => {
    const key = `投诉:${TEXT}`;
    expect(await redis.set(key, TEXT)).toBe('OK');
    const value = await redis.get<string>(key);
    expect(Buffer.from(value ?? '', 'utf8').equals(Buffer.from(TEXT, 'utf8'))).toBe(true);
    await redis.hset('h', { [TEXT]: TEXT });
    expect(await redis.hgetall('h')).toEqual([TEXT, TEXT]);
    expect(await redis.hget('h', TEXT)).toBe(TEXT);
    await redis.sadd('s', TEXT);
    expect(await redis.smembers('s')).toEqual([TEXT]);
    await redis.zadd('z', { score: 1, member: TEXT });
    expect(await redis.zrange('z', 0, -1, { withScores: true })).toEqual([TEXT, '1']);
    expect(await redis.zscore('z', TEXT)).toBe('1');
    await redis.rpush('l', TEXT, '学校');
    expect(await redis.lrange('l', 0, -1)).toEqual([TEXT, '学校']);
    expect(await redis.keys('投诉:亳州*')).toEqual([key]);
  });
});

describe('Redis over TCP when the server is away', () => {
  it('rejects within 3 s when nothing listens on the port', async () => {
    const port = await freePort();
    const connection = connectRedis({ kind: 'tcp', url: `redis://:secret-password@127.0.0.1:${port}` });
    expect(connection.describe).toBe(`Redis over TCP at 127.0.0.1:${port}`);
    const started = Date.now();
    const error = await failure(connection.redis.ping());
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(error.message).toMatch(/^Redis over TCP at 127\.0\.0\.1:\d+ is unavailable \(ECONNREFUSED\)/);
    expect(error.message).not.toContain('secret-password');
    await connection.close();
  });

  it('fails fast while Redis is gone and works again when it is back, with the same client', async () => {
    const proxy = await startTcpProxy(await redisUrl());
    const connection = connectRedis({ kind: 'tcp', url: proxy.url });
    try {
      expect(await connection.redis.ping()).toBe('PONG');
      await proxy.stop();
      const started = Date.now();
      await expect(connection.redis.ping()).rejects.toThrow(RedisUnavailableError);
      expect(Date.now() - started).toBeLessThan(3000);

      await proxy.start();
      let answer: string | undefined;
      for (const back = Date.now(); answer === undefined && Date.now() - back < 5000;) {
        answer = await connection.redis.ping().catch(() => undefined);
      }
      expect(answer).toBe('PONG');
      expect(await connection.redis.exists('no-such-key-anywhere')).toBe(0);
    } finally {
      await connection.close();
      await proxy.close();
    }
  });

  it('rejects within 3 s when Redis stops answering, and carries on when it answers again', async () => {
    const proxy = await startTcpProxy(await redisUrl());
    const connection = connectRedis({ kind: 'tcp', url: proxy.url });
    try {
      expect(await connection.redis.ping()).toBe('PONG');
      proxy.pause();
      const started = Date.now();
      const error = await failure(connection.redis.ping(['held']));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error).toBeInstanceOf(RedisUnavailableError);
      expect(error.message).toMatch(/did not answer within/);
      proxy.resume();
      expect(await connection.redis.ping(['after'])).toBe('after');
    } finally {
      await connection.close();
      await proxy.close();
    }
  });
});

// ------------------------------------------------------------ the REST stand-in

describe('the local Upstash REST stand-in', () => {
  it('checks the bearer token and encodes replies as Upstash does', async () => {
    const rest = await startUpstashRestServer(await redisUrl());
    try {
      const wrong = connectRedis({ kind: 'upstash', url: rest.url, token: 'not-the-token' });
      expect((await failure(wrong.redis.ping())).message).toBe('Unauthorized');

      const call = async (body: unknown, headers: Record<string, string> = {}) => {
        const response = await fetch(`${rest.url}/`, {
          method: 'POST',
          headers: { authorization: `Bearer ${rest.token}`, ...headers },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as unknown };
      };
      const base64 = { 'Upstash-Encoding': 'base64' };
      expect(await call(['ECHO', '你好'], base64)).toEqual({
        status: 200,
        body: { result: Buffer.from('你好').toString('base64') },
      });
      expect(await call(['ECHO', '你好'])).toEqual({ status: 200, body: { result: '你好' } });
      expect(await call(['PING'], base64)).toEqual({ status: 200, body: { result: 'UE9ORw==' } });
      expect(await call(['EXISTS', 'no-such-key-anywhere'], base64)).toEqual({ status: 200, body: { result: 0 } });
      expect(await call(['NOSUCHCOMMAND'])).toEqual({
        status: 400,
        body: { error: expect.stringMatching(/^ERR unknown command/) },
      });
    } finally {
      await rest.close();
    }
  });
});
