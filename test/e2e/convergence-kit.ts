// What the convergence tests (reruns, drift, secret policy, concurrency, crash safety, dry run,
// cleanup) share: the how-to's inputs, independent checks that a secret or token really works, and
// readings of the emulator's request log and state that do not trust the action's own words.
import { expect } from 'vitest';
import type { Emulator, RequestLogEntry } from '../emulator/index.js';
import type { EmulatorStateDump } from '../emulator/store.js';
import { gatewayStatus, HOW_TO, howToInputs, mintStatus } from '../harness/how-to.js';
import { loggedLines, type ActionRun } from '../harness/run-action.js';

export const AUTH_SERVER_NAME: string = HOW_TO.authServerName;
export const CLIENT_NAME: string = HOW_TO.clientName;
export const AUDIENCE: string = HOW_TO.audience;

/** The how-to's inputs with two scopes and two claims. No proxy-url: the tests check the gateway themselves. */
export function convergenceInputs(emulator: Emulator, overrides: Record<string, string> = {}): Record<string, string> {
  return howToInputs(emulator, {
    'auth-server-description': 'Auth server for the Appointment dev environment',
    scopes: 'my-scope\nother-scope',
    claims: 'test-claim=test\nteam=payments',
    ...overrides,
  });
}

/** The run's client secret mints a token at the issuer, and its access token passes the gateway. */
export async function expectWorkingCredentials(emulator: Emulator, run: ActionRun): Promise<void> {
  const secret = run.outputs['client-secret'] ?? '';
  expect(secret, 'client-secret output').not.toBe('');
  expect(await mintStatus(run.outputs['issuer-url'] ?? '', run.outputs['client-id'] ?? '', secret)).toBe(200);
  await expectTokenPasses(emulator, run);
}

/**
 * The run's access token passes the gateway while a request without one is refused. Polled until the
 * plugin as converged reaches the data plane: until then no plugin (200 without a token) or a
 * drifted one (403 with it) may still answer.
 */
export async function expectTokenPasses(emulator: Emulator, run: ActionRun): Promise<void> {
  const token = run.outputs['access-token'] ?? '';
  expect(token, 'access-token output').not.toBe('');
  const statuses = async () => ({ withToken: await gatewayStatus(emulator, token), withoutToken: await gatewayStatus(emulator) });
  await expect.poll(statuses, { timeout: 10_000, interval: 100 }).toEqual({ withToken: 200, withoutToken: 401 });
}

/** The run finished well; on failure, its log is the message. */
export function expectSuccess(run: ActionRun): void {
  expect(run.exitCode, loggedLines(run).join('\n')).toBe(0);
}

// ---- the request log --------------------------------------------------------------------------

const IDENTITY_COLLECTION = /^\/v1\/auth-servers(\/[^/]+\/(scopes|claims|clients))?$/;
const CLIENT_BY_ID = /^\/v1\/auth-servers\/[^/]+\/clients\/([^/]+)$/;
const PLUGIN_BY_ID = /^\/v2\/control-planes\/[^/]+\/core-entities\/(?:(?:services|routes)\/[^/]+\/)?plugins\/([^/]+)$/;
const PLUGIN_COLLECTION = /^\/v2\/control-planes\/[^/]+\/core-entities\/(?:(?:services|routes)\/[^/]+\/)?plugins$/;

/**
 * Requests that create an auth server, scope, claim, client or plugin: a POST to their collections,
 * or a PUT by an id that did not exist in `before` (the action creates plugins, and clients with a
 * given secret, by PUT).
 */
export function creations(entries: readonly RequestLogEntry[], before: EmulatorStateDump): RequestLogEntry[] {
  const clientIds = new Set(before.authServers.flatMap((server) => server.clients.map((client) => client.id)));
  const pluginIds = new Set(before.plugins.map((plugin) => plugin.id));
  return entries.filter((entry) => {
    if (entry.method === 'POST') return IDENTITY_COLLECTION.test(entry.path) || PLUGIN_COLLECTION.test(entry.path);
    if (entry.method !== 'PUT') return false;
    const client = CLIENT_BY_ID.exec(entry.path)?.[1];
    if (client !== undefined) return !clientIds.has(client);
    const plugin = PLUGIN_BY_ID.exec(entry.path)?.[1];
    return plugin !== undefined && !pluginIds.has(plugin);
  });
}

export const describeRequests = (entries: readonly RequestLogEntry[]): string =>
  entries.map((entry) => `${entry.method} ${entry.path} ${entry.status}`).join('\n');

// ---- the state --------------------------------------------------------------------------------

type DumpedAuthServer = EmulatorStateDump['authServers'][number];
type DumpedClient = DumpedAuthServer['clients'][number];

export function theAuthServer(dump: EmulatorStateDump, name = AUTH_SERVER_NAME): DumpedAuthServer {
  const matches = dump.authServers.filter((server) => server.name === name);
  expect(matches, `auth servers named "${name}"`).toHaveLength(1);
  return matches[0] as DumpedAuthServer;
}

export function theClient(dump: EmulatorStateDump, name = CLIENT_NAME): DumpedClient {
  const matches = theAuthServer(dump).clients.filter((client) => client.name === name);
  expect(matches, `clients named "${name}"`).toHaveLength(1);
  return matches[0] as DumpedClient;
}

export const activeSecrets = (client: DumpedClient) => client.secrets.filter((secret) => secret.enabled);

/**
 * Exactly one of everything the inputs name (auth server, each scope and claim, client, the global
 * openid-connect plugin) and at most two active secrets: a converged org.
 */
export function expectConverged(dump: EmulatorStateDump, inputs: Record<string, string>): void {
  const server = theAuthServer(dump, inputs['auth-server-name']);
  const counts = (names: string[], items: Array<{ name: string }>) =>
    Object.fromEntries(names.map((name) => [name, items.filter((item) => item.name === name).length]));
  const scopeNames = (inputs['scopes'] ?? '')
    .split(/[\n,]/)
    .map((name) => name.trim())
    .filter(Boolean);
  const claimNames = (inputs['claims'] ?? '')
    .split('\n')
    .map((line) => line.split('=')[0]?.trim() ?? '')
    .filter(Boolean);
  expect(counts(scopeNames, server.scopes)).toEqual(Object.fromEntries(scopeNames.map((name) => [name, 1])));
  expect(counts(claimNames, server.claims)).toEqual(Object.fromEntries(claimNames.map((name) => [name, 1])));
  expect(server.scopes).toHaveLength(scopeNames.length);
  expect(server.claims).toHaveLength(claimNames.length);
  const client = theClient(dump, inputs['client-name']);
  expect(activeSecrets(client).length).toBeGreaterThanOrEqual(1);
  expect(activeSecrets(client).length).toBeLessThanOrEqual(2);
  const plugins = dump.plugins.filter((plugin) => plugin.name === 'openid-connect' && !plugin.service && !plugin.route);
  expect(plugins).toHaveLength(1);
  expect(plugins[0]?.config).toMatchObject({ issuer: server.issuer, audience_required: [inputs['audience']] });
}
