// Test helpers for the issuer and proxy tests: the whole emulator (its issuer and proxy ports are
// what these tests drive, over real HTTP), and builders for Kong Identity entities and plugins
// written straight into its store.
import { randomUUID } from 'node:crypto';
import { startEmulator, type Emulator, type StartEmulatorOptions } from '../index.js';
import type { SeededQuickstart } from '../seed.js';
import {
  clientWithDefaults,
  isoNow,
  newClientId,
  newSecretValue,
  unixNow,
  type Claim,
  type Client,
  type Consumer,
  type Plugin,
  type Scope,
  type Store,
  type StoredAuthServer,
  type StoredClient,
} from '../store.js';
import { storedOpenIdConnectConfig } from '../v2/openid-connect.js';

export interface TestEmulator extends Emulator {
  /** The seeded `quickstart` control plane, `example-service` and `example-route`. */
  quickstart: SeededQuickstart;
}

/** An emulator without propagation delay unless asked for. */
export async function startTestEmulator(options: StartEmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ propagationMs: 0, ...options });
  return { ...emulator, quickstart: seededQuickstart(emulator.store) };
}

function seededQuickstart(store: Store): SeededQuickstart {
  const controlPlane = store.findControlPlaneByName('quickstart');
  const entities = controlPlane && store.entities(controlPlane.id);
  const service = entities?.services.find((candidate) => candidate.name === 'example-service');
  const route = entities?.routes.find((candidate) => candidate.name === 'example-route');
  if (!controlPlane || !service || !route) throw new Error('the emulator was not seeded with the quickstart control plane');
  return { controlPlane, service, route };
}

// ---------------------------------------------------------------- Kong Identity entities

export function newScope(fields: Partial<Scope> & Pick<Scope, 'name'>): Scope {
  const now = isoNow();
  return { id: randomUUID(), description: '', default: false, include_in_metadata: false, enabled: true, created_at: now, updated_at: now, ...fields };
}

export function newClaim(fields: Partial<Claim> & Pick<Claim, 'name' | 'value'>): Claim {
  const now = isoNow();
  return {
    id: randomUUID(),
    include_in_token: true,
    include_in_all_scopes: false,
    include_in_scopes: [],
    enabled: true,
    created_at: now,
    updated_at: now,
    ...fields,
  };
}

export function newClient(fields: Partial<Client> & Pick<Client, 'name'>): Client {
  return {
    ...clientWithDefaults(newClientId(), isoNow()),
    grant_types: ['client_credentials'],
    response_types: ['id_token', 'token'],
    ...fields,
  };
}

/** Adds an enabled secret (Konnect allows two active ones) and returns its value. */
export function addSecret(storedClient: StoredClient, value = newSecretValue()): string {
  const now = isoNow();
  storedClient.secrets.push({ info: { id: randomUUID(), enabled: true, created_at: now, updated_at: now }, value });
  return value;
}

export interface HowToIdentity {
  stored: StoredAuthServer;
  scope: Scope;
  claim: Claim;
  storedClient: StoredClient;
  client: Client;
  secret: string;
  issuer: string;
}

/** The how-to's auth server, scope, claim and client, in the store. */
export function addHowToIdentity(store: Store): HowToIdentity {
  const stored = store.newAuthServer({
    name: 'Appointments Dev',
    audience: 'http://myhttpbin.dev',
    description: 'Auth server for the Appointment dev environment',
  });
  const scope = newScope({ name: 'my-scope', description: 'Scope to test Kong Identity' });
  const claim = newClaim({ name: 'test-claim', value: 'test', include_in_scopes: [scope.id] });
  const client = newClient({ name: 'Client', allow_scopes: [scope.id], access_token_duration: 3600, id_token_duration: 3600 });
  const storedClient: StoredClient = { client, secrets: [] };
  const secret = addSecret(storedClient);
  stored.scopes.push(scope);
  stored.claims.push(claim);
  stored.clients.push(storedClient);
  store.addAuthServer(stored);
  return { stored, scope, claim, storedClient, client, secret, issuer: stored.authServer.issuer };
}

// ---------------------------------------------------------------- calls

export interface TokenResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function requestToken(issuer: string, form: Record<string, string>, init: RequestInit = {}): Promise<TokenResponse> {
  const response = await fetch(`${issuer}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    ...init,
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

/** The how-to's token request; fails the test unless it succeeds. */
export async function mintToken(identity: HowToIdentity, scope = 'my-scope'): Promise<string> {
  const { status, body } = await requestToken(identity.issuer, {
    grant_type: 'client_credentials',
    client_id: identity.client.id,
    client_secret: identity.secret,
    scope,
  });
  if (status !== 200 || typeof body['access_token'] !== 'string') throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`);
  return body['access_token'];
}

// ---------------------------------------------------------------- core entities

/**
 * Adds a plugin to the quickstart control plane and publishes the change at `publishedAt`. An
 * openid-connect config is stored as Konnect stores it (checked and filled in by the schema of the
 * emulator's gateway version); a config the schema refuses throws.
 */
export function addPlugin(emulator: TestEmulator, fields: Partial<Plugin> & Pick<Plugin, 'config'>, publishedAt = Date.now()): Plugin {
  const now = unixNow();
  if ((fields.name ?? 'openid-connect') === 'openid-connect') {
    const stored = storedOpenIdConnectConfig(fields.config, emulator.options.gatewayVersion);
    if ('problems' in stored) throw new Error(`the emulator refuses this openid-connect config: ${JSON.stringify(stored.problems)}`);
    fields = { ...fields, config: stored.config };
  }
  const plugin: Plugin = {
    id: randomUUID(),
    name: 'openid-connect',
    instance_name: null,
    enabled: true,
    protocols: ['grpc', 'grpcs', 'http', 'https'],
    tags: null,
    service: null,
    route: null,
    consumer: null,
    created_at: now,
    updated_at: now,
    ...fields,
  };
  const controlPlaneId = emulator.quickstart.controlPlane.id;
  emulator.store.entities(controlPlaneId)?.plugins.push(plugin);
  emulator.store.publish(controlPlaneId, publishedAt);
  return plugin;
}

/** Adds a Consumer to the quickstart control plane and publishes the change at `publishedAt`. */
export function addConsumer(emulator: TestEmulator, fields: Partial<Consumer>, publishedAt = Date.now()): Consumer {
  const now = unixNow();
  const consumer: Consumer = { id: randomUUID(), username: null, custom_id: null, tags: null, created_at: now, updated_at: now, ...fields };
  const controlPlaneId = emulator.quickstart.controlPlane.id;
  emulator.store.entities(controlPlaneId)?.consumers.push(consumer);
  emulator.store.publish(controlPlaneId, publishedAt);
  return consumer;
}
