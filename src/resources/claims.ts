import * as log from '../runner/log.js';
import type { ClaimInput } from '../inputs/config.js';
import { ActionError, allSettledOrThrow, inStep } from '../errors/errors.js';
import { deleteIfPresent } from '../konnect/errors.js';
import type { AuthServer, Claim, ClaimFields, Scope } from '../konnect/identity.js';
import { teardownItem, type RunContext } from './description.js';
import { converge } from './converge.js';
import { planFields, type Plan } from './diff.js';
import { ownerByLabels, ownerOfClaim, ownerOfScope } from './ownership.js';
import { define } from './registry.js';

/**
 * The claims the inputs give. As in the how-to, a claim goes into the token when any of the action's
 * scopes is requested (include_in_scopes). Several clients of one auth server can share a claim: the
 * run adds its scope ids to those already there and keeps the others, so no client's token loses it.
 * A claim of the same name that is not ours and holds another value is someone else's: the run fails
 * before any write unless take-over.
 */

export function desiredClaim(claim: ClaimInput, scopeIds: readonly string[], existing: Claim | undefined): ClaimFields {
  const kept = existing?.include_in_scopes.filter((id) => !scopeIds.includes(id)) ?? [];
  return {
    name: claim.name,
    value: claim.value,
    include_in_token: true,
    include_in_all_scopes: existing?.include_in_all_scopes ?? false,
    include_in_scopes: [...kept, ...scopeIds],
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
 * (`duplicates`), which the duplicate removal deletes when they are copies a concurrent run left.
 */
export type FoundClaims = ReadonlyMap<string, Claim> & { readonly duplicates: readonly Claim[] };

const NO_CLAIMS: FoundClaims = Object.assign(new Map<string, Claim>(), { duplicates: [] });

/** The claim every run agrees to keep among same-named ones: the oldest, then the smallest id. */
export function pickCanonicalClaim(claims: readonly Claim[]): Claim | undefined {
  return [...claims].sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.id.localeCompare(b.id))[0];
}

/** The ids of the found scopes that are ours. */
function ourScopeIds(ctx: RunContext, scopes: Iterable<Scope>, server: AuthServer | undefined): Set<string> {
  const serverIsOurs = server !== undefined && ownerByLabels(server.labels, ctx.origin).ours;
  return new Set([...scopes].filter((scope) => ownerOfScope(scope, ctx.origin, serverIsOurs).ours).map((scope) => scope.id));
}

export const claims = define({
  key: 'claims',
  phase: 'Kong Identity',
  row: 'claim',
  find: {
    needs: ['authServer'],
    modes: ['apply', 'plan'],
    // Claim names are not unique in Kong Identity: per name the canonical one is managed, and said so.
    run: async (ctx, found): Promise<FoundClaims> => {
      const server = found.authServer.named;
      if (server === undefined) return NO_CLAIMS;
      const perName = await allSettledOrThrow(
        ctx.config.claims.map(({ name }) =>
          inStep(`look up claim "${name}"`, async () => {
            const matches = await ctx.identity.findClaims(server.id, name);
            const canonical = pickCanonicalClaim(matches);
            if (matches.length > 1)
              log.warning(`${matches.length} claims are named "${name}"; managing ${canonical?.id}, and deleting the others that are copies of it.`);
            return { canonical, others: matches.filter((claim) => claim !== canonical) };
          }),
        ),
      );
      const byName = new Map(perName.flatMap(({ canonical }) => (canonical ? [[canonical.name, canonical] as const] : [])));
      return Object.assign(byName, { duplicates: perName.flatMap(({ others }) => others) });
    },
  },
  check: (ctx, found) => {
    const ours = ourScopeIds(ctx, found.scopes.values(), found.authServer.named);
    for (const claim of ctx.config.claims) {
      const existing = found.claims.get(claim.name);
      if (existing === undefined || existing.value === claim.value) continue;
      const owner = ownerOfClaim(existing, ours);
      if (owner.ours) continue;
      if (ctx.config.takeOver) {
        log.warning(`take-over: claim "${claim.name}" (${existing.id}) is ${owner.owner}; its value changes for every scope it serves.`);
        continue;
      }
      throw new ActionError(
        `Claim "${claim.name}" (${existing.id}) of auth server "${ctx.config.authServer.name}" holds another value, and ${owner.owner}: changing it would change the tokens of its other clients. Nothing was changed.`,
        { hint: `Give the claim another name in the claims input, or set take-over: true to change its value for every scope it serves.` },
      );
    }
  },
  apply: {
    needs: ['authServer', 'scopes'],
    run: (ctx, found, { authServer, scopes }) => {
      const scopeIds = scopes.map((scope) => scope.resource.id);
      const serverId = authServer.resource.id;
      return allSettledOrThrow(
        ctx.config.claims.map((claim) =>
          converge<Claim>({
            what: `claim "${claim.name}"`,
            existing: found.claims.get(claim.name),
            plan: (existing) => planClaim(desiredClaim(claim, scopeIds, existing), existing),
            create: () => ctx.identity.createClaim(serverId, desiredClaim(claim, scopeIds, undefined)),
            findAgain: async () => pickCanonicalClaim(await ctx.identity.findClaims(serverId, claim.name)),
            update: (existing, patch) => ctx.identity.updateClaim(serverId, existing.id, patch),
          }),
        ),
      );
    },
  },
  teardown: {
    stage: 'shared',
    // With no client left: every claim that serves only scopes that are ours (force: every one).
    decide: (ctx, state) => {
      const server = state.found.authServer.named;
      if (server === undefined || state.serverClaims === undefined) return [];
      const ours = ourScopeIds(ctx, state.serverScopes ?? [], server);
      return state.serverClaims.map((claim) => {
        const owner = ownerOfClaim(claim, ours);
        const at = { id: claim.id, parents: { authServerId: server.id } };
        return owner.ours || ctx.config.force
          ? teardownItem('claim', claim.name, 'delete', at)
          : teardownItem('claim', claim.name, 'keep', { ...at, reason: `${owner.owner} (force: true deletes it)` });
      });
    },
    remove: async (ctx, state, item) => {
      const serverId = state.found.authServer.named?.id as string;
      await inStep(`delete claim "${item.name}"`, () => deleteIfPresent(() => ctx.identity.deleteClaim(serverId, item.id as string)));
      return item;
    },
  },
  plan: (ctx, found) => {
    const scopeIds = ctx.config.scopes.map((name) => found.scopes.get(name)?.id ?? `new scope ${name}`);
    return ctx.config.claims.map((claim) => {
      const existing = found.claims.get(claim.name);
      return { kind: 'claim', name: claim.name, ...planClaim(desiredClaim(claim, scopeIds, existing), existing), ...(existing ? { id: existing.id } : {}) };
    });
  },
});

/**
 * Claim names are not unique, so concurrent first runs can each create the same claim. Every run
 * applies the same rule to the claims it created: the oldest claim of a name (then the smallest id)
 * is the one; a run whose claim is not it deletes its own. A run killed or failed before that leaves
 * its copy behind, so a later run also deletes the duplicates its lookups found that carry the same
 * settings as the claim it manages (another same-named claim, set up differently, is left alone).
 * Runs beside the token request: duplicates carry the same value, so the token is right either way.
 */
export const duplicateClaimIds = define({
  key: 'duplicateClaimIds',
  phase: 'Kong Identity',
  row: 'claim',
  apply: {
    needs: ['authServer', 'claims'],
    run: async (ctx, found, { authServer, claims: list }) => {
      const serverId = authServer.resource.id;
      const ownCopies = await allSettledOrThrow(
        list
          .filter((claim) => claim.created)
          .map(async ({ resource: ours }) => {
            const keeper = pickCanonicalClaim(await inStep(`look up claim "${ours.name}"`, () => ctx.identity.findClaims(serverId, ours.name)));
            return keeper === undefined || keeper.id === ours.id ? [] : [ours];
          }),
      );
      const leftCopies = found.claims.duplicates.filter((duplicate) => {
        const kept = list.find((claim) => claim.resource.name === duplicate.name)?.resource;
        return kept !== undefined && kept.id !== duplicate.id && planClaim(claimFieldsOf(kept), duplicate).action === 'unchanged';
      });
      return allSettledOrThrow(
        [...ownCopies.flat(), ...leftCopies].map(async (copy) => {
          await inStep(`delete duplicate claim "${copy.name}"`, () => deleteIfPresent(() => ctx.identity.deleteClaim(serverId, copy.id)));
          return copy.id;
        }),
      );
    },
  },
});

/** The settings a claim is compared on (what the API returns carries more, e.g. `created_at`). */
function claimFieldsOf(claim: Claim): ClaimFields {
  const { name, value, include_in_token, include_in_all_scopes, include_in_scopes, enabled } = claim;
  return { name, value, include_in_token, include_in_all_scopes, include_in_scopes, enabled };
}
