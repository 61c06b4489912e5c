import * as log from '../runner/log.js';
import { ActionError, allSettledOrThrow, inStep } from '../errors/errors.js';
import { konnectStatus } from '../konnect/errors.js';
import type { AuthServer, AuthServerPatch, IdentityApi, Scope } from '../konnect/identity.js';
import { converge } from './converge.js';
import { define, type Found } from './registry.js';
import { planFields, type Plan } from './diff.js';
import { teardownItem } from './description.js';
import { creationLabels, ownerByLabels } from './ownership.js';

/**
 * The Kong Identity auth server: one per name and region, shared by every client on it. Its
 * audience is the one setting every client's tokens carry: changing it while other clients use the
 * auth server locks them out, so that needs replace-audience.
 */

/** Every auth server of the region (at most 50: one page), and among them the one named. */
export interface AuthServerLookup {
  named: AuthServer | undefined;
  all: AuthServer[];
}

/** Compared fields: audience, and description when the input gives one. */
export function planAuthServer(config: { audience: string; description?: string }, existing: AuthServer | undefined): Plan {
  const fields: Record<string, unknown> = { audience: config.audience };
  if (config.description !== undefined) fields['description'] = config.description;
  return planFields(fields, existing as unknown as Record<string, unknown> | undefined);
}

/** Other clients of the auth server, by name with their scope names: read only when a shared setting would change. */
export interface OtherClient {
  id: string;
  name: string;
  scopeNames: string[];
}

export const authServer = define({
  key: 'authServer',
  phase: 'Kong Identity',
  row: 'auth server',
  find: {
    needs: [],
    // One request gives the one named (names are unique per region) and every issuer the plugin's owner check needs.
    run: async (ctx): Promise<AuthServerLookup> =>
      inStep(`look up auth server "${ctx.config.authServer.name}"`, async () => {
        const all = await ctx.identity.listAuthServers();
        return { named: all.find((server) => server.name === ctx.config.authServer.name), all };
      }),
  },
  check: (ctx, found) => {
    const server = found.authServer.named;
    if (server === undefined || server.audience === ctx.config.authServer.audience) return;
    const others = found.otherClients ?? [];
    const users = others.map((client) => `"${client.name}"`).join(', ');
    const what = `auth server "${server.name}" has audience "${server.audience}"; this run's audience is "${ctx.config.authServer.audience}"`;
    if (others.length === 0) return;
    if (ctx.config.replaceAudience) {
      log.warning(`replace-audience: ${what}. Its other clients (${users}) get tokens for the new audience, which gateways that require the old one refuse.`);
      return;
    }
    throw new ActionError(`The ${what}, and other clients use it (${users}): changing it would lock them out. Nothing was changed.`, {
      hint: `Give this run the audience "${server.audience}", or another auth-server-name; or set replace-audience: true to change it for every client on purpose.`,
    });
  },
  apply: {
    needs: [],
    run: (ctx, found) => {
      const { name, audience, description } = ctx.config.authServer;
      return converge<AuthServer>({
        what: `auth server "${name}"`,
        existing: found.authServer.named,
        plan: (existing) => planAuthServer(ctx.config.authServer, existing),
        create: () =>
          ctx.identity.createAuthServer({
            name,
            audience,
            ...(description === undefined ? {} : { description }),
            labels: creationLabels(ctx.origin),
          }),
        findAgain: async () => (await ctx.identity.findAuthServers(name))[0],
        update: (existing, patch) => ctx.identity.updateAuthServer(existing.id, patch as AuthServerPatch),
      });
    },
  },
  teardown: {
    stage: 'shared',
    decide: (ctx, state) => {
      const server = state.found.authServer.named;
      const name = ctx.config.authServer.name;
      if (server === undefined) return [teardownItem('auth server', name, 'absent')];
      const keep = (reason: string) => [teardownItem('auth server', name, 'keep', { id: server.id, reason })];
      if (state.sharedKept !== undefined) return keep(state.sharedKept);
      const left = state.remaining?.length ?? 0;
      if (left > 0) return keep(`${left} other client${left === 1 ? '' : 's'} still use${left === 1 ? 's' : ''} it`);
      const owner = ownerByLabels(server.labels, ctx.origin);
      if (!owner.ours && !ctx.config.force) return keep(`it is ${owner.owner} (force: true deletes it)`);
      const kept = state.decided.filter((item) => (item.kind === 'scope' || item.kind === 'claim') && item.outcome === 'keep').length;
      if (kept > 0)
        return keep(`it still has ${kept} scope${kept === 1 ? '' : 's'} or claim${kept === 1 ? '' : 's'} that are not ours (force: true deletes them with it)`);
      return [teardownItem('auth server', name, 'delete', { id: server.id })];
    },
    remove: async (ctx, state, item) => {
      const server = state.found.authServer.named as AuthServer;
      const outcome = await inStep(`delete auth server "${server.name}"`, () => deleteAuthServer(ctx, server, ctx.config.force));
      if (outcome !== 'still-in-use') return item;
      return { ...item, outcome: 'keep', reason: 'Konnect refused: it still has scopes, claims or clients (force: true deletes them with it)' };
    },
  },
  plan: (ctx, found) => [
    {
      kind: 'auth server',
      name: ctx.config.authServer.name,
      ...planAuthServer(ctx.config.authServer, found.authServer.named),
      ...(found.authServer.named ? { id: found.authServer.named.id } : {}),
    },
  ],
});

/**
 * The other clients of the auth server, with their scope names, when a setting they share would
 * change: the audience (auth-server.ts), or the plugin's scopes_required turned on (plugin.ts). One
 * list of clients and one of scopes; nothing otherwise.
 */
export const otherClients = define({
  key: 'otherClients',
  phase: 'Kong Identity',
  row: 'auth server',
  find: {
    needs: ['authServer', 'client', 'plugin'],
    modes: ['apply', 'plan'],
    run: async (ctx, found: Pick<Found, 'authServer' | 'client' | 'plugin'>): Promise<OtherClient[] | undefined> => {
      const server = found.authServer.named;
      if (server === undefined) return undefined;
      const audienceChanges = server.audience !== ctx.config.authServer.audience;
      const scopesTurnOn = ctx.config.requireScopes && found.plugin.plugin !== undefined && !found.plugin.managesScopesRequired;
      if (!audienceChanges && !scopesTurnOn) return undefined;
      const own = found.client?.id;
      return (await listClientsWithScopes(ctx.identity, server)).clients.filter((client) => client.id !== own);
    },
  },
  apply: { needs: [], run: async () => undefined },
});

/**
 * Every client of the auth server with its scope names, and every scope: one list of each (bounded:
 * 5,000 clients are 50 pages). What a shared setting (audience, scopes_required) or a teardown decides on.
 */
export async function listClientsWithScopes(
  identity: IdentityApi,
  server: Pick<AuthServer, 'id' | 'name'>,
): Promise<{ clients: OtherClient[]; scopes: Scope[] }> {
  const [clients, scopes] = await inStep(`list the clients and scopes of auth server "${server.name}"`, () =>
    allSettledOrThrow([identity.listClients(server.id), identity.listScopes(server.id)]),
  );
  const names = new Map(scopes.map((scope) => [scope.id, scope.name]));
  return {
    clients: clients.map((client) => ({ id: client.id, name: client.name, scopeNames: client.allow_scopes.flatMap((id) => names.get(id) ?? []) })),
    scopes,
  };
}

/**
 * Teardown: deletes the auth server. Without `force` Konnect refuses (400) while it still has
 * scopes, claims or clients: then it is kept, and the answer says so.
 */
export async function deleteAuthServer(
  ctx: { identity: { deleteAuthServer: (id: string, options: { force?: boolean }) => Promise<void> } },
  server: Pick<AuthServer, 'id' | 'name'>,
  force: boolean,
): Promise<'deleted' | 'absent' | 'still-in-use'> {
  try {
    await ctx.identity.deleteAuthServer(server.id, { force });
    return 'deleted';
  } catch (error) {
    const status = konnectStatus(error);
    if (status === 404) return 'absent';
    if (!force && status === 400) return 'still-in-use';
    throw error;
  }
}
