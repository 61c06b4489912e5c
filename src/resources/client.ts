import { inStep } from '../errors/errors.js';
import type { Client, ClientFields, IdentityApi, Labels } from '../konnect/identity.js';
import { createOrAdopt } from '../reconcile/adopt.js';
import { deleteIfPresent } from '../reconcile/delete.js';
import { patchFrom, planFields, type Plan, type Reconciled } from './diff.js';

/** A machine client: client credentials at the token endpoint (client_secret_post), the action's scopes only. */
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

/** Client names are unique per auth server. */
export async function findClient(api: IdentityApi, authServerId: string, name: string): Promise<Client | undefined> {
  return inStep(`look up client "${name}"`, async () => (await api.findClients(authServerId, name))[0]);
}

export interface ReconciledClient extends Reconciled<Client> {
  /** The secret the client was created with, when this run created it: Konnect never shows it again. */
  creationSecret?: string;
}

/** Client ids look like Konnect's own: 20 characters of [A-Za-z0-9_-]. */
export function newClientId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(15))).toString('base64url');
}

/**
 * Creates the client or converges an existing one. With `secret` (the client-secret input) a new
 * client is created by PUT with a client id we choose and that secret: one request, safe to repeat,
 * and the client has exactly the secret the user keeps. Without it, a POST lets Konnect generate the
 * secret, returned this once.
 */
export async function applyClient(
  api: IdentityApi,
  authServerId: string,
  desired: ClientFields,
  existing: Client | undefined,
  options: { secret?: string; labels?: Labels } = {},
): Promise<ReconciledClient> {
  const name = desired.name;
  if (existing === undefined) {
    const labels = options.labels === undefined ? {} : { labels: options.labels };
    const secret = options.secret;
    const findExisting = () => findClient(api, authServerId, name);
    if (secret !== undefined) {
      const clientId = newClientId();
      const { resource, adopted } = await inStep(`create client "${name}"`, () =>
        createOrAdopt(`client "${name}"`, () => api.putClient(authServerId, clientId, { ...desired, ...labels, client_secret: secret }), findExisting),
      );
      if (!adopted) return { plan: planClient(desired, undefined), resource, created: true, creationSecret: secret };
      return applyClient(api, authServerId, desired, resource, options);
    }
    const { resource, adopted } = await inStep(`create client "${name}"`, () =>
      createOrAdopt(`client "${name}"`, () => api.createClient(authServerId, { ...desired, ...labels }), findExisting),
    );
    if (!adopted) {
      const { client_secret: creationSecret, ...client } = resource as Client & { client_secret?: string };
      return {
        plan: planClient(desired, undefined),
        resource: client,
        created: true,
        ...(creationSecret === undefined ? {} : { creationSecret }),
      };
    }
    return applyClient(api, authServerId, desired, resource, options);
  }
  const plan = planClient(desired, existing);
  if (plan.action === 'unchanged') return { plan, resource: existing, created: false };
  const updated = await inStep(`update client "${name}"`, () => api.updateClient(authServerId, existing.id, patchFrom(plan)));
  return { plan, resource: updated, created: false };
}

/** Teardown: deletes the client (its secrets go with it); one already gone counts as deleted. */
export async function deleteClient(api: IdentityApi, authServerId: string, client: Pick<Client, 'id' | 'name'>): Promise<void> {
  await deleteIfPresent(`client "${client.name}"`, () => api.deleteClient(authServerId, client.id));
}
