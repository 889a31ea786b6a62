import { StoreUnavailableError } from '../../ports/complaintStore';

/**
 * Runs a store operation and turns any transport failure into
 * StoreUnavailableError, so the boundary answers 503 and never 500.
 * Only the error's name is kept: messages can echo keys or values.
 */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(`store operation failed (${(error as Error)?.name ?? 'unknown'})`);
  }
}
