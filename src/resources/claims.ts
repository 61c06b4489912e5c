import * as log from '../runner/log.js';
import type { ClaimInput } from '../inputs/config.js';
import { inStep } from '../errors/errors.js';
import { KonnectApiError } from '../konnect/errors.js';
import type { Claim, ClaimFields, IdentityApi } from '../konnect/identity.js';
import { createOrAdopt } from '../reconcile/adopt.js';
import { deleteIfPresent } from '../reconcile/delete.js';
import { patchFrom, planFields, type Plan, type Reconciled } from './diff.js';

/**
 * As in the how-to: a claim goes into the token when any of the action's scopes is requested
 * (include_in_scopes = those scopes' ids), and only then.
 */
export function desiredClaim(claim: ClaimInput, scopeIds: readonly string[]): ClaimFields {
  return {
    name: claim.name,
    value: claim.value,
    include_in_token: true,
    include_in_all_scopes: false,
    include_in_scopes: [...scopeIds],
    enabled: true,
  };
}

export function planClaim(desired: ClaimFields, existing: Claim | undefined): Plan {
  const { name: _name, ...fields } = desired;
  return existing === undefined
    ? planFields({ ...desired }, undefined)
    : planFields(fields, existing as unknown as Record<string, unknown>, ['include_in_scopes']);
}

/**
 * The claims found by name: per name the one the action manages, and the other claims of those names
 * (`duplicates`), which removeDuplicateClaims deletes when they are copies a concurrent run left.
 */
export type FoundClaims = ReadonlyMap<string, Claim> & { readonly duplicates: readonly Claim[] };

export const NO_CLAIMS: FoundClaims = Object.assign(new Map<string, Claim>(), { duplicates: [] });

/**
 * Claim names are not unique in Kong Identity: when several share a name, the action manages the
 * canonical one (pickCanonicalClaim, the rule concurrent runs agree on) and says so.
 */
export async function findClaims(api: IdentityApi, authServerId: string, names: readonly string[]): Promise<FoundClaims> {
  const found = await Promise.all(
    names.map((name) =>
      inStep(`look up claim "${name}"`, async () => {
        const matches = await api.findClaims(authServerId, name);
        const canonical = pickCanonicalClaim(matches);
        if (matches.length > 1) {
          log.warning(`${matches.length} claims are named "${name}"; managing ${canonical?.id}, and deleting the others that are copies of it.`);
        }
        return { canonical, others: matches.filter((claim) => claim !== canonical) };
      }),
    ),
  );
  const byName = new Map(found.flatMap(({ canonical }) => (canonical ? [[canonical.name, canonical] as const] : [])));
  return Object.assign(byName, { duplicates: found.flatMap(({ others }) => others) });
}

async function applyClaim(api: IdentityApi, authServerId: string, desired: ClaimFields, existing: Claim | undefined): Promise<Reconciled<Claim>> {
  const name = desired.name;
  if (existing === undefined) {
    const { resource, adopted } = await inStep(`create claim "${name}"`, () =>
      createOrAdopt(
        `claim "${name}"`,
        () => api.createClaim(authServerId, desired),
        async () => (await api.findClaims(authServerId, name))[0],
      ),
    );
    if (!adopted) return { plan: planClaim(desired, undefined), resource, created: true };
    return applyClaim(api, authServerId, desired, resource);
  }
  const plan = planClaim(desired, existing);
  if (plan.action === 'unchanged') return { plan, resource: existing, created: false };
  const updated = await inStep(`update claim "${name}"`, () => api.updateClaim(authServerId, existing.id, patchFrom(plan)));
  return { plan, resource: updated, created: false };
}

export async function applyClaims(
  api: IdentityApi,
  authServerId: string,
  claims: readonly ClaimInput[],
  scopeIds: readonly string[],
  existing: ReadonlyMap<string, Claim>,
): Promise<Array<Reconciled<Claim>>> {
  return Promise.all(claims.map((claim) => applyClaim(api, authServerId, desiredClaim(claim, scopeIds), existing.get(claim.name))));
}

/**
 * Claim names are not unique, so concurrent first runs can each create the same claim. Every run
 * applies the same rule to the claims it created: the oldest claim of a name (then the smallest id)
 * is the one; a run whose claim is not it deletes its own. A run killed or failed before that leaves
 * its copy behind, so a later run also deletes the `duplicates` its lookups found that carry the same
 * settings as the claim it manages (another same-named claim, set up differently, is left alone).
 * Runs beside the token request: duplicates carry the same value, so the token is right either way.
 * Returns the deleted ids (report.ts logs them).
 */
export async function removeDuplicateClaims(
  api: IdentityApi,
  authServerId: string,
  claims: ReadonlyArray<Reconciled<Claim>>,
  duplicates: readonly Claim[] = [],
): Promise<string[]> {
  const created = claims.filter((claim) => claim.created).map((claim) => claim.resource);
  const ownCopies = await Promise.all(
    created.map(async (ours) => {
      const keeper = pickCanonicalClaim(await inStep(`look up claim "${ours.name}"`, () => api.findClaims(authServerId, ours.name)));
      return keeper === undefined || keeper.id === ours.id ? [] : [ours];
    }),
  );
  const leftCopies = duplicates.filter((duplicate) => {
    const kept = claims.find((claim) => claim.resource.name === duplicate.name)?.resource;
    return kept !== undefined && kept.id !== duplicate.id && planClaim(claimFieldsOf(kept), duplicate).action === 'unchanged';
  });
  const deleted = await Promise.all(
    [...ownCopies.flat(), ...leftCopies].map(async (copy) => {
      await inStep(`delete duplicate claim "${copy.name}"`, () => deleteUnlessGone(api, authServerId, copy.id));
      return copy.id;
    }),
  );
  return deleted;
}

/** A concurrent run may delete the same copy first: a 404 means it is gone, as wanted. */
async function deleteUnlessGone(api: IdentityApi, authServerId: string, id: string): Promise<void> {
  try {
    await api.deleteClaim(authServerId, id);
  } catch (error) {
    if (!(error instanceof KonnectApiError && error.status === 404)) throw error;
  }
}

/** The settings a claim is compared on (what the API returns carries more, e.g. `updated_at`). */
function claimFieldsOf(claim: Claim): ClaimFields {
  const { name, value, include_in_token, include_in_all_scopes, include_in_scopes, enabled } = claim;
  return { name, value, include_in_token, include_in_all_scopes, include_in_scopes, enabled };
}

/** The claim every run agrees to keep among same-named ones: the oldest, then the smallest id. */
export function pickCanonicalClaim(claims: readonly Claim[]): Claim | undefined {
  return [...claims].sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.id.localeCompare(b.id))[0];
}

/**
 * Teardown: every claim of these names (names are not unique, so a name can match several, for
 * example duplicates a concurrent run left), in one filtered request per name.
 */
export async function findClaimsToDelete(api: IdentityApi, authServerId: string, names: readonly string[]): Promise<Claim[]> {
  const found = await Promise.all(names.map((name) => inStep(`look up claim "${name}"`, () => api.findClaims(authServerId, name))));
  return found.flat();
}

export async function deleteClaims(api: IdentityApi, authServerId: string, claims: readonly Claim[]): Promise<void> {
  await Promise.all(claims.map((claim) => deleteIfPresent(`claim "${claim.name}"`, () => api.deleteClaim(authServerId, claim.id))));
}
