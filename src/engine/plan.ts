import type { Config } from '../inputs/config.js';
import { controlPlanesApi, findControlPlane } from '../konnect/control-planes.js';
import { identityApi, type Scope } from '../konnect/identity.js';
import { consumersApi } from '../konnect/consumers.js';
import { pluginsApi } from '../konnect/plugins.js';
import { desiredConsumer, findConsumer, planConsumer } from '../resources/consumer.js';
import { lookUpAuthServers, planAuthServer } from '../resources/auth-server.js';
import { desiredClaim, findClaims, NO_CLAIMS, planClaim } from '../resources/claims.js';
import { chooseSecretStrategy } from '../resources/client-secret.js';
import { desiredClient, findClient, planClient } from '../resources/client.js';
import { assertPluginNotClaimed, desiredPluginFor, listOidcPlugins, pickPluginForTarget, planPlugin, resolvePluginTarget } from '../resources/plugin.js';
import { findScopes, planScope } from '../resources/scopes.js';
import { secretReportAction, type ResourceKind, type ResourceReport } from '../report/report.js';
import type { Runtime } from './clients.js';

export interface PlannedRun {
  reports: ResourceReport[];
  /** Scope ids (placeholders for new scopes included) to names, for the change lists. */
  scopeNames: Map<string, string>;
  /** The outputs of what exists already: its ids. */
  outputs: Record<string, string | undefined>;
}

/**
 * Dry run: the plan without the changes. The same lookups as a real run (GET requests only), then
 * each resource's plan from the same pure plan functions. Ids of what would be created are
 * placeholders, shown by their scope's name.
 */
export async function planChanges(config: Config, runtime: Runtime): Promise<PlannedRun> {
  const identity = identityApi(runtime.konnect);
  const [controlPlane, servers] = await Promise.all([
    findControlPlane(controlPlanesApi(runtime.konnect), config.controlPlaneName),
    lookUpAuthServers(identity, config.authServer.name),
  ]);
  const server = servers.named;
  const plugins = pluginsApi(runtime.konnect, controlPlane.id);
  const claimNames = config.claims.map((claim) => claim.name);
  const [target, oidcPlugins, scopes, claims, client, consumer] = await Promise.all([
    resolvePluginTarget(plugins, config.pluginTarget),
    listOidcPlugins(plugins),
    server ? findScopes(identity, server.id, config.scopes) : new Map<string, Scope>(),
    server ? findClaims(identity, server.id, claimNames) : NO_CLAIMS,
    server ? findClient(identity, server.id, config.client.name) : undefined,
    config.createConsumer ? findConsumer(consumersApi(runtime.konnect, controlPlane.id), config.client.name) : undefined,
  ]);
  const existingPlugin = pickPluginForTarget(oidcPlugins, target);
  // A run would fail here, before any write: so does its plan.
  assertPluginNotClaimed(existingPlugin, servers.all, {
    authServerName: config.authServer.name,
    controlPlaneName: controlPlane.name,
    target,
    replace: config.replacePluginIssuer,
  });

  const scopeIds = config.scopes.map((name) => scopes.get(name)?.id ?? `new scope ${name}`);
  const scopeNames = new Map(config.scopes.map((name, index) => [scopeIds[index] ?? name, name]));
  const issuer = server?.issuer ?? '(issuer of the new auth server)';
  const report = (kind: ResourceKind, name: string, plan: Pick<ResourceReport, 'action' | 'changes'>, id?: string): ResourceReport => ({
    kind,
    name,
    ...plan,
    ...(id === undefined ? {} : { id }),
  });
  // A client that does not exist yet would get its secret at creation.
  const strategy = client ? chooseSecretStrategy({ created: false }, config.client.secret).kind : 'use-creation-secret';

  const reports = [
    report('control plane', config.controlPlaneName, { action: 'found', changes: [] }, controlPlane.id),
    report('auth server', config.authServer.name, planAuthServer(config.authServer, server), server?.id),
    ...config.scopes.map((name) => report('scope', name, planScope(name, scopes.get(name)), scopes.get(name)?.id)),
    ...config.claims.map((claim) => report('claim', claim.name, planClaim(desiredClaim(claim, scopeIds), claims.get(claim.name)), claims.get(claim.name)?.id)),
    report('client', config.client.name, planClient(desiredClient(config.client.name, scopeIds, config.client.accessTokenDuration), client), client?.id),
    report('plugin', `openid-connect (${target.label})`, planPlugin(desiredPluginFor(config, issuer, existingPlugin), existingPlugin), existingPlugin?.id),
    ...(config.createConsumer
      ? [
          report(
            'consumer',
            config.client.name,
            planConsumer(desiredConsumer({ id: client?.id ?? '(id of the new client)', name: config.client.name }), consumer),
            consumer?.id,
          ),
        ]
      : []),
    report('client secret', config.client.name, { action: secretReportAction(strategy), changes: [] }),
  ];
  const existingScopes = config.scopes.flatMap((name) => {
    const scope = scopes.get(name);
    return scope ? [[name, scope.id] as const] : [];
  });
  const outputs = {
    'control-plane-id': controlPlane.id,
    'auth-server-id': server?.id,
    'issuer-url': server?.issuer,
    'scope-ids': existingScopes.length > 0 ? JSON.stringify(Object.fromEntries(existingScopes)) : undefined,
    'client-id': client?.id,
    'plugin-id': existingPlugin?.id,
    'consumer-id': consumer?.id,
  };
  return { reports, scopeNames, outputs };
}
