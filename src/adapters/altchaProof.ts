import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Clock } from '../ports/clock';
import type { ProofChallenge, ProofOfWork } from '../ports/proofOfWork';

/** A proof is a base64 JSON of five short fields; anything longer is not one. */
const PROOF_MAX_LENGTH = 1000;

/**
 * ALTCHA's classic proof of work (altcha-lib's v1 protocol): find the number
 * n ≤ maxnumber with SHA-256(salt + n) = challenge. The browser solves it
 * with WebCrypto (src/scripts/proofOfWork.ts); the server checks it with one
 * hash and one HMAC, keyed from the site secret, and keeps no state for a
 * challenge until it is spent.
 */
export function altchaProof(options: { hmacKey: string; maxNumber: number; ttlSeconds: number; clock: Clock }): ProofOfWork {
  return {
    ttlSeconds: options.ttlSeconds,
    async challenge() {
      const expires = new Date(options.clock.now().getTime() + options.ttlSeconds * 1000);
      return (await createChallenge({ hmacKey: options.hmacKey, maxnumber: options.maxNumber, expires, algorithm: 'SHA-256' })) as ProofChallenge;
    },
    async check(proof) {
      if (typeof proof !== 'string' || proof.length === 0 || proof.length > PROOF_MAX_LENGTH) return null;
      try {
        const payload = JSON.parse(Buffer.from(proof, 'base64').toString('utf8')) as Record<string, unknown>;
        if (
          !payload ||
          payload.algorithm !== 'SHA-256' ||
          typeof payload.salt !== 'string' ||
          typeof payload.signature !== 'string' ||
          !Number.isSafeInteger(payload.number)
        )
          return null;
        // Every challenge made here carries its expiry: one without is not ours.
        const expires = Number(extractParams(payload as never).expires);
        if (!Number.isFinite(expires) || expires * 1000 < options.clock.now().getTime()) return null;
        return (await verifySolution(payload as never, options.hmacKey, true)) ? payload.signature : null;
      } catch {
        return null;
      }
    },
  };
}
