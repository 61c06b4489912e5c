// Resources that someone other than the action made, seeded through the emulator's API as a person
// (or another tool) would make them: a service and route of their own, an openid-connect plugin that
// trusts an identity provider outside the org's Kong Identity (an "external IdP": a second emulator's
// issuer), a Consumer with its own rate-limiting plugin, an auth server and client. The ownership
// tests and the lifecycle chaos campaign check that the action leaves them as they were.
import type { Emulator } from '../emulator/index.js';
import type { Consumer, Plugin, Route, Service } from '../emulator/store.js';
import { startEmulator } from '../emulator/index.js';
import { mintToken } from './how-to.js';

type Api = Pick<Emulator, 'apiUrl' | 'konnectToken'>;

/** One call to the emulator's Konnect API with its token; throws unless the status is 2xx. */
export async function konnectCall<T = Record<string, unknown>>(emulator: Api, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${emulator.konnectToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** The core-entities base path of the control plane named `name` (the emulator's `quickstart` by default). */
export function coreEntities(emulator: Pick<Emulator, 'store'>, name = 'quickstart'): string {
  const controlPlane = emulator.store.findControlPlaneByName(name);
  if (!controlPlane) throw new Error(`no control plane "${name}"`);
  return `/v2/control-planes/${controlPlane.id}/core-entities`;
}

export interface SeededRoute {
  service: Service;
  route: Route;
  /** The path the route matches, for gatewayStatus. */
  path: string;
}

/** A service `<name>-service` and a route `<name>-route` on `path`, both answered by the emulator's echo upstream. */
export async function seedServiceAndRoute(emulator: Api & Pick<Emulator, 'store'>, name: string, path: string): Promise<SeededRoute> {
  const core = coreEntities(emulator);
  const service = await konnectCall<Service>(emulator, 'POST', `${core}/services`, {
    name: `${name}-service`,
    host: 'httpbin.konghq.com',
    port: 80,
    protocol: 'http',
    path: '/anything',
    tags: ['hand-made'],
  });
  const route = await konnectCall<Route>(emulator, 'POST', `${core}/routes`, {
    name: `${name}-route`,
    paths: [path],
    service: { id: service.id },
    tags: ['hand-made'],
  });
  return { service, route, path };
}

/** An identity provider outside the org: an auth server of a second emulator, with a client that mints tokens. */
export interface ExternalIdp {
  issuer: string;
  audience: string;
  /** A fresh access token of the external IdP's client. */
  token(): Promise<string>;
  stop(): Promise<void>;
}

export async function startExternalIdp(): Promise<ExternalIdp> {
  const other = await startEmulator({ propagationMs: 0, rateLimitAuthServer: null });
  try {
    const audience = 'https://partner.example';
    const server = await konnectCall<{ id: string; issuer: string }>(other, 'POST', '/v1/auth-servers', {
      name: 'Partner IdP',
      audience,
      description: 'an identity provider outside the org under test',
    });
    const scope = await konnectCall<{ id: string }>(other, 'POST', `/v1/auth-servers/${server.id}/scopes`, { name: 'partner', enabled: true });
    const client = await konnectCall<{ id: string; client_secret: string }>(other, 'POST', `/v1/auth-servers/${server.id}/clients`, {
      name: 'partner-client',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      allow_all_scopes: false,
      allow_scopes: [scope.id],
    });
    return {
      issuer: server.issuer,
      audience,
      token: () => mintToken(server.issuer, client.id, client.client_secret, 'partner'),
      stop: () => other.stop(),
    };
  } catch (error) {
    await other.stop();
    throw error;
  }
}

/** An openid-connect plugin made by hand on `route`, trusting the external IdP, with its owner's tag. */
export async function seedExternalPlugin(emulator: Api & Pick<Emulator, 'store'>, route: Pick<Route, 'id'>, idp: ExternalIdp): Promise<Plugin> {
  return konnectCall<Plugin>(emulator, 'POST', `${coreEntities(emulator)}/plugins`, {
    name: 'openid-connect',
    route: { id: route.id },
    config: { issuer: idp.issuer, auth_methods: ['bearer'], audience_required: [idp.audience], hide_credentials: true },
    tags: ['team-partner'],
  });
}

export interface SeededConsumer {
  consumer: Consumer;
  /** The rate-limiting plugin scoped to it. */
  plugin: Plugin;
}

/** A Consumer made by hand (username only, its owner's tag) with a rate-limiting plugin of its own. */
export async function seedHandmadeConsumer(emulator: Api & Pick<Emulator, 'store'>, username: string): Promise<SeededConsumer> {
  const core = coreEntities(emulator);
  const consumer = await konnectCall<Consumer>(emulator, 'POST', `${core}/consumers`, { username, tags: ['team-ops'] });
  const plugin = await konnectCall<Plugin>(emulator, 'POST', `${core}/plugins`, {
    name: 'rate-limiting',
    consumer: { id: consumer.id },
    config: { minute: 5, policy: 'local' },
    tags: ['team-ops'],
  });
  return { consumer, plugin };
}
