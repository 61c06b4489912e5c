import { maskSecret } from '../secrets.js';
import { segment, type KonnectClient } from './client.js';

/** Kong Identity v1: auth servers and their scopes, claims, clients and client secrets (kong-identity-v1.yaml). */

export type Labels = Record<string, string>;

export interface AuthServer {
  id: string;
  name: string;
  description: string;
  audience: string;
  issuer: string;
  metadata_uri?: string;
  jwks_uri?: string;
  labels?: Labels;
}

export interface Scope {
  id: string;
  name: string;
  description: string;
  default: boolean;
  include_in_metadata: boolean;
  enabled: boolean;
}

export interface Claim {
  id: string;
  name: string;
  value: string;
  include_in_token: boolean;
  include_in_all_scopes: boolean;
  include_in_scopes: string[];
  enabled: boolean;
  created_at?: string;
}

export type GrantType = 'client_credentials' | 'implicit';
export type ResponseType = 'none' | 'token' | 'code' | 'id_token';
export type TokenEndpointAuthMethod = 'client_secret_post' | 'none';

export interface Client {
  id: string;
  name: string;
  grant_types: GrantType[];
  response_types: ResponseType[];
  allow_all_scopes: boolean;
  allow_scopes: string[];
  access_token_duration: number;
  id_token_duration: number;
  token_endpoint_auth_method?: TokenEndpointAuthMethod;
  labels?: Labels;
}

/** The POST response: the only time Konnect shows a generated client secret. */
export interface CreatedClient extends Client {
  client_secret: string;
}

export interface ClientSecret {
  id: string;
  enabled: boolean;
  /** Only in the response to the POST that created it. */
  secret?: string;
  created_at: string;
  updated_at: string;
}

export type AuthServerCreate = Pick<AuthServer, 'name' | 'audience'> & Partial<Pick<AuthServer, 'description' | 'labels'>>;
export type AuthServerPatch = Partial<Pick<AuthServer, 'audience' | 'description'>>;
export type ScopeFields = Omit<Scope, 'id'>;
export type ClaimFields = Omit<Claim, 'id' | 'created_at'>;
export type ClientFields = Omit<Client, 'id' | 'labels'>;

interface Page<T> {
  data: T[];
  meta?: { page?: { total?: number } };
}

/** Enough for any exact-name match: names are unique per server for all but claims. */
const PAGE_SIZE = 100;
/**
 * Konnect allows 50 auth servers per region, so one page of 100 holds them all; the bound keeps a
 * misbehaving API from paging forever.
 */
const MAX_AUTH_SERVER_PAGES = 5;

function byName(name: string) {
  return { 'filter[name][eq]': name, 'page[size]': PAGE_SIZE };
}

const authServers = '/v1/auth-servers';
const authServer = (id: string) => `${authServers}/${segment(id)}`;
const clientPath = (authServerId: string, clientId: string) => `${authServer(authServerId)}/clients/${segment(clientId)}`;

export function identityApi(konnect: KonnectClient) {
  // Server-side filters keep each lookup one request, however large the org. The exact-name check
  // after it guards against a filter that matches loosely (for example case-insensitively).
  const findByName = async <T extends { name: string }>(path: string, name: string): Promise<T[]> => {
    const page = await konnect.get<Page<T>>(path, byName(name));
    return (page.data ?? []).filter((item) => item.name === name);
  };

  return {
    findAuthServers: (name: string) => findByName<AuthServer>(authServers, name),
    /** Every auth server of the region: one request (50 at most per region), more pages only if Konnect has more. */
    listAuthServers: async (): Promise<AuthServer[]> => {
      const servers: AuthServer[] = [];
      for (let number = 1; number <= MAX_AUTH_SERVER_PAGES; number += 1) {
        const page = await konnect.get<Page<AuthServer>>(authServers, { 'page[size]': PAGE_SIZE, 'page[number]': number });
        const data = page.data ?? [];
        servers.push(...data);
        if (data.length < PAGE_SIZE || servers.length >= (page.meta?.page?.total ?? 0)) break;
      }
      return servers;
    },
    /** Without `force`, Konnect refuses (400) while the auth server still has scopes, claims or clients. */
    /** How many scopes, claims or clients the auth server has: one page of one, whose `meta.page.total` counts them all. */
    count: async (authServerId: string, kind: 'scopes' | 'claims' | 'clients'): Promise<number> => {
      const page = await konnect.get<Page<unknown>>(`${authServer(authServerId)}/${kind}`, { 'page[size]': 1 });
      return page.meta?.page?.total ?? (page.data ?? []).length;
    },
    deleteAuthServer: (id: string, options: { force?: boolean } = {}) =>
      konnect.delete(authServer(id), options.force ? { force: 'true' } : undefined),
    createAuthServer: (body: AuthServerCreate) => konnect.post<AuthServer>(authServers, body),
    updateAuthServer: (id: string, patch: AuthServerPatch) => konnect.patch<AuthServer>(authServer(id), patch),

    findScopes: (authServerId: string, name: string) => findByName<Scope>(`${authServer(authServerId)}/scopes`, name),
    createScope: (authServerId: string, body: ScopeFields) => konnect.post<Scope>(`${authServer(authServerId)}/scopes`, body),
    updateScope: (authServerId: string, id: string, patch: Partial<ScopeFields>) =>
      konnect.patch<Scope>(`${authServer(authServerId)}/scopes/${segment(id)}`, patch),
    deleteScope: (authServerId: string, id: string) => konnect.delete(`${authServer(authServerId)}/scopes/${segment(id)}`),

    findClaims: (authServerId: string, name: string) => findByName<Claim>(`${authServer(authServerId)}/claims`, name),
    createClaim: (authServerId: string, body: ClaimFields) => konnect.post<Claim>(`${authServer(authServerId)}/claims`, body),
    updateClaim: (authServerId: string, id: string, patch: Partial<ClaimFields>) =>
      konnect.patch<Claim>(`${authServer(authServerId)}/claims/${segment(id)}`, patch),
    deleteClaim: (authServerId: string, id: string) => konnect.delete(`${authServer(authServerId)}/claims/${segment(id)}`),

    findClients: (authServerId: string, name: string) => findByName<Client>(`${authServer(authServerId)}/clients`, name),
    /** Konnect generates the id and the secret, and returns the secret this once (masked on arrival). */
    createClient: async (authServerId: string, body: ClientFields & { name: string; labels?: Labels }) => {
      const created = await konnect.post<CreatedClient>(`${authServer(authServerId)}/clients`, body);
      maskSecret(created.client_secret);
      return created;
    },
    /** Creates (or replaces) the client with a caller-chosen id and secret; safe to repeat. */
    putClient: (authServerId: string, clientId: string, body: ClientFields & { name: string; client_secret: string; labels?: Labels }) =>
      konnect.put<Client>(clientPath(authServerId, clientId), body),
    updateClient: (authServerId: string, clientId: string, patch: Partial<ClientFields>) =>
      konnect.patch<Client>(clientPath(authServerId, clientId), patch),
    deleteClient: (authServerId: string, clientId: string) => konnect.delete(clientPath(authServerId, clientId)),

    listClientSecrets: async (authServerId: string, clientId: string) =>
      (await konnect.get<Page<ClientSecret>>(`${clientPath(authServerId, clientId)}/secrets`, { 'page[size]': PAGE_SIZE })).data ?? [],
    /** Without `secret`, Konnect generates one; either way the value is in this response only (masked on arrival). */
    createClientSecret: async (authServerId: string, clientId: string, secret?: string) => {
      const created = await konnect.post<ClientSecret>(`${clientPath(authServerId, clientId)}/secrets`, {
        ...(secret === undefined ? {} : { secret }),
        enabled: true,
      });
      maskSecret(created.secret);
      return created;
    },
    deleteClientSecret: (authServerId: string, clientId: string, secretId: string) =>
      konnect.delete(`${clientPath(authServerId, clientId)}/secrets/${segment(secretId)}`),
  };
}

export type IdentityApi = ReturnType<typeof identityApi>;
