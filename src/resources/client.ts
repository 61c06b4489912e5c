import * as log from '../runner/log.js';
import { ActionError, inStep } from '../errors/errors.js';
import type { Client, ClientFields } from '../konnect/identity.js';
import { teardownItem, type RunContext } from './description.js';
import { deleteIfPresent } from '../konnect/errors.js';
import { converge } from './converge.js';
import { planFields, type Plan, type Reconciled } from './diff.js';
import { creationLabels, ownerByLabels, type Owner } from './ownership.js';
import { define, type Found } from './registry.js';

/**
 * The client: a machine client of the client credentials grant (client_secret_post), allowed the
 * action's scopes only. One found by name that is not ours (made by hand, or by this action for
 * another repository) has users of its own: the run uses it only as it is, with a client-secret that
 * works; changing it or rotating its secret needs take-over.
 */
export function desiredClient(name: string, scopeIds: readonly string[], tokenDurationSeconds: number): ClientFields {
  return {
    name,
    grant_types: ['client_credentials'],
    response_types: ['token'],
    allow_all_scopes: false,
    allow_scopes: [...scopeIds],
    access_token_duration: tokenDurationSeconds,
    id_token_duration: tokenDurationSeconds,
    token_endpoint_auth_method: 'client_secret_post',
  };
}

const UNORDERED = ['grant_types', 'response_types', 'allow_scopes'];

export function planClient(desired: ClientFields, existing: Client | undefined): Plan {
  if (existing === undefined) return planFields({ ...desired }, undefined);
  const { name: _name, ...fields } = desired;
  return planFields(fields, existing as unknown as Record<string, unknown>, UNORDERED);
}

export interface ReconciledClient extends Reconciled<Client> {
  /** The secret the client was created with, when this run created it: Konnect never shows it again. */
  creationSecret?: string;
  /** Whose the client is: a client not ours keeps its secrets (client-secret.ts). */
  owner: Owner;
}

/** Client ids look like Konnect's own: 20 characters of [A-Za-z0-9_-]. */
export function newClientId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(15))).toString('base64url');
}

/** The plan of the client found, with the scope ids found (or named after the scopes they will be). */
function plannedFor(ctx: RunContext, found: Pick<Found, 'scopes' | 'client'>): Plan {
  const scopeIds = ctx.config.scopes.map((name) => found.scopes.get(name)?.id ?? `new scope ${name}`);
  return planClient(desiredClient(ctx.config.client.name, scopeIds, ctx.config.client.accessTokenDuration), found.client);
}

export const client = define({
  key: 'client',
  phase: 'Kong Identity',
  row: 'client',
  find: {
    needs: ['authServer'],
    // Client names are unique per auth server.
    run: async (ctx, found) => {
      const server = found.authServer.named;
      if (server === undefined) return undefined;
      return inStep(`look up client "${ctx.config.client.name}"`, async () => (await ctx.identity.findClients(server.id, ctx.config.client.name))[0]);
    },
  },
  check: (ctx, found) => {
    const existing = found.client;
    if (existing === undefined) return;
    const owner = ownerByLabels(existing.labels, ctx.origin);
    if (owner.ours) return;
    const changes = plannedFor(ctx, found).changes.map((change) => change.field);
    const wouldChange = [
      ...(changes.length > 0 ? [`change its ${changes.join(', ')}`] : []),
      ...(ctx.config.client.secret === undefined ? ['rotate its secret'] : []),
    ];
    if (wouldChange.length === 0) return;
    const what = `client "${existing.name}" (${existing.id}) of auth server "${ctx.config.authServer.name}" is ${owner.owner}`;
    if (ctx.config.takeOver) {
      log.warning(`take-over: ${what}; this run will ${wouldChange.join(' and ')}, and its other users' secret or settings stop working.`);
      return;
    }
    throw new ActionError(`The ${what}: this run would ${wouldChange.join(' and ')}, which breaks its other users. Nothing was changed.`, {
      hint: "Use another client-name; or pass that client's secret as client-secret (with the same scopes and access-token-duration) to use it as it is; or set take-over: true to converge and rotate it on purpose.",
    });
  },
  apply: {
    needs: ['authServer', 'scopes'],
    run: async (ctx, found, { authServer, scopes }): Promise<ReconciledClient> => {
      const name = ctx.config.client.name;
      const serverId = authServer.resource.id;
      const desired = desiredClient(
        name,
        scopes.map((scope) => scope.resource.id),
        ctx.config.client.accessTokenDuration,
      );
      const labels = creationLabels(ctx.origin);
      const secret = ctx.config.client.secret;
      let creationSecret: string | undefined;
      // With client-secret, a new client is created by PUT with an id we choose and that secret: one
      // request, safe to repeat, and the client has exactly the secret the user keeps. Without it,
      // Konnect generates the secret and returns it this once.
      const create = async (): Promise<Client> => {
        if (secret !== undefined) {
          creationSecret = secret;
          return ctx.identity.putClient(serverId, newClientId(), { ...desired, labels, client_secret: secret });
        }
        const { client_secret, ...created } = await ctx.identity.createClient(serverId, { ...desired, labels });
        creationSecret = client_secret;
        return created;
      };
      const existing = found.client;
      const owner = existing === undefined ? ({ ours: true } as const) : ownerByLabels(existing.labels, ctx.origin);
      const outcome = await converge<Client>({
        what: `client "${name}"`,
        existing,
        plan: (current) => planClient(desired, current),
        create,
        findAgain: async () => (await ctx.identity.findClients(serverId, name))[0],
        update: (current, patch) => ctx.identity.updateClient(serverId, current.id, patch),
      });
      // A client adopted after a lost answer was made by this run or a sibling: its creation secret is not known.
      const adoptedOwner = outcome.created ? ({ ours: true } as const) : existing === undefined ? ownerByLabels(outcome.resource.labels, ctx.origin) : owner;
      return { ...outcome, owner: adoptedOwner, ...(outcome.created && creationSecret !== undefined ? { creationSecret } : {}) };
    },
  },
  plan: (ctx, found) => [{ kind: 'client', name: ctx.config.client.name, ...plannedFor(ctx, found), ...(found.client ? { id: found.client.id } : {}) }],
  teardown: {
    stage: 'client',
    decide: (ctx, { found }) => {
      const existing = found.client;
      const name = ctx.config.client.name;
      if (existing === undefined) return [teardownItem('client', name, 'absent')];
      const at = { id: existing.id, parents: { authServerId: found.authServer.named?.id as string } };
      const owner = ownerByLabels(existing.labels, ctx.origin);
      if (!owner.ours && !clientGoes(ctx, existing))
        return [teardownItem('client', name, 'keep', { ...at, reason: `it is ${owner.owner} (force: true deletes it)` })];
      return [teardownItem('client', name, 'delete', at)];
    },
    remove: async (ctx, { found }, item) => {
      const serverId = found.authServer.named?.id as string;
      await inStep(`delete client "${item.name}"`, () => deleteIfPresent(() => ctx.identity.deleteClient(serverId, item.id as string)));
      return item;
    },
  },
});

/** A teardown deletes the client when it is ours, or with force. */
export function clientGoes(ctx: RunContext, existing: Client | undefined): boolean {
  return existing === undefined || ctx.config.force || ownerByLabels(existing.labels, ctx.origin).ours;
}
