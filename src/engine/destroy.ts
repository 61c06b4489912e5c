import * as core from '../runner/core.js';
import * as log from '../runner/log.js';
import { summaryText as cell, SUMMARY_TITLE } from '../runner/summary.js';
import type { Config } from '../inputs/config.js';
import { controlPlanesApi, findControlPlane } from '../konnect/control-planes.js';
import { identityApi, type AuthServer, type Claim, type Client, type IdentityApi, type Scope } from '../konnect/identity.js';
import { consumersApi, type Consumer } from '../konnect/consumers.js';
import { pluginsApi, type Plugin, type PluginsApi } from '../konnect/plugins.js';
import { hasActionLabel } from '../resources/ownership.js';
import { deleteAuthServer, lookUpAuthServers } from '../resources/auth-server.js';
import { deleteClaims, findClaimsToDelete } from '../resources/claims.js';
import { deleteClient, findClient } from '../resources/client.js';
import { deleteConsumer, findConsumer, isActionConsumer } from '../resources/consumer.js';
import { findScopes, deleteScopes } from '../resources/scopes.js';
import {
  deletePlugin,
  listOidcPlugins,
  MissingTargetError,
  pickPluginForTarget,
  PLUGIN_TAG,
  resolvePluginTarget,
  trustsIssuer,
  type ResolvedTarget,
} from '../resources/plugin.js';
import type { ResourceKind } from '../report/report.js';
import type { Runtime } from './clients.js';
import { inStep } from '../errors/errors.js';

/**
 * mode: teardown. For the same inputs as a provisioning run, deletes what provisioning made, in
 * reverse order: the Consumer made for the client (with create-consumer) and the client; then, once no other client uses
 * the auth server, the scopes and claims the inputs name, the openid-connect plugin on the target
 * scope (only if it trusts this auth server), and the auth server. Only what carries the action's
 * marks (the managed-by label, the plugin's tag) is deleted, unless `force`; the rest is kept, with
 * the reason. Every step reads the state afresh and treats "already gone" as done, so a teardown
 * killed after any request completes when run again. `dry-run` shows the plan with GET requests only.
 */

export type TeardownOutcome = 'delete' | 'keep' | 'absent';

/** One resource of the teardown: what happens to it (or, in a dry run, would), and why it is kept. */
export interface TeardownItem {
  kind: ResourceKind;
  name: string;
  id?: string;
  outcome: TeardownOutcome;
  reason?: string;
}

/** What the lookups found (GET requests only). */
export interface TeardownState {
  controlPlaneId: string;
  authServers: AuthServer[];
  server?: AuthServer;
  client?: Client;
  /** Looked up with create-consumer only: the Consumer named after the client. */
  consumer?: Consumer;
  /** How many clients, scopes and claims the auth server has in all. */
  counts: { clients: number; scopes: number; claims: number };
  scopes: Scope[];
  claims: Claim[];
  /** Undefined when the service or route the inputs name no longer exists: no plugin can be on it. */
  target?: ResolvedTarget;
  plugin?: Plugin;
}

const UNMARKED = (mark: string) => `it lacks the action's ${mark} (force: true deletes it)`;

/** The plan: every resource the inputs name, in the order of deletion. Pure: the tests read it too. */
export function planTeardown(config: Config, state: TeardownState): TeardownItem[] {
  const force = config.force;
  const item = (kind: ResourceKind, name: string, outcome: TeardownOutcome, id?: string, reason?: string): TeardownItem => ({
    kind,
    name,
    outcome,
    ...(id === undefined ? {} : { id }),
    ...(reason === undefined ? {} : { reason }),
  });
  const { server, client } = state;
  const serverName = config.authServer.name;
  const items: TeardownItem[] = [];

  if (config.createConsumer) {
    const consumer = state.consumer;
    if (consumer === undefined) items.push(item('consumer', config.client.name, 'absent'));
    else if (client !== undefined && consumer.custom_id !== client.id) {
      items.push(
        item(
          'consumer',
          config.client.name,
          'keep',
          consumer.id,
          `it maps another client (custom_id ${consumer.custom_id ?? 'unset'}), not client "${client.name}"`,
        ),
      );
    } else {
      const marked = force || isActionConsumer(consumer);
      items.push(item('consumer', config.client.name, marked ? 'delete' : 'keep', consumer.id, marked ? undefined : UNMARKED(`tag ${PLUGIN_TAG}`)));
    }
  }

  const clientGoes = client !== undefined && (force || hasActionLabel(client.labels));
  if (client === undefined) items.push(item('client', config.client.name, 'absent'));
  else items.push(item('client', client.name, clientGoes ? 'delete' : 'keep', client.id, clientGoes ? undefined : UNMARKED('managed-by label')));

  // The auth server and what hangs off it go only when no client will be left on it. `serverKept`
  // says why the auth server stays; its scopes, claims and plugin stay with it.
  let serverKept: string | undefined;
  let childrenKept: string | undefined;
  if (server !== undefined) {
    const othersLeft = state.counts.clients - (clientGoes ? 1 : 0);
    if (client !== undefined && !clientGoes) serverKept = `client "${client.name}" is kept, so auth server "${serverName}" is still in use`;
    else if (othersLeft > 0)
      serverKept = `${othersLeft} other client${othersLeft === 1 ? '' : 's'} still use${othersLeft === 1 ? 's' : ''} auth server "${serverName}"`;
    childrenKept = serverKept;
    if (serverKept === undefined && !force && !hasActionLabel(server.labels)) {
      serverKept = UNMARKED('managed-by label');
      childrenKept = `auth server "${serverName}" is kept: it lacks the action's managed-by label (force: true deletes it)`;
    }
  }

  const named = <T extends { id: string; name: string }>(kind: ResourceKind, names: readonly string[], found: readonly T[]) => {
    for (const name of names) {
      const matches = found.filter((entity) => entity.name === name);
      if (matches.length === 0) items.push(item(kind, name, 'absent'));
      for (const match of matches) items.push(item(kind, name, childrenKept ? 'keep' : 'delete', match.id, childrenKept));
    }
  };
  named(
    'claim',
    config.claims.map((claim) => claim.name),
    state.claims,
  );
  named('scope', config.scopes, state.scopes);

  const pluginName = `openid-connect (${state.target?.label ?? 'its service or route is gone'})`;
  const plugin = state.plugin;
  if (plugin === undefined) {
    items.push(item('plugin', pluginName, 'absent'));
  } else if (server === undefined || !trustsIssuer(plugin, server.issuer)) {
    const owner = state.authServers.find((candidate) => trustsIssuer(plugin, candidate.issuer));
    const whose = owner ? `auth server "${owner.name}"` : 'an issuer of no existing auth server';
    items.push(item('plugin', pluginName, 'keep', plugin.id, `it trusts ${whose}, not auth server "${serverName}"`));
  } else if (childrenKept) {
    items.push(item('plugin', pluginName, 'keep', plugin.id, childrenKept));
  } else {
    const marked = force || (plugin.tags ?? []).includes(PLUGIN_TAG);
    items.push(item('plugin', pluginName, marked ? 'delete' : 'keep', plugin.id, marked ? undefined : UNMARKED(`tag ${PLUGIN_TAG}`)));
  }

  if (server === undefined) {
    items.push(item('auth server', serverName, 'absent'));
  } else if (serverKept) {
    items.push(item('auth server', serverName, 'keep', server.id, serverKept));
  } else {
    // Konnect refuses to delete an auth server that still has scopes or claims; without force, those
    // the inputs do not name keep it (they may be someone else's).
    const unnamed = state.counts.scopes - state.scopes.length + (state.counts.claims - state.claims.length);
    const reason =
      !force && unnamed > 0
        ? `it still has ${unnamed} scope${unnamed === 1 ? '' : 's'} or claim${unnamed === 1 ? '' : 's'} the inputs do not name (force: true deletes them with it)`
        : undefined;
    items.push(item('auth server', serverName, reason ? 'keep' : 'delete', server.id, reason));
  }
  return items;
}

/** The lookups, in two rounds: the control plane and every auth server, then all the rest at once. */
export async function lookUpTeardown(config: Config, runtime: Runtime): Promise<TeardownState> {
  const identity = identityApi(runtime.konnect);
  const [controlPlane, servers] = await Promise.all([
    findControlPlane(controlPlanesApi(runtime.konnect), config.controlPlaneName),
    lookUpAuthServers(identity, config.authServer.name),
  ]);
  const plugins = pluginsApi(runtime.konnect, controlPlane.id);
  const server = servers.named;
  const [pluginSide, identitySide, consumer] = await Promise.all([
    lookUpPlugin(plugins, config),
    server ? lookUpServerChildren(identity, server, config) : undefined,
    config.createConsumer ? findConsumer(consumersApi(runtime.konnect, controlPlane.id), config.client.name) : undefined,
  ]);
  return {
    controlPlaneId: controlPlane.id,
    authServers: servers.all,
    ...(server ? { server } : {}),
    counts: { clients: 0, scopes: 0, claims: 0 },
    scopes: [],
    claims: [],
    ...identitySide,
    ...pluginSide,
    ...(consumer ? { consumer } : {}),
  };
}

async function lookUpPlugin(api: PluginsApi, config: Config): Promise<Pick<TeardownState, 'target' | 'plugin'>> {
  const [target, list] = await Promise.all([
    resolvePluginTarget(api, config.pluginTarget).catch((error: unknown) => {
      // A preview environment's route is often deleted first; its plugins went with it.
      if (error instanceof Error && error.cause instanceof MissingTargetError) return undefined;
      throw error;
    }),
    listOidcPlugins(api),
  ]);
  const plugin = target === undefined ? undefined : pickPluginForTarget(list, target);
  return { ...(target ? { target } : {}), ...(plugin ? { plugin } : {}) };
}

async function lookUpServerChildren(
  api: IdentityApi,
  server: AuthServer,
  config: Config,
): Promise<Pick<TeardownState, 'client' | 'counts' | 'scopes' | 'claims'>> {
  const count = (kind: 'clients' | 'scopes' | 'claims') => inStep(`count the ${kind} of auth server "${server.name}"`, () => api.count(server.id, kind));
  const [client, scopes, claims, clients, scopeCount, claimCount] = await Promise.all([
    findClient(api, server.id, config.client.name),
    findScopes(api, server.id, config.scopes),
    findClaimsToDelete(
      api,
      server.id,
      config.claims.map((claim) => claim.name),
    ),
    count('clients'),
    count('scopes'),
    count('claims'),
  ]);
  return {
    ...(client ? { client } : {}),
    counts: { clients, scopes: scopeCount, claims: claimCount },
    scopes: [...scopes.values()],
    claims,
  };
}

/** Deletes what the plan says, in its order; returns the plan as done (an auth server Konnect refused is kept). */
export async function applyTeardown(plan: readonly TeardownItem[], state: TeardownState, runtime: Runtime, config: Config): Promise<TeardownItem[]> {
  const identity = identityApi(runtime.konnect);
  const goes = (kind: ResourceKind) => plan.filter((entry) => entry.kind === kind && entry.outcome === 'delete');
  const { server, client } = state;
  const done = plan.map((entry) => ({ ...entry }));

  if (state.consumer && goes('consumer').length > 0) await deleteConsumer(consumersApi(runtime.konnect, state.controlPlaneId), state.consumer);
  if (client && goes('client').length > 0 && server) await deleteClient(identity, server.id, client);
  if (server) {
    const ids = (kind: ResourceKind) => new Set(goes(kind).map((entry) => entry.id));
    await Promise.all([
      deleteClaims(
        identity,
        server.id,
        state.claims.filter((claim) => ids('claim').has(claim.id)),
      ),
      deleteScopes(
        identity,
        server.id,
        state.scopes.filter((scope) => ids('scope').has(scope.id)),
      ),
    ]);
  }
  if (state.plugin && state.target && goes('plugin').length > 0) {
    await deletePlugin(pluginsApi(runtime.konnect, state.controlPlaneId), state.plugin, state.target);
  }
  if (server && goes('auth server').length > 0) {
    const result = await deleteAuthServer(identity, server, { force: config.force });
    if (result === 'still-in-use') {
      const row = done.find((entry) => entry.kind === 'auth server');
      if (row) Object.assign(row, { outcome: 'keep', reason: 'Konnect refused: it still has scopes, claims or clients (force: true deletes them with it)' });
    }
  }
  return done;
}

export async function runTeardown(config: Config, runtime: Runtime): Promise<void> {
  const started = performance.now();
  const state = await lookUpTeardown(config, runtime);
  const plan = planTeardown(config, state);
  if (config.dryRun) {
    reportTeardown(plan, { dryRun: true });
    await writeTeardownSummary(plan, { dryRun: true, durationMs: performance.now() - started });
    return;
  }
  const done = plan.some((entry) => entry.outcome === 'delete') ? await applyTeardown(plan, state, runtime, config) : plan;
  reportTeardown(done, { dryRun: false });
  await writeTeardownSummary(done, { dryRun: false, durationMs: performance.now() - started });
}

const WORDS: Record<TeardownOutcome, { done: string; planned: string }> = {
  delete: { done: 'deleted', planned: 'delete' },
  keep: { done: 'kept', planned: 'keep' },
  absent: { done: 'absent', planned: 'absent' },
};

function describeItem(entry: TeardownItem, dryRun: boolean): string {
  const word = dryRun ? WORDS[entry.outcome].planned : WORDS[entry.outcome].done;
  return `${word} ${entry.kind} "${entry.name}"${entry.id ? ` (${entry.id})` : ''}${entry.reason ? `: ${entry.reason}` : ''}`;
}

function reportTeardown(items: readonly TeardownItem[], options: { dryRun: boolean }): void {
  const deleted = items.filter((entry) => entry.outcome === 'delete').length;
  const kept = items.filter((entry) => entry.outcome === 'keep');
  const headline =
    deleted === 0
      ? `Teardown: nothing to delete${kept.length > 0 ? ` (${kept.length} kept)` : ''}.`
      : options.dryRun
        ? `Teardown (dry run, nothing changed): ${deleted} to delete, ${kept.length} to keep.`
        : `Teardown: ${deleted} deleted, ${kept.length} kept.`;
  // The group's title carries the outcome, as the provisioning phases' do; its lines, each resource.
  log.group(
    headline,
    items.map((entry) => describeItem(entry, options.dryRun)),
  );
  if (kept.length > 0 && !options.dryRun) {
    log.warning(`Teardown kept ${kept.map((entry) => `${entry.kind} "${entry.name}"`).join(', ')}: see the job summary for why.`);
  }
}

async function writeTeardownSummary(items: readonly TeardownItem[], options: { dryRun: boolean; durationMs: number }): Promise<void> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return;
  const nothing = items.every((entry) => entry.outcome !== 'delete');
  await core.summary
    .addHeading(options.dryRun ? `📝 ${SUMMARY_TITLE}: teardown plan (dry run, nothing changed)` : `✅ ${SUMMARY_TITLE}: teardown done`, 3)
    .addTable([
      [
        { data: 'Resource', header: true },
        { data: 'Name', header: true },
        { data: options.dryRun ? 'Plan' : 'Result', header: true },
        { data: 'ID', header: true },
        { data: 'Why kept', header: true },
      ],
      ...items.map((entry) => [
        cell(entry.kind),
        cell(entry.name),
        cell(options.dryRun ? WORDS[entry.outcome].planned : WORDS[entry.outcome].done),
        entry.id ? `<code>${cell(entry.id)}</code>` : '&nbsp;',
        entry.reason ? cell(entry.reason) : '&nbsp;',
      ]),
    ])
    .addList([...(nothing ? ['Nothing to delete.'] : []), `Run took ${(options.durationMs / 1000).toFixed(1)} s`])
    .write();
}
