// Kong Identity v1 (`kong-identity-v1.yaml`): auth servers, their scopes, claims and clients, and
// client secrets. Laid out like the spec: one section per tag, one function per operationId.
//
// Behaviour beyond the schemas, from Kong's docs and the facts file:
// - a body field the request schema does not name, read-only ones (`id`, `issuer`) included → 400
//   (the contract closes these bodies: test/contract/request-validation.ts);
// - names are unique per organisation (auth servers) and per auth server (scopes, clients) → 409;
// - a client's `client_secret` is returned once, by the create call; Konnect keeps only a hash;
// - at most 2 enabled secrets per client: enabling or creating a third → 403;
// - `allow_scopes` / `include_in_scopes` must name scopes of the same auth server → 400;
// - deleting a scope removes it from clients and claims (the spec says so for clients);
// - deleting an auth server that still has scopes, claims or clients needs `force=true` → else 400;
// - labels (Konnect's labels page, stricter than the spec's 50): at most 5 per resource (counted
//   after a PATCH's merge); keys 1–63 characters that begin and end with a letter or digit (`-`,
//   `_`, `.` between), not starting with kong, konnect, insomnia, mesh, kic, kuma or `_` → 400;
// - limits: 50 auth servers per region, 5,000 clients per auth server → 400 "usage limit".
//
// The emulator's own assumptions where Konnect does not document behaviour:
// - ASSUMPTION: a `client_secret` given to PUT (replace) or PATCH replaces all the client's secrets by
//   that single one (an unchanged value keeps its secret ID, so a repeated PUT is idempotent);
// - ASSUMPTION: claim names are not unique (the spec declares no 409 for claims, unlike scopes and
//   clients); scope names must be OAuth scope tokens (no spaces, quotes or backslashes), since a
//   token request lists scopes space-separated;
// - ASSUMPTION: an unknown auth server or client on the secrets list is a 404 (the spec lists only 200).
import {
  clientWithDefaults,
  isoNow,
  newClientId,
  newId,
  newSecretValue,
  type AuthServer,
  type Claim,
  type Client,
  type ClientSecretInfo,
  type Scope,
  type StoredAuthServer,
  type StoredClient,
  type StoredClientSecret,
} from '../store.js';
import { badRequest, conflict, forbidden, notFound, type InvalidParameter } from '../api/errors.js';
import { platformList, type PlatformListSpec } from '../api/lists.js';
import { bodyObject, created, noContent, ok, param, type ApiRequest, type Operations } from '../api/types.js';
import type { EmulatorReply } from '../http/types.js';

export const AUTH_SERVER_LIMIT = 50;
export const CLIENT_LIMIT = 5000;
export const ACTIVE_SECRET_LIMIT = 2;

// ---------------------------------------------------------------- shared helpers

function withAuthServer(request: ApiRequest, then: (server: StoredAuthServer) => EmulatorReply): EmulatorReply {
  const id = param(request, 'authServerId');
  const server = request.ctx.store.getAuthServer(id);
  return server ? then(server) : notFound(`Auth server [${id}] not found`);
}

function withClient(request: ApiRequest, then: (server: StoredAuthServer, client: StoredClient) => EmulatorReply): EmulatorReply {
  return withAuthServer(request, (server) => {
    const id = param(request, 'clientId');
    const client = server.clients.find((candidate) => candidate.client.id === id);
    return client ? then(server, client) : notFound(`Client [${id}] not found`);
  });
}

function nameTaken(names: { id: string; name: string }[], name: string, exceptId?: string): boolean {
  return names.some((entity) => entity.name === name && entity.id !== exceptId);
}

/** Konnect's labels page: "A maximum of 5 user-defined labels are allowed on each resource". */
export const LABELS_PER_RESOURCE = 5;
/** 1–63 characters, beginning and ending with `[a-z0-9A-Z]`, `-`, `_` and `.` between. */
const LABEL_KEY = /^[a-zA-Z0-9](?:[a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?$/;
/** Prefixes reserved for Kong: the spec names five, the labels page adds insomnia and kuma. */
const RESERVED_LABEL_PREFIX = /^(kong|konnect|insomnia|mesh|kic|kuma|_)/i;

/** Label keys the spec describes but cannot express in its schema, and the labels page's rules. */
function labelProblems(labels: unknown, field = 'labels'): InvalidParameter[] {
  if (typeof labels !== 'object' || labels === null) return [];
  return Object.keys(labels)
    .filter((key) => !LABEL_KEY.test(key) || RESERVED_LABEL_PREFIX.test(key))
    .map((key) => ({
      field: `${field}.${key}`,
      rule: 'is_label',
      source: 'body',
      reason:
        'label keys must be 1 to 63 characters, begin and end with a letter or digit (-, _ and . between), and cannot start with "kong", "konnect", "insomnia", "mesh", "kic", "kuma" or "_"',
    }));
}

/** More labels than a resource may have (the count after a PATCH's merge). */
function labelCountProblems(labels: Record<string, string>): InvalidParameter[] {
  const count = Object.keys(labels).length;
  if (count <= LABELS_PER_RESOURCE) return [];
  return [
    {
      field: 'labels',
      rule: 'max_items',
      maximum: LABELS_PER_RESOURCE,
      source: 'body',
      reason: `a resource can have at most ${LABELS_PER_RESOURCE} labels, got ${count}`,
    },
  ];
}

/** `LabelsUpdate` (PATCH): merged into the current labels; a null value removes that label, null removes all. */
function mergeLabels(current: Record<string, string>, update: unknown): Record<string, string> {
  if (update === null) return {};
  const merged = { ...current };
  for (const [key, value] of Object.entries(update as Record<string, string | null>)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

function scopeReferenceProblems(server: StoredAuthServer, ids: unknown, field: string): InvalidParameter[] {
  if (!Array.isArray(ids)) return [];
  return ids
    .filter((id) => !server.scopes.some((scope) => scope.id === id))
    .map((id) => ({ field, rule: 'missing_reference', source: 'body', reason: `scope [${String(id)}] does not exist in this auth server` }));
}

function usageLimit(detail: string): EmulatorReply {
  return badRequest([{ field: 'usage_limit', rule: 'invalid', source: 'body', reason: detail }], 'Usage limits reached');
}

/** Assigns the given body fields that are present (PATCH semantics). */
function assignPresent<T extends object>(target: T, body: Record<string, unknown>, fields: readonly (keyof T & string)[]): void {
  for (const field of fields) {
    if (Object.hasOwn(body, field)) (target as Record<string, unknown>)[field] = body[field];
  }
}

// ---------------------------------------------------------------- Auth Server

const authServerList: PlatformListSpec<AuthServer> = {
  filters: {
    name: { kind: 'string', ops: ['eq', 'contains'], get: (server) => server.name },
    description: { kind: 'string', ops: ['eq', 'contains'], get: (server) => server.description },
    audience: { kind: 'string', ops: ['eq', 'contains'], get: (server) => server.audience },
    id: { kind: 'string', ops: ['eq'], get: (server) => server.id },
    labels: { kind: 'labels', get: (server) => server.labels },
  },
  sortable: ['created_at', 'updated_at', 'name', 'audience'],
};

function listAuthServers(request: ApiRequest): EmulatorReply {
  const servers = request.ctx.store.listAuthServers().map((stored) => stored.authServer);
  return platformList(request, servers, authServerList);
}

function createAuthServer(request: ApiRequest): EmulatorReply {
  const body = bodyObject(request);
  const { store } = request.ctx;
  const problems = [...labelProblems(body['labels']), ...labelCountProblems((body['labels'] as Record<string, string> | undefined) ?? {})];
  if (problems.length > 0) return badRequest(problems);
  const name = body['name'] as string;
  if (
    nameTaken(
      store.listAuthServers().map((stored) => stored.authServer),
      name,
    )
  ) {
    return conflict(`An auth server with name [${name}] already exists`);
  }
  if (store.listAuthServers().length >= AUTH_SERVER_LIMIT) {
    return usageLimit(`An organization can have at most ${AUTH_SERVER_LIMIT} auth servers per region`);
  }
  const stored = store.newAuthServer({
    name,
    audience: body['audience'] as string,
    ...(typeof body['description'] === 'string' ? { description: body['description'] } : {}),
    ...(body['signing_algorithm'] !== undefined ? { signing_algorithm: body['signing_algorithm'] as AuthServer['signing_algorithm'] } : {}),
    ...(body['labels'] !== undefined ? { labels: body['labels'] as Record<string, string> } : {}),
    ...(body['trusted_origins'] !== undefined ? { trusted_origins: body['trusted_origins'] as string[] } : {}),
  });
  store.addAuthServer(stored);
  return created(stored.authServer);
}

function getAuthServer(request: ApiRequest): EmulatorReply {
  return withAuthServer(request, (server) => ok(server.authServer));
}

function updateAuthServer(request: ApiRequest): EmulatorReply {
  return withAuthServer(request, (server) => {
    const body = bodyObject(request);
    const problems = labelProblems(body['labels']);
    if (problems.length > 0) return badRequest(problems);
    const others = request.ctx.store.listAuthServers().map((stored) => stored.authServer);
    if (typeof body['name'] === 'string' && nameTaken(others, body['name'], server.authServer.id)) {
      return conflict(`An auth server with name [${body['name']}] already exists`);
    }
    const next = { ...server.authServer };
    assignPresent(next, body, ['name', 'description', 'audience', 'signing_algorithm', 'trusted_origins']);
    if (Object.hasOwn(body, 'labels')) next.labels = mergeLabels(next.labels, body['labels']);
    const tooMany = labelCountProblems(next.labels);
    if (tooMany.length > 0) return badRequest(tooMany);
    next.updated_at = isoNow();
    server.authServer = next;
    return ok(next);
  });
}

function deleteAuthServer(request: ApiRequest): EmulatorReply {
  return withAuthServer(request, (server) => {
    const force = request.query.get('force') === 'true';
    const dependents = server.scopes.length + server.claims.length + server.clients.length;
    if (!force && dependents > 0) {
      return badRequest(
        [{ field: 'force', rule: 'invalid', source: 'query', reason: 'the auth server still has scopes, claims or clients; delete them or use force=true' }],
        `Auth server [${server.authServer.id}] has associated resources`,
      );
    }
    request.ctx.store.deleteAuthServer(server.authServer.id);
    return noContent;
  });
}

// ---------------------------------------------------------------- Auth Server Scopes

/** RFC 6749 scope-token characters: a scope name must be requestable in a space-separated `scope`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

const scopeList: PlatformListSpec<Scope> = {
  filters: {
    name: { kind: 'string', ops: ['eq', 'contains'], get: (scope) => scope.name },
    id: { kind: 'string', ops: ['eq'], get: (scope) => scope.id },
  },
  sortable: ['created_at', 'updated_at', 'name'],
};

function scopeNameProblems(name: unknown): InvalidParameter[] {
  if (typeof name !== 'string' || SCOPE_TOKEN.test(name)) return [];
  return [{ field: 'name', rule: 'matches_regex', source: 'body', reason: 'a scope name cannot contain spaces, double quotes or backslashes' }];
}

function listAuthServerScopes(request: ApiRequest): EmulatorReply {
  return withAuthServer(request, (server) => platformList(request, server.scopes, scopeList));
}

function createAuthServerScope(request: ApiRequest): EmulatorReply {
  return withAuthServer(request, (server) => {
    const body = bodyObject(request);
    const name = body['name'] as string;
    const problems = scopeNameProblems(name);
    if (problems.length > 0) return badRequest(problems);
    if (nameTaken(server.scopes, name)) return conflict(`A scope with name [${name}] already exists in this auth server`);
    const now = isoNow();
    const scope: Scope = {
      id: newId(),
      name,
      description: (body['description'] as string | undefined) ?? '',
      default: (body['default'] as boolean | undefined) ?? false,
      include_in_metadata: (body['include_in_metadata'] as boolean | undefined) ?? false,
      enabled: (body['enabled'] as boolean | undefined) ?? true,
      created_at: now,
      updated_at: now,
    };
    server.scopes.push(scope);
    return created(scope);
  });
}

function withScope(request: ApiRequest, then: (server: StoredAuthServer, scope: Scope, index: number) => EmulatorReply): EmulatorReply {
  return withAuthServer(request, (server) => {
    const id = param(request, 'scopeId');
    const index = server.scopes.findIndex((scope) => scope.id === id);
    const scope = server.scopes[index];
    return scope ? then(server, scope, index) : notFound(`Scope [${id}] not found`);
  });
}

function getAuthServerScope(request: ApiRequest): EmulatorReply {
  return withScope(request, (_server, scope) => ok(scope));
}

function updateAuthServerScope(request: ApiRequest): EmulatorReply {
  return withScope(request, (server, scope, index) => {
    const body = bodyObject(request);
    const problems = scopeNameProblems(body['name']);
    if (problems.length > 0) return badRequest(problems);
    if (typeof body['name'] === 'string' && nameTaken(server.scopes, body['name'], scope.id)) {
      return conflict(`A scope with name [${body['name']}] already exists in this auth server`);
    }
    const next = { ...scope };
    assignPresent(next, body, ['name', 'description', 'default', 'include_in_metadata', 'enabled']);
    next.updated_at = isoNow();
    server.scopes[index] = next;
    return ok(next);
  });
}

/** The spec: "If the scope is included in any clients, it will be removed from those clients" (claims likewise). */
function deleteAuthServerScope(request: ApiRequest): EmulatorReply {
  return withScope(request, (server, scope) => {
    server.scopes = server.scopes.filter((candidate) => candidate.id !== scope.id);
    for (const stored of server.clients) {
      stored.client = { ...stored.client, allow_scopes: stored.client.allow_scopes.filter((id) => id !== scope.id) };
    }
    server.claims = server.claims.map((claim) => ({ ...claim, include_in_scopes: claim.include_in_scopes.filter((id) => id !== scope.id) }));
    return noContent;
  });
}

// ---------------------------------------------------------------- Auth Server Claims

const claimList: PlatformListSpec<Claim> = {
  filters: {
    name: { kind: 'string', ops: ['eq', 'contains'], get: (claim) => claim.name },
    id: { kind: 'string', ops: ['eq'], get: (claim) => claim.id },
  },
  sortable: ['created_at', 'updated_at', 'name'],
};

function listAuthServerClaims(request: ApiRequest): EmulatorReply {
  return withAuthServer(request, (server) => platformList(request, server.claims, claimList));
}

function createAuthServerClaim(request: ApiRequest): EmulatorReply {
  return withAuthServer(request, (server) => {
    const body = bodyObject(request);
    const problems = scopeReferenceProblems(server, body['include_in_scopes'], 'include_in_scopes');
    if (problems.length > 0) return badRequest(problems);
    const now = isoNow();
    const claim: Claim = {
      id: newId(),
      name: body['name'] as string,
      value: body['value'] as string,
      include_in_token: (body['include_in_token'] as boolean | undefined) ?? false,
      include_in_all_scopes: (body['include_in_all_scopes'] as boolean | undefined) ?? false,
      include_in_scopes: [...new Set((body['include_in_scopes'] as string[] | undefined) ?? [])],
      enabled: (body['enabled'] as boolean | undefined) ?? true,
      created_at: now,
      updated_at: now,
    };
    server.claims.push(claim);
    return created(claim);
  });
}

function withClaim(request: ApiRequest, then: (server: StoredAuthServer, claim: Claim, index: number) => EmulatorReply): EmulatorReply {
  return withAuthServer(request, (server) => {
    const id = param(request, 'claimId');
    const index = server.claims.findIndex((claim) => claim.id === id);
    const claim = server.claims[index];
    return claim ? then(server, claim, index) : notFound(`Claim [${id}] not found`);
  });
}

function getAuthServerClaim(request: ApiRequest): EmulatorReply {
  return withClaim(request, (_server, claim) => ok(claim));
}

function updateAuthServerClaim(request: ApiRequest): EmulatorReply {
  return withClaim(request, (server, claim, index) => {
    const body = bodyObject(request);
    const problems = scopeReferenceProblems(server, body['include_in_scopes'], 'include_in_scopes');
    if (problems.length > 0) return badRequest(problems);
    const next = { ...claim };
    assignPresent(next, body, ['name', 'value', 'include_in_token', 'include_in_all_scopes', 'include_in_scopes', 'enabled']);
    next.updated_at = isoNow();
    server.claims[index] = next;
    return ok(next);
  });
}

function deleteAuthServerClaim(request: ApiRequest): EmulatorReply {
  return withClaim(request, (server, claim) => {
    server.claims = server.claims.filter((candidate) => candidate.id !== claim.id);
    return noContent;
  });
}

// ---------------------------------------------------------------- Auth Server Clients

const clientList: PlatformListSpec<Client> = {
  filters: {
    name: { kind: 'string', ops: ['eq', 'contains'], get: (client) => client.name },
    id: { kind: 'string', ops: ['eq'], get: (client) => client.id },
    labels: { kind: 'labels', get: (client) => client.labels },
  },
  sortable: ['created_at', 'updated_at', 'name'],
};

/** The client fields a create or replace body may set. */
const CLIENT_FIELDS = [
  'name',
  'grant_types',
  'response_types',
  'redirect_uris',
  'login_uri',
  'access_token_duration',
  'id_token_duration',
  'allow_all_scopes',
  'allow_scopes',
  'labels',
  'token_endpoint_auth_method',
] as const satisfies readonly (keyof Client)[];

/** A client from a create or replace body: every field the body leaves out takes the spec's default. */
function buildClient(id: string, body: Record<string, unknown>, createdAt: string): Client {
  const client = clientWithDefaults(id, createdAt, isoNow());
  assignPresent(client, body, CLIENT_FIELDS);
  return client;
}

function newSecret(value: string, enabled = true): StoredClientSecret {
  const now = isoNow();
  return { info: { id: newId(), enabled, created_at: now, updated_at: now }, value };
}

/** ASSUMPTION (see header): a given `client_secret` becomes the client's only secret. */
function replaceSecrets(stored: StoredClient, value: string): void {
  const same = stored.secrets.find((secret) => secret.value === value);
  stored.secrets = [same ? { ...same, info: { ...same.info, enabled: true } } : newSecret(value)];
}

/** A create or replace body's problems; `labelsAfter` are the labels the client would have (a PATCH merges). */
function clientProblems(
  server: StoredAuthServer,
  body: Record<string, unknown>,
  labelsAfter: Record<string, string> = (body['labels'] as Record<string, string> | undefined) ?? {},
): InvalidParameter[] {
  return [...labelProblems(body['labels']), ...labelCountProblems(labelsAfter), ...scopeReferenceProblems(server, body['allow_scopes'], 'allow_scopes')];
}

function listAuthServerClients(request: ApiRequest): EmulatorReply {
  return withAuthServer(request, (server) =>
    platformList(
      request,
      server.clients.map((stored) => stored.client),
      clientList,
    ),
  );
}

function createAuthServerClient(request: ApiRequest): EmulatorReply {
  return withAuthServer(request, (server) => {
    const body = bodyObject(request);
    const problems = clientProblems(server, body);
    if (problems.length > 0) return badRequest(problems);
    const clients = server.clients.map((stored) => stored.client);
    if (nameTaken(clients, body['name'] as string)) return conflict(`A client with name [${String(body['name'])}] already exists in this auth server`);
    if (clients.length >= CLIENT_LIMIT) return usageLimit(`An auth server can have at most ${CLIENT_LIMIT} clients`);
    const client = buildClient(newClientId(), body, isoNow());
    const secret = newSecret(newSecretValue());
    server.clients.push({ client, secrets: [secret] });
    // The only time Konnect shows the secret.
    return created({ ...client, client_secret: secret.value });
  });
}

function getAuthServerClient(request: ApiRequest): EmulatorReply {
  return withClient(request, (_server, stored) => ok(stored.client));
}

function updateAuthServerClient(request: ApiRequest): EmulatorReply {
  return withClient(request, (server, stored) => {
    const body = bodyObject(request);
    const labelsAfter = Object.hasOwn(body, 'labels') ? mergeLabels(stored.client.labels, body['labels']) : stored.client.labels;
    const problems = clientProblems(server, body, labelsAfter);
    if (problems.length > 0) return badRequest(problems);
    const clients = server.clients.map((candidate) => candidate.client);
    if (typeof body['name'] === 'string' && nameTaken(clients, body['name'], stored.client.id)) {
      return conflict(`A client with name [${body['name']}] already exists in this auth server`);
    }
    const next = { ...stored.client };
    assignPresent(
      next,
      body,
      CLIENT_FIELDS.filter((field) => field !== 'labels'),
    );
    if (Object.hasOwn(body, 'labels')) next.labels = mergeLabels(next.labels, body['labels']);
    next.updated_at = isoNow();
    stored.client = next;
    if (typeof body['client_secret'] === 'string') replaceSecrets(stored, body['client_secret']);
    return ok(next);
  });
}

/** PUT: replace the client with this caller-chosen ID and secret, or create it (201). */
function replaceAuthServerClient(request: ApiRequest): EmulatorReply {
  return withAuthServer(request, (server) => {
    const id = param(request, 'clientId');
    const body = bodyObject(request);
    const problems = clientProblems(server, body);
    if (problems.length > 0) return badRequest(problems);
    const clients = server.clients.map((stored) => stored.client);
    if (nameTaken(clients, body['name'] as string, id)) return conflict(`A client with name [${String(body['name'])}] already exists in this auth server`);
    const secretValue = body['client_secret'] as string;
    const existing = server.clients.find((stored) => stored.client.id === id);
    if (existing) {
      existing.client = buildClient(id, body, existing.client.created_at);
      replaceSecrets(existing, secretValue);
      return ok(existing.client);
    }
    if (clients.length >= CLIENT_LIMIT) return usageLimit(`An auth server can have at most ${CLIENT_LIMIT} clients`);
    const client = buildClient(id, body, isoNow());
    server.clients.push({ client, secrets: [newSecret(secretValue)] });
    return created(client);
  });
}

function deleteAuthServerClient(request: ApiRequest): EmulatorReply {
  return withClient(request, (server, stored) => {
    server.clients = server.clients.filter((candidate) => candidate !== stored);
    return noContent;
  });
}

// ---------------------------------------------------------------- client secrets

const secretList: PlatformListSpec<ClientSecretInfo> = {
  filters: {
    id: { kind: 'string', ops: ['eq'], get: (secret) => secret.id },
    enabled: { kind: 'boolean', get: (secret) => secret.enabled },
  },
  sortable: ['created_at', 'updated_at'],
};

const activeSecrets = (stored: StoredClient): number => stored.secrets.filter((secret) => secret.info.enabled).length;

const tooManySecrets = (): EmulatorReply => forbidden(`A client can have at most ${ACTIVE_SECRET_LIMIT} active secrets; disable or delete one first`);

function listClientSecrets(request: ApiRequest): EmulatorReply {
  return withClient(request, (_server, stored) =>
    platformList(
      request,
      stored.secrets.map((secret) => secret.info),
      secretList,
    ),
  );
}

function createClientSecret(request: ApiRequest): EmulatorReply {
  return withClient(request, (_server, stored) => {
    const body = bodyObject(request);
    const enabled = (body['enabled'] as boolean | undefined) ?? true;
    const value = (body['secret'] as string | undefined) ?? newSecretValue();
    if (value === '') return badRequest([{ field: 'secret', rule: 'invalid', source: 'body', reason: 'cannot be empty' }]);
    if (enabled && activeSecrets(stored) >= ACTIVE_SECRET_LIMIT) return tooManySecrets();
    const secret = newSecret(value, enabled);
    stored.secrets.push(secret);
    // The value comes back here and nowhere else.
    const { id, created_at, updated_at } = secret.info;
    return created({ id, enabled, secret: value, created_at, updated_at });
  });
}

function withSecret(request: ApiRequest, then: (stored: StoredClient, secret: StoredClientSecret) => EmulatorReply): EmulatorReply {
  return withClient(request, (_server, stored) => {
    const id = param(request, 'clientSecretId');
    const secret = stored.secrets.find((candidate) => candidate.info.id === id);
    return secret ? then(stored, secret) : notFound(`Client secret [${id}] not found`);
  });
}

function getClientSecret(request: ApiRequest): EmulatorReply {
  return withSecret(request, (_stored, secret) => ok(secret.info));
}

function updateClientSecret(request: ApiRequest): EmulatorReply {
  return withSecret(request, (stored, secret) => {
    const body = bodyObject(request);
    const enable = body['enabled'] === true && !secret.info.enabled;
    if (enable && activeSecrets(stored) >= ACTIVE_SECRET_LIMIT) return tooManySecrets();
    if (typeof body['enabled'] === 'boolean') secret.info = { ...secret.info, enabled: body['enabled'], updated_at: isoNow() };
    return ok(secret.info);
  });
}

function deleteClientSecret(request: ApiRequest): EmulatorReply {
  return withSecret(request, (stored, secret) => {
    stored.secrets = stored.secrets.filter((candidate) => candidate !== secret);
    return noContent;
  });
}

// ---------------------------------------------------------------- operations by operationId

export const identityOperations: Operations = {
  listAuthServers,
  createAuthServer,
  getAuthServer,
  updateAuthServer,
  deleteAuthServer,
  listAuthServerScopes,
  createAuthServerScope,
  getAuthServerScope,
  updateAuthServerScope,
  deleteAuthServerScope,
  listAuthServerClaims,
  createAuthServerClaim,
  getAuthServerClaim,
  updateAuthServerClaim,
  deleteAuthServerClaim,
  listAuthServerClients,
  createAuthServerClient,
  getAuthServerClient,
  updateAuthServerClient,
  replaceAuthServerClient,
  deleteAuthServerClient,
  listClientSecrets,
  createClientSecret,
  getClientSecret,
  updateClientSecret,
  deleteClientSecret,
};
