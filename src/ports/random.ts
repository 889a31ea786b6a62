/** Source of randomness, injected so that tests can make codes predictable. */
export interface Random {
  bytes(count: number): Uint8Array;
}

/** Crypto-grade randomness from Web Crypto. */
export const cryptoRandom: Random = { bytes: (count) => crypto.getRandomValues(new Uint8Array(count)) };
