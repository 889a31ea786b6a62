// The in-memory keyspace of the embedded store: typed values, absolute expiry
// times, and a creation order that SCAN cursors can rely on.
//
// Every read takes `now` as an argument instead of reading the clock, so that
// replaying the log at start-up can run each command at the time it first ran:
// a key that was alive then is alive during its replay, even if it has expired
// since.
import { CommandError, WRONGTYPE } from './errors';

export type Value =
  | { type: 'string'; value: string }
  | { type: 'hash'; value: Map<string, string> }
  | { type: 'set'; value: Set<string> }
  | { type: 'zset'; value: SortedSet }
  | { type: 'list'; value: string[] };

export type TypeName = Value['type'];
export type ValueOf<T extends TypeName> = Extract<Value, { type: T }>;

interface Entry {
  /** Creation number: increases with every key created, never reused. SCAN cursors are these. */
  readonly id: number;
  value: Value;
  /** Absolute time in ms since the epoch, or undefined for no expiry. */
  expiresAt: number | undefined;
}

export class Keyspace {
  readonly #entries = new Map<string, Entry>();
  #nextId = 1;
  // Keys in creation order (ids ascending) for SCAN. Deleted keys stay here as
  // tombstones (their entry is gone or has another id) until the next rebuild.
  #order: { id: number; key: string }[] = [];
  #tombstones = 0;

  /** The live value of a key, or undefined when absent or expired. */
  lookup(key: string, now: number): Value | undefined {
    const entry = this.#live(key, now);
    return entry?.value;
  }

  /** The live value if it has the given type; WRONGTYPE if it has another. */
  get<T extends TypeName>(key: string, type: T, now: number): ValueOf<T> | undefined {
    const value = this.lookup(key, now);
    if (value === undefined) return undefined;
    if (value.type !== type) throw new CommandError(WRONGTYPE);
    return value as ValueOf<T>;
  }

  /** The live value of the type, created empty when absent (callers add to it at once). */
  getOrCreate<T extends TypeName>(key: string, type: T, now: number, create: () => ValueOf<T>): ValueOf<T> {
    const existing = this.get(key, type, now);
    if (existing) return existing;
    const value = create();
    this.#create(key, value);
    return value;
  }

  /** Stores a value, replacing any. The expiry is cleared unless keepTtl (as SET does). */
  set(key: string, value: Value, now: number, keepTtl = false): void {
    const entry = this.#live(key, now);
    if (!entry) {
      this.#create(key, value);
      return;
    }
    entry.value = value;
    if (!keepTtl) entry.expiresAt = undefined;
  }

  delete(key: string, now: number): boolean {
    if (!this.#live(key, now)) return false;
    this.#remove(key);
    return true;
  }

  /** Drops a collection key that a removal left empty: Redis never keeps empty collections. */
  deleteIfEmpty(key: string, value: Value): void {
    const size = value.type === 'string' ? 1 : value.type === 'list' ? value.value.length : value.value.size;
    if (size === 0) this.#remove(key);
  }

  /** null when the key is absent, undefined when it has no expiry, else the absolute time. */
  expiry(key: string, now: number): number | undefined | null {
    const entry = this.#live(key, now);
    return entry ? entry.expiresAt : null;
  }

  setExpiry(key: string, at: number | undefined, now: number): boolean {
    const entry = this.#live(key, now);
    if (!entry) return false;
    entry.expiresAt = at;
    return true;
  }

  size(now: number): number {
    this.sweep(now);
    return this.#entries.size;
  }

  *keys(now: number): Generator<string> {
    for (const [key, entry] of this.#entries) if (!expired(entry, now)) yield key;
  }

  /** Live keys with their values and expiries, in creation order (for snapshots). */
  *entries(now: number): Generator<{ key: string; value: Value; expiresAt: number | undefined }> {
    for (const [key, entry] of this.#entries) {
      if (!expired(entry, now)) yield { key, value: entry.value, expiresAt: entry.expiresAt };
    }
  }

  /**
   * Visits up to `count` keys created at or after `cursor`, in creation order.
   * A key that exists for the whole iteration is returned exactly once, as
   * Redis guarantees; keys created meanwhile may or may not be.
   */
  scan(cursor: number, count: number, now: number): { keys: string[]; next: number } {
    let i = lowerBound(this.#order, cursor);
    const keys: string[] = [];
    let visited = 0;
    while (i < this.#order.length && visited < count) {
      const { id, key } = this.#order[i] as { id: number; key: string };
      i++;
      const entry = this.#entries.get(key);
      if (!entry || entry.id !== id) continue; // tombstone
      visited++;
      if (!expired(entry, now)) keys.push(key);
    }
    const next = i < this.#order.length ? (this.#order[i] as { id: number }).id : 0;
    return { keys, next };
  }

  flush(): void {
    this.#entries.clear();
    this.#order = [];
    this.#tombstones = 0;
    // #nextId keeps counting, so a cursor from before the flush cannot alias a new key.
  }

  /** Frees the memory of expired keys. Invisible to commands, which already treat them as absent. */
  sweep(now: number): void {
    for (const [key, entry] of this.#entries) if (expired(entry, now)) this.#remove(key);
  }

  #live(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (expired(entry, now)) {
      this.#remove(key);
      return undefined;
    }
    return entry;
  }

  #create(key: string, value: Value): void {
    const id = this.#nextId++;
    this.#entries.set(key, { id, value, expiresAt: undefined });
    this.#order.push({ id, key });
  }

  #remove(key: string): void {
    if (!this.#entries.delete(key)) return;
    this.#tombstones++;
    if (this.#tombstones > 1024 && this.#tombstones > this.#entries.size) {
      // Map iteration is creation order, so the rebuilt list stays sorted by id.
      this.#order = Array.from(this.#entries, ([k, entry]) => ({ id: entry.id, key: k }));
      this.#tombstones = 0;
    }
  }
}

function expired(entry: Entry, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}

function lowerBound(order: { id: number }[], id: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((order[mid] as { id: number }).id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Members with scores, ordered by score then by member bytes (as Redis orders them). */
export class SortedSet {
  readonly scores = new Map<string, number>();
  #sorted: [string, number][] | undefined;

  get size(): number {
    return this.scores.size;
  }

  set(member: string, score: number): void {
    this.scores.set(member, score);
    this.#sorted = undefined;
  }

  delete(member: string): boolean {
    const removed = this.scores.delete(member);
    if (removed) this.#sorted = undefined;
    return removed;
  }

  /** Ascending order, cached until the next change. */
  sorted(): readonly [string, number][] {
    this.#sorted ??= Array.from(this.scores).sort((a, b) => a[1] - b[1] || compareBytes(a[0], b[0]));
    return this.#sorted;
  }
}

/**
 * Compares strings in UTF-8 byte order (= code point order), which is how Redis
 * orders members with equal scores. Plain `<` compares UTF-16 units and puts
 * emoji (surrogate pairs) before characters from U+E000 to U+FFFF.
 */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}

function fixup(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
