// The command table of the embedded store: the commands the application uses,
// with Redis 7.0's replies (RESP2 shapes: scores and cursors are strings,
// HGETALL is a flat array) and Redis's error texts.
//
// Handlers check everything that can fail before they change anything, so a
// command that answers with an error has had no effect, as in Redis.
// Commands that depend on the time take `now` from the context, never from the
// clock: the log replays each command at the time it first ran.
import {
  CommandError,
  OVERFLOW,
  SYNTAX,
  invalidExpire,
  unknownCommand,
  wrongArity,
} from './errors';
import { globMatch } from './glob';
import { SortedSet, type Keyspace, type TypeName, type Value } from './keyspace';
import { INT64_MAX, INT64_MIN, formatDouble, parseDouble, parseIndex, parseInt64, toDouble } from './numbers';

export type Reply = string | number | null | Reply[];

export interface Context {
  ks: Keyspace;
  /** The command's time in ms since the epoch. */
  now: number;
}

export interface CommandSpec {
  /** Redis convention, counting the name: n means exactly n, -n means at least n. */
  arity: number;
  /** Changes data: goes to the log. */
  write: boolean;
  run(ctx: Context, args: string[]): Reply;
  /**
   * Rewrites a relative expiry (EX, PX, EXPIRE, PEXPIRE) into an absolute one,
   * returning the whole command, or undefined to keep it. It runs before the
   * command, and the rewritten command is both executed and logged, so expiry
   * times in the log are absolute and survive a restart unchanged.
   */
  absolute?(args: string[], now: number): string[] | undefined;
}

const LONG_MAX = Number(INT64_MAX);

// ---------------------------------------------------------------- strings

interface SetOptions {
  condition: 'NX' | 'XX' | undefined;
  get: boolean;
  keepTtl: boolean;
  /** Absolute expiry in ms. */
  expireAt: number | undefined;
  relative: boolean;
}

function parseSetOptions(args: string[], now: number): SetOptions {
  const options: SetOptions = { condition: undefined, get: false, keepTtl: false, expireAt: undefined, relative: false };
  let expireKind: string | undefined;
  let expireText: string | undefined;
  for (let i = 2; i < args.length; i++) {
    const option = (args[i] as string).toUpperCase();
    const next = args[i + 1];
    if (option === 'NX' && options.condition !== 'XX') options.condition = 'NX';
    else if (option === 'XX' && options.condition !== 'NX') options.condition = 'XX';
    else if (option === 'GET') options.get = true;
    else if (option === 'KEEPTTL' && expireKind === undefined) options.keepTtl = true;
    else if (
      ['EX', 'PX', 'EXAT', 'PXAT'].includes(option) &&
      !options.keepTtl &&
      (expireKind === undefined || expireKind === option) &&
      next !== undefined
    ) {
      expireKind = option;
      expireText = next;
      i++;
    } else throw new CommandError(SYNTAX);
  }
  if (expireKind !== undefined) {
    const amount = parseInt64(expireText as string);
    if (amount <= 0n) throw invalidExpire('set');
    let ms = expireKind === 'EX' || expireKind === 'EXAT' ? amount * 1000n : amount;
    if (ms > INT64_MAX) throw invalidExpire('set');
    options.relative = expireKind === 'EX' || expireKind === 'PX';
    if (options.relative) {
      ms += BigInt(now);
      if (ms > INT64_MAX) throw invalidExpire('set');
    }
    options.expireAt = Number(ms);
  }
  return options;
}

const SET: CommandSpec = {
  arity: -3,
  write: true,
  run({ ks, now }, args) {
    const [key, value] = args as [string, string];
    const options = parseSetOptions(args, now);
    const old = options.get ? ks.get(key, 'string', now) : undefined;
    const exists = ks.lookup(key, now) !== undefined;
    const oldReply = old ? old.value : null;
    if ((options.condition === 'NX' && exists) || (options.condition === 'XX' && !exists)) {
      return options.get ? oldReply : null;
    }
    ks.set(key, { type: 'string', value }, now, options.keepTtl);
    if (options.expireAt !== undefined) ks.setExpiry(key, options.expireAt, now);
    return options.get ? oldReply : 'OK';
  },
  absolute(args, now) {
    let options: SetOptions;
    try {
      options = parseSetOptions(args, now);
    } catch {
      return undefined; // runs as sent and answers with its error
    }
    if (!options.relative) return undefined;
    const [key, value] = args as [string, string];
    return [
      'SET',
      key,
      value,
      ...(options.condition ? [options.condition] : []),
      ...(options.get ? ['GET'] : []),
      'PXAT',
      String(options.expireAt),
    ];
  },
};

function incrementString({ ks, now }: Context, key: string, by: bigint): number {
  const current = ks.get(key, 'string', now);
  const base = current ? parseInt64(current.value) : 0n;
  const result = base + by;
  if (result < INT64_MIN || result > INT64_MAX) throw new CommandError(OVERFLOW);
  if (current) current.value = String(result); // in place: INCR keeps the key's expiry
  else ks.set(key, { type: 'string', value: String(result) }, now);
  return Number(result);
}

// ----------------------------------------------------------------- expiry

type ExpireFlag = 'NX' | 'XX' | 'GT' | 'LT';

/** The absolute expiry in ms and flags of EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT. */
function parseExpire(name: string, args: string[], now: number): { at: number; flags: Set<ExpireFlag> } {
  const flags = new Set<ExpireFlag>();
  for (const raw of args.slice(2)) {
    const flag = raw.toUpperCase();
    if (flag !== 'NX' && flag !== 'XX' && flag !== 'GT' && flag !== 'LT') {
      throw new CommandError(`ERR Unsupported option ${raw}`);
    }
    flags.add(flag);
  }
  if (flags.has('NX') && (flags.has('XX') || flags.has('GT') || flags.has('LT'))) {
    throw new CommandError('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags.has('GT') && flags.has('LT')) {
    throw new CommandError('ERR GT and LT options at the same time are not compatible');
  }
  let when = parseInt64(args[1] as string);
  const seconds = name === 'EXPIRE' || name === 'EXPIREAT';
  const relative = name === 'EXPIRE' || name === 'PEXPIRE';
  if (seconds) {
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) throw invalidExpire(name);
    when *= 1000n;
  }
  if (relative) {
    if (when > INT64_MAX - BigInt(now)) throw invalidExpire(name);
    when += BigInt(now);
  }
  return { at: Number(when), flags };
}

function expireCommand(name: string): CommandSpec {
  return {
    arity: -3,
    write: true,
    run({ ks, now }, args) {
      const key = args[0] as string;
      const { at, flags } = parseExpire(name, args, now);
      const current = ks.expiry(key, now);
      if (current === null) return 0;
      if (flags.has('NX') && current !== undefined) return 0;
      if (flags.has('XX') && current === undefined) return 0;
      // No expiry counts as an infinite one: GT never beats it, LT always does.
      if (flags.has('GT') && (current === undefined || at <= current)) return 0;
      if (flags.has('LT') && current !== undefined && at >= current) return 0;
      if (at <= now) ks.delete(key, now);
      else ks.setExpiry(key, at, now);
      return 1;
    },
    absolute(args, now) {
      if (name !== 'EXPIRE' && name !== 'PEXPIRE') return undefined;
      try {
        const { at } = parseExpire(name, args, now);
        return ['PEXPIREAT', args[0] as string, String(at), ...args.slice(2)];
      } catch {
        return undefined;
      }
    },
  };
}

function ttlCommand(unit: 'ms' | 's'): CommandSpec {
  return {
    arity: 2,
    write: false,
    run({ ks, now }, [key]) {
      const at = ks.expiry(key as string, now);
      if (at === null) return -2;
      if (at === undefined) return -1;
      const ms = Math.max(0, at - now);
      return unit === 'ms' ? ms : Math.floor((ms + 500) / 1000);
    },
  };
}

// ----------------------------------------------------------------- hashes

const HSET: CommandSpec = {
  arity: -4,
  write: true,
  run({ ks, now }, args) {
    if (args.length % 2 === 0) throw wrongArity('hset');
    const hash = ks.getOrCreate(args[0] as string, 'hash', now, () => ({ type: 'hash', value: new Map() }));
    let added = 0;
    for (let i = 1; i < args.length; i += 2) {
      if (!hash.value.has(args[i] as string)) added++;
      hash.value.set(args[i] as string, args[i + 1] as string);
    }
    return added;
  },
};

const HINCRBY: CommandSpec = {
  arity: 4,
  write: true,
  run({ ks, now }, [key, field, increment]) {
    const by = parseInt64(increment as string);
    const existing = ks.get(key as string, 'hash', now);
    const currentText = existing?.value.get(field as string);
    const current = currentText === undefined ? 0n : parseInt64(currentText, 'ERR hash value is not an integer');
    const result = current + by;
    if (result < INT64_MIN || result > INT64_MAX) throw new CommandError(OVERFLOW);
    const hash = existing ?? ks.getOrCreate(key as string, 'hash', now, () => ({ type: 'hash', value: new Map() }));
    hash.value.set(field as string, String(result));
    return Number(result);
  },
};

// ------------------------------------------------------------ sorted sets

const ZADD: CommandSpec = {
  arity: -4,
  write: true,
  run({ ks, now }, args) {
    const key = args[0] as string;
    const flags = new Set<string>();
    let i = 1;
    for (; i < args.length; i++) {
      const flag = (args[i] as string).toUpperCase();
      if (!['NX', 'XX', 'CH', 'INCR', 'GT', 'LT'].includes(flag)) break;
      flags.add(flag);
    }
    const pairs = args.length - i;
    if (pairs === 0 || pairs % 2 !== 0) throw new CommandError(SYNTAX);
    if (flags.has('INCR') && pairs > 2) {
      throw new CommandError('ERR INCR option supports a single increment-element pair');
    }
    if (flags.has('NX') && flags.has('XX')) {
      throw new CommandError('ERR XX and NX options at the same time are not compatible');
    }
    if ((flags.has('NX') && (flags.has('GT') || flags.has('LT'))) || (flags.has('GT') && flags.has('LT'))) {
      throw new CommandError('ERR GT, LT, and/or NX options at the same time are not compatible');
    }
    const items: [number, string][] = [];
    for (; i < args.length; i += 2) items.push([parseDouble(args[i] as string), args[i + 1] as string]);

    let zset = ks.get(key, 'zset', now);
    if (!zset) {
      if (flags.has('XX')) return flags.has('INCR') ? null : 0;
      zset = ks.getOrCreate(key, 'zset', now, () => ({ type: 'zset', value: new SortedSet() }));
    }
    let added = 0;
    let changed = 0;
    let incrResult: string | null = null;
    for (const [given, member] of items) {
      const current = zset.value.scores.get(member);
      if (current === undefined) {
        if (flags.has('XX')) continue;
        zset.value.set(member, given);
        added++;
        incrResult = formatDouble(given);
        continue;
      }
      if (flags.has('NX')) continue;
      const score = flags.has('INCR') ? current + given : given;
      if (Number.isNaN(score)) throw new CommandError('ERR resulting score is not a number (NaN)');
      if ((flags.has('GT') && score <= current) || (flags.has('LT') && score >= current)) continue;
      incrResult = formatDouble(score);
      if (score !== current) {
        zset.value.set(member, score);
        changed++;
      }
    }
    if (flags.has('INCR')) return incrResult;
    return flags.has('CH') ? added + changed : added;
  },
};

interface ScoreBound {
  value: number;
  exclusive: boolean;
}

function parseScoreBound(text: string): ScoreBound {
  const exclusive = text.startsWith('(');
  const value = toDouble(exclusive ? text.slice(1) : text);
  if (value === undefined) throw new CommandError('ERR min or max is not a float');
  return { value, exclusive };
}

const aboveMin = (score: number, min: ScoreBound) => (min.exclusive ? score > min.value : score >= min.value);
const belowMax = (score: number, max: ScoreBound) => (max.exclusive ? score < max.value : score <= max.value);

/** ZRANGE and ZRANGEBYSCORE, as Redis's zrangeGenericCommand parses them. */
function zrange(ctx: Context, args: string[], byScoreCommand: boolean): Reply {
  const [key, startText, stopText] = args as [string, string, string];
  let by: 'rank' | 'score' | 'lex' = byScoreCommand ? 'score' : 'rank';
  let reverse = false;
  let withScores = false;
  let limit: { offset: number; count: number } | undefined;
  for (let i = 3; i < args.length; i++) {
    const option = (args[i] as string).toUpperCase();
    if (option === 'WITHSCORES') withScores = true;
    else if (option === 'LIMIT' && i + 2 < args.length) {
      limit = { offset: parseIndex(args[i + 1] as string), count: parseIndex(args[i + 2] as string) };
      i += 2;
    } else if (!byScoreCommand && option === 'BYSCORE') by = 'score';
    else if (!byScoreCommand && option === 'BYLEX') by = 'lex';
    else if (!byScoreCommand && option === 'REV') reverse = true;
    else throw new CommandError(SYNTAX);
  }
  if (limit && by === 'rank') {
    throw new CommandError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (by === 'lex') {
    if (withScores) throw new CommandError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
    throw new CommandError('ERR BYLEX is not implemented by the embedded store');
  }

  let selected: (readonly [string, number])[];
  if (by === 'rank') {
    let start = parseIndex(startText);
    let stop = parseIndex(stopText);
    const zset = ctx.ks.get(key, 'zset', ctx.now);
    const all = zset ? zset.value.sorted() : [];
    const length = all.length;
    if (start < 0) start += length;
    if (stop < 0) stop += length;
    if (start < 0) start = 0;
    if (start > stop || start >= length) return [];
    if (stop >= length) stop = length - 1;
    const ordered = reverse ? [...all].reverse() : all;
    selected = ordered.slice(start, stop + 1);
  } else {
    // With REV the maximum comes first.
    const min = parseScoreBound(reverse ? stopText : startText);
    const max = parseScoreBound(reverse ? startText : stopText);
    const zset = ctx.ks.get(key, 'zset', ctx.now);
    const all = zset ? zset.value.sorted() : [];
    const inRange = all.filter(([, score]) => aboveMin(score, min) && belowMax(score, max));
    if (reverse) inRange.reverse();
    selected = inRange;
    if (limit) {
      if (limit.offset < 0) return [];
      selected = selected.slice(limit.offset, limit.count < 0 ? undefined : limit.offset + limit.count);
    }
  }
  return withScores
    ? selected.flatMap(([member, score]) => [member, formatDouble(score)])
    : selected.map(([member]) => member);
}

// ------------------------------------------------------------------ lists

function push(side: 'left' | 'right'): CommandSpec {
  return {
    arity: -3,
    write: true,
    run({ ks, now }, [key, ...values]) {
      const list = ks.getOrCreate(key as string, 'list', now, () => ({ type: 'list', value: [] }));
      for (const value of values) {
        if (side === 'left') list.value.unshift(value);
        else list.value.push(value);
      }
      return list.value.length;
    },
  };
}

const LREM: CommandSpec = {
  arity: 4,
  write: true,
  run({ ks, now }, [key, countText, element]) {
    const count = parseIndex(countText as string);
    const list = ks.get(key as string, 'list', now);
    if (!list) return 0;
    const limit = count === 0 ? Infinity : Math.abs(count);
    let removed = 0;
    if (count >= 0) {
      list.value = list.value.filter((item) => !(item === element && removed < limit && ++removed));
    } else {
      const kept: string[] = [];
      for (let i = list.value.length - 1; i >= 0; i--) {
        const item = list.value[i] as string;
        if (item === element && removed < limit) removed++;
        else kept.push(item);
      }
      list.value = kept.reverse();
    }
    ks.deleteIfEmpty(key as string, list);
    return removed;
  },
};

// -------------------------------------------------------------- keyspace

function scan({ ks, now }: Context, args: string[]): Reply {
  const cursorText = args[0] as string;
  if (!/^\d+$/.test(cursorText)) throw new CommandError('ERR invalid cursor');
  let pattern: string | undefined;
  let type: TypeName | string | undefined;
  let count = 10;
  for (let i = 1; i < args.length; i += 2) {
    const option = (args[i] as string).toUpperCase();
    const value = args[i + 1];
    if (value === undefined) throw new CommandError(SYNTAX);
    if (option === 'MATCH') pattern = value;
    else if (option === 'COUNT') {
      count = parseIndex(value);
      if (count < 1) throw new CommandError(SYNTAX);
    } else if (option === 'TYPE') type = value.toLowerCase();
    else throw new CommandError(SYNTAX);
  }
  const cursor = Number(cursorText);
  if (cursor > LONG_MAX) throw new CommandError('ERR invalid cursor');
  const { keys, next } = ks.scan(cursor, count, now);
  const matching = keys.filter(
    (key) =>
      (pattern === undefined || globMatch(pattern, key)) && (type === undefined || ks.lookup(key, now)?.type === type),
  );
  return [String(next), matching];
}

// ----------------------------------------------------------------- table

function typed<T extends TypeName>(
  type: T,
  arity: number,
  run: (value: Extract<Value, { type: T }> | undefined, args: string[], ctx: Context) => Reply,
): CommandSpec {
  return { arity, write: false, run: (ctx, args) => run(ctx.ks.get(args[0] as string, type, ctx.now), args, ctx) };
}

const COMMANDS: Record<string, CommandSpec> = {
  PING: {
    arity: -1,
    write: false,
    run: (_ctx, args) => {
      if (args.length > 1) throw wrongArity('ping');
      return args.length === 1 ? (args[0] as string) : 'PONG';
    },
  },

  GET: typed('string', 2, (value) => (value ? value.value : null)),
  SET,
  INCR: { arity: 2, write: true, run: (ctx, [key]) => incrementString(ctx, key as string, 1n) },
  INCRBY: {
    arity: 3,
    write: true,
    run: (ctx, [key, by]) => incrementString(ctx, key as string, parseInt64(by as string)),
  },
  DEL: {
    arity: -2,
    write: true,
    run: ({ ks, now }, keys) => keys.filter((key) => ks.delete(key, now)).length,
  },
  EXISTS: {
    arity: -2,
    write: false,
    run: ({ ks, now }, keys) => keys.filter((key) => ks.lookup(key, now) !== undefined).length,
  },

  EXPIRE: expireCommand('EXPIRE'),
  PEXPIRE: expireCommand('PEXPIRE'),
  EXPIREAT: expireCommand('EXPIREAT'),
  PEXPIREAT: expireCommand('PEXPIREAT'),
  TTL: ttlCommand('s'),
  PTTL: ttlCommand('ms'),

  HSET,
  HGET: typed('hash', 3, (hash, [, field]) => hash?.value.get(field as string) ?? null),
  HGETALL: typed('hash', 2, (hash) => (hash ? Array.from(hash.value).flat() : [])),
  HDEL: {
    arity: -3,
    write: true,
    run({ ks, now }, [key, ...fields]) {
      const hash = ks.get(key as string, 'hash', now);
      if (!hash) return 0;
      const removed = fields.filter((field) => hash.value.delete(field)).length;
      ks.deleteIfEmpty(key as string, hash);
      return removed;
    },
  },
  HINCRBY,

  SADD: {
    arity: -3,
    write: true,
    run({ ks, now }, [key, ...members]) {
      const set = ks.getOrCreate(key as string, 'set', now, () => ({ type: 'set', value: new Set() }));
      const before = set.value.size;
      for (const member of members) set.value.add(member);
      return set.value.size - before;
    },
  },
  SREM: {
    arity: -3,
    write: true,
    run({ ks, now }, [key, ...members]) {
      const set = ks.get(key as string, 'set', now);
      if (!set) return 0;
      const removed = members.filter((member) => set.value.delete(member)).length;
      ks.deleteIfEmpty(key as string, set);
      return removed;
    },
  },
  SMEMBERS: typed('set', 2, (set) => (set ? Array.from(set.value) : [])),
  SISMEMBER: typed('set', 3, (set, [, member]) => (set?.value.has(member as string) ? 1 : 0)),
  SCARD: typed('set', 2, (set) => set?.value.size ?? 0),

  ZADD,
  ZREM: {
    arity: -3,
    write: true,
    run({ ks, now }, [key, ...members]) {
      const zset = ks.get(key as string, 'zset', now);
      if (!zset) return 0;
      const removed = members.filter((member) => zset.value.delete(member)).length;
      ks.deleteIfEmpty(key as string, zset);
      return removed;
    },
  },
  ZSCORE: typed('zset', 3, (zset, [, member]) => {
    const score = zset?.value.scores.get(member as string);
    return score === undefined ? null : formatDouble(score);
  }),
  ZCARD: typed('zset', 2, (zset) => zset?.value.size ?? 0),
  ZRANGE: { arity: -4, write: false, run: (ctx, args) => zrange(ctx, args, false) },
  ZRANGEBYSCORE: { arity: -4, write: false, run: (ctx, args) => zrange(ctx, args, true) },

  LPUSH: push('left'),
  RPUSH: push('right'),
  LRANGE: typed('list', 4, (list, [, startText, stopText]) => {
    let start = parseIndex(startText as string);
    let stop = parseIndex(stopText as string);
    const items = list?.value ?? [];
    if (start < 0) start += items.length;
    if (stop < 0) stop += items.length;
    if (start < 0) start = 0;
    if (start > stop || start >= items.length) return [];
    return items.slice(start, Math.min(stop, items.length - 1) + 1);
  }),
  LLEN: typed('list', 2, (list) => list?.value.length ?? 0),
  LREM,

  SCAN: { arity: -2, write: false, run: scan },
  KEYS: {
    arity: 2,
    write: false,
    run: ({ ks, now }, [pattern]) => Array.from(ks.keys(now)).filter((key) => globMatch(pattern as string, key)),
  },
  DBSIZE: { arity: 1, write: false, run: ({ ks, now }) => ks.size(now) },
  FLUSHDB: {
    arity: -1,
    write: true,
    run({ ks }, args) {
      if (args.length > 1 || (args.length === 1 && !['ASYNC', 'SYNC'].includes((args[0] as string).toUpperCase()))) {
        throw new CommandError(SYNTAX);
      }
      ks.flush();
      return 'OK';
    },
  },
};

/**
 * The spec of a command, checked the way Redis checks a command before running
 * or queueing it (name and number of arguments). Errors here abort a whole
 * transaction; errors from `run` fail only their own command.
 */
export function resolve(command: readonly string[]): CommandSpec {
  const name = command[0] ?? '';
  const spec = COMMANDS[name.toUpperCase()];
  if (!spec) throw unknownCommand(name);
  const argc = command.length;
  if ((spec.arity > 0 && argc !== spec.arity) || (spec.arity < 0 && argc < -spec.arity)) throw wrongArity(name);
  return spec;
}
