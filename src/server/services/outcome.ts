import { StoreUnavailableError } from '../../ports/complaintStore';

/**
 * What a service answers, as a value (the convention: src/server/outcomes.ts).
 * Every outcome is an object with a `kind`; the kinds below are the whole
 * vocabulary the HTTP boundary knows, and no service ever names an HTTP number.
 * An outcome may carry the use case's own words (`message` for a page,
 * `errors` field by field) and what the page shows again (the answers kept).
 */
export type OutcomeKind =
  /** Done, found or shown as asked. */
  | 'ok'
  /** A new record was stored (a complaint filed). */
  | 'filed'
  /** The request itself could not be read (malformed, cut short). */
  | 'malformed'
  /** Nobody is signed in, or the credential is not ours. */
  | 'unauthorized'
  /** Signed in (or holding a link), but this is not theirs to see or do. */
  | 'forbidden'
  | 'not-found'
  /** Asked in a way this address does not take (a GET where only a POST exports). */
  | 'wrong-method'
  /** Someone else is acting on the same record, or what it names was taken. */
  | 'conflict'
  /** The body is over its cap. */
  | 'too-large'
  /** The body is of a type this address does not read. */
  | 'unsupported'
  /** The answers are wrong: each with why, in plain Chinese. */
  | 'invalid'
  /** Over a rate limit: come back after `retryAfterSeconds`. */
  | 'limited'
  /** The store (or blob store) did not answer; nothing was half-written. */
  | 'unavailable';

export type Unavailable = { kind: 'unavailable' };
export const UNAVAILABLE: Unavailable = { kind: 'unavailable' };

/**
 * Runs store work; the store (or the blob store) not answering becomes `down`:
 * by default `{ kind: 'unavailable' }`, or the use case's own outcome with its
 * words (or made from the error, to log which store it was). This is the one
 * place where `StoreUnavailableError` turns into an outcome: every service (and
 * the boundary's session check) goes through it, so that no outage ever
 * reaches a user as a 500. Any other error stays an error.
 */
export async function whileStoreUp<T, D = Unavailable>(work: () => Promise<T>, down?: D | ((error: StoreUnavailableError) => D)): Promise<T | D> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    if (down === undefined) return UNAVAILABLE as D;
    return typeof down === 'function' ? (down as (error: StoreUnavailableError) => D)(error) : down;
  }
}
