import { allSettledOrThrow, inStep } from '../errors/errors.js';
import type { AuthServer, Scope, ScopeFields } from '../konnect/identity.js';
import { teardownItem, type RunContext } from './description.js';
import { deleteIfPresent } from '../konnect/errors.js';
import { converge } from './converge.js';
import { planFields, type Plan } from './diff.js';
import { ownerByLabels, ownerOfScope, scopeDescription, type RunOrigin } from './ownership.js';
import { define } from './registry.js';

/**
 * The scopes the inputs name. Names are unique per auth server, and a scope may serve other clients:
 * one that is ours gets the flags the how-to gives it; one found that is not ours is only enabled
 * (its default and metadata flags serve its other users, and are left as they are).
 */

/** The flags the action owns on each scope it created, as in the how-to. */
const SCOPE_FLAGS = { default: false, include_in_metadata: false, enabled: true } as const;

export function desiredScope(name: string, origin: RunOrigin): ScopeFields {
  return { name, description: scopeDescription(origin), ...SCOPE_FLAGS };
}

export function planScope(name: string, existing: Scope | undefined, origin: RunOrigin, serverIsOurs: boolean): Plan {
  if (existing === undefined) return planFields({ ...desiredScope(name, origin) }, undefined);
  const ours = ownerOfScope(existing, origin, serverIsOurs).ours;
  return planFields(ours ? { ...SCOPE_FLAGS } : { enabled: true }, existing as unknown as Record<string, unknown>);
}

export const scopes = define({
  key: 'scopes',
  phase: 'Kong Identity',
  row: 'scope',
  find: {
    needs: ['authServer'],
    modes: ['apply', 'plan'],
    // One filtered lookup per name, all at once; none when the auth server does not exist yet.
    run: async (ctx, found) => {
      const server = found.authServer.named;
      if (server === undefined) return new Map<string, Scope>();
      const matches = await allSettledOrThrow(
        ctx.config.scopes.map((name) => inStep(`look up scope "${name}"`, async () => (await ctx.identity.findScopes(server.id, name))[0])),
      );
      return new Map(matches.flatMap((scope) => (scope ? [[scope.name, scope] as const] : [])));
    },
  },
  apply: {
    needs: ['authServer'],
    // The result keeps the order of the scopes input.
    run: (ctx, found, { authServer }) =>
      allSettledOrThrow(
        ctx.config.scopes.map((name) =>
          converge<Scope>({
            what: `scope "${name}"`,
            existing: found.scopes.get(name),
            plan: (existing) => planScope(name, existing, ctx.origin, authServer.created || ownsServer(ctx, authServer.resource)),
            create: () => ctx.identity.createScope(authServer.resource.id, desiredScope(name, ctx.origin)),
            findAgain: async () => (await ctx.identity.findScopes(authServer.resource.id, name))[0],
            update: (existing, patch) => ctx.identity.updateScope(authServer.resource.id, existing.id, patch),
          }),
        ),
      ),
  },
  teardown: {
    stage: 'shared',
    // With no client left: every scope of the auth server that is ours (force: every one).
    decide: (ctx, state) => {
      const server = state.found.authServer.named;
      if (server === undefined || state.serverScopes === undefined) return [];
      const serverIsOurs = ownsServer(ctx, server);
      return state.serverScopes.map((scope) => {
        const owner = ownerOfScope(scope, ctx.origin, serverIsOurs);
        const at = { id: scope.id, parents: { authServerId: server.id } };
        return owner.ours || ctx.config.force
          ? teardownItem('scope', scope.name, 'delete', at)
          : teardownItem('scope', scope.name, 'keep', { ...at, reason: `it is ${owner.owner} (force: true deletes it)` });
      });
    },
    remove: async (ctx, state, item) => {
      const serverId = state.found.authServer.named?.id as string;
      await inStep(`delete scope "${item.name}"`, () => deleteIfPresent(() => ctx.identity.deleteScope(serverId, item.id as string)));
      return item;
    },
  },
  plan: (ctx, found) =>
    ctx.config.scopes.map((name) => {
      const existing = found.scopes.get(name);
      const server = found.authServer.named;
      return {
        kind: 'scope',
        name,
        ...planScope(name, existing, ctx.origin, server !== undefined && ownsServer(ctx, server)),
        ...(existing ? { id: existing.id } : {}),
      };
    }),
});

function ownsServer(ctx: RunContext, server: AuthServer): boolean {
  return ownerByLabels(server.labels, ctx.origin).ours;
}
