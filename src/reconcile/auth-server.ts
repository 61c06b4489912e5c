import { inStep } from '../errors.js';
import type { AuthServer, AuthServerPatch, IdentityApi, Labels } from '../konnect/identity.js';
import { createOrAdopt } from './adopt.js';
import { patchFrom, planFields, type Plan, type Reconciled } from './plan.js';

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

/** Auth server names are unique per org and region, so there is at most one. */
export async function findAuthServer(api: IdentityApi, name: string): Promise<AuthServer | undefined> {
  return inStep(`look up auth server "${name}"`, async () => (await api.findAuthServers(name))[0]);
}

export async function applyAuthServer(
  api: IdentityApi,
  desired: DesiredAuthServer,
  existing: AuthServer | undefined,
): Promise<Reconciled<AuthServer>> {
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
  const updated = await inStep(`update auth server "${desired.name}"`, () =>
    api.updateAuthServer(existing.id, patchFrom(plan) as AuthServerPatch),
  );
  return { plan, resource: updated, created: false };
}
