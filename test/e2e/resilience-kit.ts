// What the fault, bad-input, leak, transport and token tests share: the how-to's inputs with one
// resource of each kind, the step's error message as the runner shows it, and what the emulator holds.
import { expect } from 'vitest';
import type { Emulator } from '../emulator/index.js';
import type { EmulatorStateDump } from '../emulator/store.js';
import { howToInputs } from '../harness/how-to.js';
import { errorAnnotations, type ActionRun } from '../harness/run-action.js';

/** The how-to's inputs, one scope and one claim, with the gateway check on the emulator's data plane. */
export function oneOfEachInputs(emulator: Emulator, overrides: Record<string, string> = {}): Record<string, string> {
  return howToInputs(emulator, { 'proxy-url': emulator.proxyUrl, ...overrides });
}

/** The messages of the run's `::error::` commands, unescaped as the runner shows them. */
export const errorMessages = errorAnnotations;

/** The one error message of a failed run. */
export function failureMessage(run: Pick<ActionRun, 'stdout'>): string {
  const messages = errorMessages(run);
  expect(messages, 'one ::error:: annotation').toHaveLength(1);
  return messages[0] ?? '';
}

export interface ResourceCounts {
  authServers: number;
  scopes: number;
  claims: number;
  clients: number;
  activeSecrets: number;
  oidcPlugins: number;
}

/** How many of each resource the emulator holds (the largest count among auth servers and clients). */
export function resourceCounts(state: EmulatorStateDump): ResourceCounts {
  const servers = state.authServers;
  const clients = servers.flatMap((server) => server.clients);
  return {
    authServers: servers.length,
    scopes: Math.max(0, ...servers.map((server) => server.scopes.length)),
    claims: Math.max(0, ...servers.map((server) => server.claims.length)),
    clients: Math.max(0, ...servers.map((server) => server.clients.length)),
    activeSecrets: Math.max(0, ...clients.map((client) => client.secrets.filter((secret) => secret.enabled).length)),
    oidcPlugins: state.plugins.filter((plugin) => plugin.name === 'openid-connect').length,
  };
}

/** Exactly one auth server, scope, claim, client and plugin, and one or two active secrets. */
export function expectOneOfEach(state: EmulatorStateDump): void {
  const { activeSecrets, ...counts } = resourceCounts(state);
  expect(counts).toEqual({ authServers: 1, scopes: 1, claims: 1, clients: 1, oidcPlugins: 1 });
  expect(activeSecrets).toBeGreaterThanOrEqual(1);
  expect(activeSecrets).toBeLessThanOrEqual(2);
}

/** Nothing duplicated: at most one of each, at most two active secrets. */
export function expectNoDuplicates(state: EmulatorStateDump): void {
  const { activeSecrets, ...counts } = resourceCounts(state);
  for (const [kind, count] of Object.entries(counts)) expect(count, kind).toBeLessThanOrEqual(1);
  expect(activeSecrets).toBeLessThanOrEqual(2);
}
