import { inStep } from '../errors/errors.js';
import type { IdentityApi, Scope, ScopeFields } from '../konnect/identity.js';
import { createOrAdopt } from '../reconcile/adopt.js';
import { deleteIfPresent } from '../reconcile/delete.js';
import { patchFrom, planFields, type Plan, type Reconciled } from './diff.js';

/** The flags the action owns on each scope, as in the how-to. The description is set at creation only. */
const SCOPE_FLAGS = { default: false, include_in_metadata: false, enabled: true } as const;

function desiredScope(name: string): ScopeFields {
  return { name, description: 'Managed by kong-identity-oidc-action', ...SCOPE_FLAGS };
}

export function planScope(name: string, existing: Scope | undefined): Plan {
  if (existing === undefined) return planFields({ ...desiredScope(name) }, undefined);
  return planFields({ ...SCOPE_FLAGS }, existing as unknown as Record<string, unknown>);
}

/** Scope names are unique per auth server: one filtered lookup per name, all at once. */
export async function findScopes(api: IdentityApi, authServerId: string, names: readonly string[]): Promise<Map<string, Scope>> {
  const found = await Promise.all(names.map((name) => inStep(`look up scope "${name}"`, async () => (await api.findScopes(authServerId, name))[0])));
  return new Map(found.flatMap((scope) => (scope ? [[scope.name, scope] as const] : [])));
}

async function applyScope(api: IdentityApi, authServerId: string, name: string, existing: Scope | undefined): Promise<Reconciled<Scope>> {
  if (existing === undefined) {
    const { resource, adopted } = await inStep(`create scope "${name}"`, () =>
      createOrAdopt(
        `scope "${name}"`,
        () => api.createScope(authServerId, desiredScope(name)),
        async () => (await api.findScopes(authServerId, name))[0],
      ),
    );
    if (!adopted) return { plan: planScope(name, undefined), resource, created: true };
    return applyScope(api, authServerId, name, resource);
  }
  const plan = planScope(name, existing);
  if (plan.action === 'unchanged') return { plan, resource: existing, created: false };
  const updated = await inStep(`update scope "${name}"`, () => api.updateScope(authServerId, existing.id, patchFrom(plan)));
  return { plan, resource: updated, created: false };
}

/** Creates or updates every scope at once; the result keeps the order of `names`. */
export async function applyScopes(
  api: IdentityApi,
  authServerId: string,
  names: readonly string[],
  existing: ReadonlyMap<string, Scope>,
): Promise<Array<Reconciled<Scope>>> {
  return Promise.all(names.map((name) => applyScope(api, authServerId, name, existing.get(name))));
}

/** Teardown: deletes these scopes at once (Konnect also removes them from clients and claims). */
export async function deleteScopes(api: IdentityApi, authServerId: string, scopes: readonly Scope[]): Promise<void> {
  await Promise.all(scopes.map((scope) => deleteIfPresent(`scope "${scope.name}"`, () => api.deleteScope(authServerId, scope.id))));
}
