import * as log from '../runner/log.js';
import { inStep } from '../errors/errors.js';
import { KonnectApiError, KonnectUnreachableError, konnectRefusal } from '../konnect/errors.js';
import { patchFrom, type Plan, type Reconciled } from './diff.js';

/**
 * The one converge routine of the Kong Identity resources: create what is missing, adopting it when
 * the create may have succeeded although it reported failure (a lost answer, a 5xx mid-way, or a
 * concurrent run that created the same name first: 409), then plan it against the desired state and
 * PATCH the fields that differ. A rerun, a retry or a sibling run never makes a duplicate.
 */
export interface ConvergeSpec<T extends { id: string }> {
  /** How messages name it: `scope "read"`. */
  what: string;
  existing: T | undefined;
  plan: (existing: T | undefined) => Plan;
  create: () => Promise<T>;
  /** Looks it up again by name after an unclear create. */
  findAgain: () => Promise<T | undefined>;
  /** PATCHes the changed fields; absent when the resource is only ever created (then drift is reported, not fixed). */
  update?: (existing: T, patch: Record<string, unknown>) => Promise<T>;
}

const CREATE_ATTEMPTS = 3;

export async function converge<T extends { id: string }>(spec: ConvergeSpec<T>): Promise<Reconciled<T>> {
  if (spec.existing === undefined) {
    const { resource, adopted } = await inStep(`create ${spec.what}`, () => createOrAdopt(spec));
    if (!adopted) return { plan: spec.plan(undefined), resource, created: true };
    return converge({ ...spec, existing: resource }); // a concurrent run made it: converge it like any found one
  }
  const existing = spec.existing;
  const plan = spec.plan(existing);
  if (plan.action === 'unchanged' || spec.update === undefined) return { plan, resource: existing, created: false };
  const update = spec.update;
  const updated = await inStep(`update ${spec.what}`, () => update(existing, patchFrom(plan)));
  return { plan, resource: updated, created: false };
}

async function createOrAdopt<T extends { id: string }>(spec: ConvergeSpec<T>): Promise<{ resource: T; adopted: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { resource: await spec.create(), adopted: false };
    } catch (error) {
      if (!mayHaveBeenCreated(error)) throw error;
      // Konnect's words can quote the request (a client secret among them): the log redacts them.
      const reason = error instanceof Error ? error.message : String(error);
      const existing = await spec.findAgain();
      if (existing !== undefined) {
        log.info(
          konnectRefusal(error, 409)
            ? `Creating ${spec.what}: another run created it meanwhile; using it.`
            : `Creating ${spec.what} got no clear answer (${reason}), but it exists: using it.`,
        );
        return { resource: existing, adopted: true };
      }
      if (attempt >= CREATE_ATTEMPTS) throw error;
      log.info(`Creating ${spec.what} failed (${reason}) and it does not exist: trying again (attempt ${attempt + 1} of ${CREATE_ATTEMPTS}).`);
    }
  }
}

/** A create whose outcome is unknown: no answer, a server error, or a conflict with a concurrent create. */
export function mayHaveBeenCreated(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof KonnectUnreachableError) return true;
    if (current instanceof KonnectApiError) return current.status === 409 || current.status >= 500;
  }
  return false;
}
