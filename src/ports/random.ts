/** Source of randomness, injected so that tests can make codes predictable. */
export interface Random {
  bytes(count: number): Uint8Array;
}

/**
 * Crypto-grade randomness from Web Crypto, drawn 4 KB at a time: a filing
 * takes three small draws (reference, receipt code, a nonce per seal), and
 * each call into the system's generator cost more than the bytes themselves
 * (5 % of a filing's CPU under load, docs/benchmarks.md). Every byte is
 * handed out once; Node's own `randomUUID` batches the same way.
 */
const POOL = 4096;
let pool = new Uint8Array(0);
let at = 0;
export const cryptoRandom: Random = {
  bytes(count) {
    if (count > POOL) return crypto.getRandomValues(new Uint8Array(count));
    if (at + count > pool.length) {
      pool = crypto.getRandomValues(new Uint8Array(POOL));
      at = 0;
    }
    const drawn = pool.slice(at, at + count);
    pool.fill(0, at, at + count); // what was handed out is not kept
    at += count;
    return drawn;
  },
};
