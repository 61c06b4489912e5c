import * as z from 'zod/mini';
import { maskSecret } from '../runner/secrets.js';
import type { KonnectClient } from './client.js';
import { listPlatformPages, PAGE_SIZE } from './pages.js';
import { clientId as clientIdSegment, uuid } from './paths.js';

/** Kong Identity v1: auth servers and their scopes, claims, clients and client secrets (kong-identity-v1.yaml). */

/**
 * What the action reads of each resource, checked as each response arrives (see KonnectClient).
 * Other fields Konnect sends are dropped: the action only ever PATCHes these resources.
 */
const labels = z.record(z.string(), z.string());
export type Labels = z.infer<typeof labels>;

const authServerSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  description: z.string(),
  audience: z.string(),
  issuer: z.string().check(z.minLength(1)),
  metadata_uri: z.exactOptional(z.string()),
  jwks_uri: z.exactOptional(z.string()),
  labels: z.exactOptional(labels),
});
export type AuthServer = z.infer<typeof authServerSchema>;

const scopeSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  description: z.string(),
  default: z.boolean(),
  include_in_metadata: z.boolean(),
  enabled: z.boolean(),
});
export type Scope = z.infer<typeof scopeSchema>;

const claimSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  value: z.string(),
  include_in_token: z.boolean(),
  include_in_all_scopes: z.boolean(),
  include_in_scopes: z.array(z.string()),
  enabled: z.boolean(),
  created_at: z.exactOptional(z.string()),
});
export type Claim = z.infer<typeof claimSchema>;

// Konnect may add grant types, response types and auth methods: any string passes the check.
const clientSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  grant_types: z.array(z.string()),
  response_types: z.array(z.string()),
  allow_all_scopes: z.boolean(),
  allow_scopes: z.array(z.string()),
  access_token_duration: z.number(),
  id_token_duration: z.number(),
  token_endpoint_auth_method: z.exactOptional(z.string()),
  labels: z.exactOptional(labels),
});
export type Client = z.infer<typeof clientSchema>;

/** The POST response: the only time Konnect shows a generated client secret. */
const createdClientSchema = z.extend(clientSchema, { client_secret: z.string().check(z.minLength(1)) });
export type CreatedClient = z.infer<typeof createdClientSchema>;

const clientSecretSchema = z.object({
  id: z.string().check(z.minLength(1)),
  enabled: z.boolean(),
  /** Only in the response to the POST that created it. */
  secret: z.exactOptional(z.string().check(z.minLength(1))),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ClientSecret = z.infer<typeof clientSecretSchema>;

export type AuthServerCreate = Pick<AuthServer, 'name' | 'audience'> & Partial<Pick<AuthServer, 'description' | 'labels'>>;
export type AuthServerPatch = Partial<Pick<AuthServer, 'audience' | 'description'>> & {
  /** Merged into the labels (Konnect's LabelsUpdate): a key set to null is removed. */
  labels?: Record<string, string | null>;
};
export type ScopeFields = Omit<Scope, 'id'>;
export type ClaimFields = Omit<Claim, 'id' | 'created_at'>;
export type ClientFields = Omit<Client, 'id' | 'labels'>;

/** The first page of a list, for its `meta.page.total`: how many items the list has. */
const countPage = z.object({ meta: z.object({ page: z.object({ total: z.int().check(z.nonnegative()) }) }) });

function byName(name: string) {
  return { 'filter[name][eq]': name, 'page[size]': PAGE_SIZE };
}

const authServers = '/v1/auth-servers';
/** Konnect allows 5,000 clients per auth server: 50 pages of 100, and one more. */
const LONG_LIST_PAGES = 51;
const authServer = (id: string) => `${authServers}/${uuid(id, 'auth server id')}`;
const clientPath = (authServerId: string, clientId: string) => `${authServer(authServerId)}/clients/${clientIdSegment(clientId)}`;

export function identityApi(konnect: KonnectClient) {
  // Server-side filters keep each lookup one request, however large the org. The exact-name check
  // after it guards against a filter that matches loosely (for example case-insensitively).
  const findByName = <T extends { id: string; name: string }>(path: string, schema: z.core.$ZodType<T>, name: string): Promise<T[]> =>
    listPlatformPages(konnect, path, schema, byName(name), (item) => item.name === name);

  return {
    findAuthServers: (name: string) => findByName(authServers, authServerSchema, name),
    /**
     * Every auth server of the region: one page (Konnect allows 50 per region), which gives both the
     * one named and the issuers the plugin check needs (reconcile/auth-server.ts, lookUpAuthServers).
     */
    listAuthServers: () => listPlatformPages(konnect, authServers, authServerSchema, { 'page[size]': PAGE_SIZE }),
    /** Without `force`, Konnect refuses (400) while the auth server still has scopes, claims or clients. */
    deleteAuthServer: (id: string, options: { force?: boolean } = {}) => konnect.delete(authServer(id), options.force ? { force: 'true' } : undefined),
    /** How many scopes, claims or clients the auth server has: one page of one item, whose `meta.page.total` counts them all. */
    count: async (authServerId: string, kind: 'scopes' | 'claims' | 'clients'): Promise<number> =>
      (await konnect.get(`${authServer(authServerId)}/${kind}`, countPage, { 'page[size]': 1 })).meta.page.total,
    getAuthServer: (id: string) => konnect.get(authServer(id), authServerSchema),
    createAuthServer: (body: AuthServerCreate) => konnect.post(authServers, body, authServerSchema),
    updateAuthServer: (id: string, patch: AuthServerPatch) => konnect.patch(authServer(id), patch, authServerSchema),

    /** Every scope, claim or client of the auth server (a teardown's last client decides on all of them; 5,000 clients are 50 pages). */
    listScopes: (authServerId: string) =>
      listPlatformPages(konnect, `${authServer(authServerId)}/scopes`, scopeSchema, { 'page[size]': PAGE_SIZE }, undefined, LONG_LIST_PAGES),
    listClaims: (authServerId: string) =>
      listPlatformPages(konnect, `${authServer(authServerId)}/claims`, claimSchema, { 'page[size]': PAGE_SIZE }, undefined, LONG_LIST_PAGES),
    listClients: (authServerId: string) =>
      listPlatformPages(konnect, `${authServer(authServerId)}/clients`, clientSchema, { 'page[size]': PAGE_SIZE }, undefined, LONG_LIST_PAGES),
    findScopes: (authServerId: string, name: string) => findByName(`${authServer(authServerId)}/scopes`, scopeSchema, name),
    createScope: (authServerId: string, body: ScopeFields) => konnect.post(`${authServer(authServerId)}/scopes`, body, scopeSchema),
    updateScope: (authServerId: string, id: string, patch: Partial<ScopeFields>) =>
      konnect.patch(`${authServer(authServerId)}/scopes/${uuid(id, 'scope id')}`, patch, scopeSchema),
    deleteScope: (authServerId: string, id: string) => konnect.delete(`${authServer(authServerId)}/scopes/${uuid(id, 'scope id')}`),

    findClaims: (authServerId: string, name: string) => findByName(`${authServer(authServerId)}/claims`, claimSchema, name),
    createClaim: (authServerId: string, body: ClaimFields) => konnect.post(`${authServer(authServerId)}/claims`, body, claimSchema),
    updateClaim: (authServerId: string, id: string, patch: Partial<ClaimFields>) =>
      konnect.patch(`${authServer(authServerId)}/claims/${uuid(id, 'claim id')}`, patch, claimSchema),
    deleteClaim: (authServerId: string, id: string) => konnect.delete(`${authServer(authServerId)}/claims/${uuid(id, 'claim id')}`),

    findClients: (authServerId: string, name: string) => findByName(`${authServer(authServerId)}/clients`, clientSchema, name),
    /** Konnect generates the id and the secret, and returns the secret this once (masked on arrival). */
    createClient: async (authServerId: string, body: ClientFields & { name: string; labels?: Labels }) => {
      const created = await konnect.post(`${authServer(authServerId)}/clients`, body, createdClientSchema);
      maskSecret(created.client_secret);
      return created;
    },
    /** Creates (or replaces) the client with a caller-chosen id and secret; safe to repeat. */
    putClient: (authServerId: string, clientId: string, body: ClientFields & { name: string; client_secret: string; labels?: Labels }) =>
      konnect.put(clientPath(authServerId, clientId), body, clientSchema),
    updateClient: (authServerId: string, clientId: string, patch: Partial<ClientFields>) =>
      konnect.patch(clientPath(authServerId, clientId), patch, clientSchema),
    deleteClient: (authServerId: string, clientId: string) => konnect.delete(clientPath(authServerId, clientId)),

    listClientSecrets: (authServerId: string, clientId: string) =>
      listPlatformPages(konnect, `${clientPath(authServerId, clientId)}/secrets`, clientSecretSchema, { 'page[size]': PAGE_SIZE }),
    /** Without `secret`, Konnect generates one; either way the value is in this response only (masked on arrival). */
    createClientSecret: async (authServerId: string, clientId: string, secret?: string) => {
      const created = await konnect.post(
        `${clientPath(authServerId, clientId)}/secrets`,
        { ...(secret === undefined ? {} : { secret }), enabled: true },
        clientSecretSchema,
      );
      maskSecret(created.secret);
      return created;
    },
    deleteClientSecret: (authServerId: string, clientId: string, secretId: string) =>
      konnect.delete(`${clientPath(authServerId, clientId)}/secrets/${uuid(secretId, 'client secret id')}`),
  };
}

export type IdentityApi = ReturnType<typeof identityApi>;
