/**
 * A proof of work a browser solves when a shared address (a school's Wi-Fi,
 * a carrier's NAT) has used up its plain filing limit: self-hosted, no
 * third-party service, no cookie. The challenge is what the browser gets;
 * the proof is what it sends back in the `proof` field.
 */
export interface ProofChallenge {
  algorithm: 'SHA-256';
  /** Hex SHA-256 of `salt` followed by the secret number. */
  challenge: string;
  /** The number lies in 0…maxnumber: the work is about maxnumber / 2 hashes. */
  maxnumber: number;
  /** Random, with the expiry in it (`…?expires=<unix seconds>&`). */
  salt: string;
  /** The site's HMAC of the challenge: only challenges made here verify. */
  signature: string;
}

export interface ProofOfWork {
  /** A fresh challenge that expires after the configured time. */
  challenge(): Promise<ProofChallenge>;
  /**
   * The proof's id (its signature, to spend it once) when `proof` solves a
   * challenge made here that has not expired; null for anything else. Never
   * throws on what a client sent.
   */
  check(proof: unknown): Promise<string | null>;
  /** How long a challenge lives: a spent proof is remembered that long. */
  readonly ttlSeconds: number;
}
