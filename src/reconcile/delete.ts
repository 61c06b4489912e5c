import { inStep } from '../errors.js';
import { KonnectApiError } from '../konnect/errors.js';

/**
 * Deletes one resource, treating "not found" as done: a teardown rerun after a crash, or a retry
 * after a lost response, finds it already gone. Konnect's core entities answer 204 either way;
 * Kong Identity answers 404 for what is gone.
 */
export async function deleteIfPresent(what: string, remove: () => Promise<void>): Promise<void> {
  await inStep(`delete ${what}`, async () => {
    try {
      await remove();
    } catch (error) {
      if (error instanceof KonnectApiError && error.status === 404) return;
      throw error;
    }
  });
}
