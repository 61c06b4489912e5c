import * as log from '../log.js';
import { KonnectApiError, KonnectUnreachableError } from '../konnect/errors.js';

/**
 * A create that may have succeeded although it reported failure: the response was lost (the
 * connection dropped after the server acted), the server erred mid-way, or a concurrent run created
 * the same name first (409). Then the resource is looked up by name and adopted; if it is not there,
 * the create is tried again. So a rerun, a retry or a sibling run never makes a duplicate.
 */
export async function createOrAdopt<T>(
  what: string,
  create: () => Promise<T>,
  findExisting: () => Promise<T | undefined>,
  attempts = 3,
): Promise<{ resource: T; adopted: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { resource: await create(), adopted: false };
    } catch (error) {
      if (!mayHaveBeenCreated(error)) throw error;
      // Konnect's words can quote the request (a client secret among them).
      const reason = error instanceof Error ? error.message : String(error);
      const existing = await findExisting();
      if (existing !== undefined) {
        const conflict = error instanceof KonnectApiError && error.status === 409;
        log.info(
          conflict
            ? `Creating ${what}: another run created it meanwhile; using it.`
            : `Creating ${what} got no clear answer (${reason}), but it exists: using it.`,
        );
        return { resource: existing, adopted: true };
      }
      if (attempt >= attempts) throw error;
      log.info(`Creating ${what} failed (${reason}) and it does not exist: trying again (attempt ${attempt + 1} of ${attempts}).`);
    }
  }
}

export function mayHaveBeenCreated(error: unknown): boolean {
  if (error instanceof KonnectUnreachableError) return true;
  return error instanceof KonnectApiError && (error.status === 409 || error.status >= 500);
}
