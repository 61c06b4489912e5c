import { inStep } from '../errors/errors.js';
import type { AuthServer, AuthServerPatch, IdentityApi, Labels } from '../konnect/identity.js';
import { KonnectApiError } from '../konnect/errors.js';
import { createOrAdopt } from '../reconcile/adopt.js';
import { deleteIfPresent } from '../reconcile/delete.js';
import { patchFrom, planFields, type Plan, type Reconciled } from './diff.js';

export interface DesiredAuthServer {
  name: string;
  audience: string;
  /** Managed only when the input is given; otherwise left as it is. */
  description?: string;
  /** Set at creation only. */
  labels?: Labels;
}

/** Compared fields: audience, and description when given. */
export function planAuthServer(desired: DesiredAuthServer, existing: AuthServer | undefined): Plan {
  const fields: Record<string, unknown> = { audience: desired.audience };
  if (desired.description !== undefined) fields['description'] = desired.description;
  return planFields(fields, existing as unknown as Record<string, unknown> | undefined);
}

/** Every auth server of the region, and among them the one of this name (names are unique per region). */
export interface AuthServerLookup {
  named: AuthServer | undefined;
  all: AuthServer[];
}

/**
 * One request lists every auth server (at most 50 per region): the one named `name`, and the
 * issuers the plugin check (plugin.ts, claimedByAnotherAuthServer) needs, without a request more.
 */
export async function lookUpAuthServers(api: IdentityApi, name: string): Promise<AuthServerLookup> {
  return inStep(`look up auth server "${name}"`, async () => {
    const all = await api.listAuthServers();
    return { named: all.find((server) => server.name === name), all };
  });
}

/** Auth server names are unique per org and region, so there is at most one. */
export async function findAuthServer(api: IdentityApi, name: string): Promise<AuthServer | undefined> {
  return inStep(`look up auth server "${name}"`, async () => (await api.findAuthServers(name))[0]);
}

export async function applyAuthServer(api: IdentityApi, desired: DesiredAuthServer, existing: AuthServer | undefined): Promise<Reconciled<AuthServer>> {
  if (existing === undefined) {
    const { resource, adopted } = await inStep(`create auth server "${desired.name}"`, () =>
      createOrAdopt(
        `auth server "${desired.name}"`,
        () =>
          api.createAuthServer({
            name: desired.name,
            audience: desired.audience,
            ...(desired.description === undefined ? {} : { description: desired.description }),
            ...(desired.labels === undefined ? {} : { labels: desired.labels }),
          }),
        () => findAuthServer(api, desired.name),
      ),
    );
    if (!adopted) return { plan: planAuthServer(desired, undefined), resource, created: true };
    return applyAuthServer(api, desired, resource); // a concurrent run made it: converge it like any existing one
  }
  const plan = planAuthServer(desired, existing);
  if (plan.action === 'unchanged') return { plan, resource: existing, created: false };
  const updated = await inStep(`update auth server "${desired.name}"`, () => api.updateAuthServer(existing.id, patchFrom(plan) as AuthServerPatch));
  return { plan, resource: updated, created: false };
}

/**
 * Teardown: deletes the auth server. Without `force` Konnect refuses (400) while it still has
 * scopes, claims or clients: then it is kept, and the answer says so (`still-in-use`).
 */
export async function deleteAuthServer(
  api: IdentityApi,
  server: Pick<AuthServer, 'id' | 'name'>,
  options: { force: boolean },
): Promise<'deleted' | 'still-in-use'> {
  try {
    await deleteIfPresent(`auth server "${server.name}"`, () => api.deleteAuthServer(server.id, { force: options.force }));
    return 'deleted';
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    if (!options.force && cause instanceof KonnectApiError && cause.status === 400) return 'still-in-use';
    throw error;
  }
}
