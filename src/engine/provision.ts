import { checkGatewayFully, type GatewayCheckResult } from '../check/enforcement.js';
import type { Config } from '../inputs/config.js';
import { ActionError, inStep } from '../errors/errors.js';
import { controlPlanesApi, findControlPlane, type ControlPlane } from '../konnect/control-planes.js';
import { identityApi, type AuthServer, type Claim, type Labels, type Scope } from '../konnect/identity.js';
import { labelsForThisRun } from '../resources/ownership.js';
import { consumersApi, type Consumer } from '../konnect/consumers.js';
import { pluginsApi, type Plugin } from '../konnect/plugins.js';
import { discoverIssuer, fetchJwks, type IssuerMetadata } from '../oauth/discovery.js';
import { requestClientCredentialsToken, type AccessToken } from '../oauth/token.js';
import type { VerifiedToken } from '../oauth/verify.js';
import { applyAuthServer, lookUpAuthServers, type DesiredAuthServer } from '../resources/auth-server.js';
import { applyClaims, findClaims, NO_CLAIMS, removeDuplicateClaims } from '../resources/claims.js';
import { chooseSecretStrategy, obtainWorkingCredentials, type WorkingCredentials } from '../resources/client-secret.js';
import { applyClient, desiredClient, findClient, type ReconciledClient } from '../resources/client.js';
import { applyConsumer, findConsumer } from '../resources/consumer.js';
import type { Reconciled } from '../resources/diff.js';
import {
  anotherAuthServerExists,
  applyPlugin,
  assertPluginNotClaimed,
  desiredPluginFor,
  listOidcPlugins,
  pickPluginForTarget,
  resolvePluginTarget,
  type ResolvedTarget,
} from '../resources/plugin.js';
import { applyScopes, findScopes } from '../resources/scopes.js';
import type { PhasedLog } from '../runner/log.js';
import type { Phase } from '../phases.js';
import type { Runtime } from './clients.js';
import { type FailedStage, type Stage, StageGraph } from './graph.js';

export interface PluginOutcome extends Reconciled<Plugin> {
  target: ResolvedTarget;
}

/** What a run produced, stage by stage; a failed run has only some of it. */
export interface RunValues {
  controlPlane?: ControlPlane | undefined;
  authServer?: Reconciled<AuthServer> | undefined;
  scopes?: Array<Reconciled<Scope>> | undefined;
  claims?: Array<Reconciled<Claim>> | undefined;
  client?: ReconciledClient | undefined;
  plugin?: PluginOutcome | undefined;
  /** With create-consumer only. */
  consumer?: Reconciled<Consumer> | undefined;
  credentials?: WorkingCredentials<AccessToken> | undefined;
  token?: VerifiedToken | undefined;
  /** undefined when skipped (no proxy-url) or not reached. */
  check?: GatewayCheckResult | undefined;
  /** Why the gateway check itself failed (not a failure it inherited from an earlier stage). */
  checkError?: unknown;
  retiredSecretIds?: string[] | undefined;
  duplicateClaimIds?: string[] | undefined;
  /** The stages whose own work failed, in the order they failed: the first is where the run's failure began. */
  failedStages?: Array<FailedStage<Phase>>;
}

/** The stages of an applying run that the report and the outputs read, and the graph that holds every stage. */
export interface Stages {
  controlPlane: Stage<ControlPlane>;
  authServer: Stage<Reconciled<AuthServer>>;
  scopes: Stage<Array<Reconciled<Scope>>>;
  claims: Stage<Array<Reconciled<Claim>>>;
  client: Stage<ReconciledClient>;
  plugin: Stage<PluginOutcome>;
  /** undefined without create-consumer. */
  consumer: Stage<Reconciled<Consumer> | undefined>;
  issuerMetadata: Stage<IssuerMetadata>;
  credentials: Stage<WorkingCredentials<AccessToken>>;
  token: Stage<VerifiedToken>;
  check: Stage<GatewayCheckResult | undefined>;
  retiredSecretIds: Stage<string[]>;
  duplicateClaimIds: Stage<string[]>;
  /** Every stage above and the intermediate ones (lookups, labels, keys): what `settle` waits for. */
  graph: StageGraph<Phase>;
}

/**
 * The applying run as a graph of stages (stage-graph.ts). Requests that do not depend on each
 * other run together:
 *
 *   1. control plane lookup | auth server list (the one named, and every issuer for the plugin check)
 *   2. service/route lookup, plugin list | scope, claim and client lookups (existing auth server) | discovery
 *   3. auth server write (only once the control plane and plugin target exist, so a typo changes nothing,
 *      and the plugin on the target is known not to trust another existing auth server)
 *   4. scope writes | plugin write | discovery (new auth server)
 *   5. claim writes | client write | JWKS
 *   6. secret (policy) and token request, then verification | removal of claims a concurrent run duplicated
 *   7. gateway check | retirement of superseded secrets
 *
 * Knowing the auth server was just created skips the lookups of its scopes, claims and client.
 * Stages ready at the same moment start in declaration order: with at most four Konnect requests
 * in flight, the ones on the token's path are declared first.
 */
export function provision(config: Config, runtime: Runtime, log?: PhasedLog<Phase>): Stages {
  const identity = identityApi(runtime.konnect);
  const claimNames = config.claims.map((claim) => claim.name);
  // What a stage's work logs, its requests' debug lines included, goes to its phase's group.
  const graph = new StageGraph<Phase>({ runIn: (group, work) => (log && group ? log.run(group, work) : work()) });
  const phase = {
    controlPlane: graph.group('control plane'),
    identity: graph.group('Kong Identity'),
    plugin: graph.group('plugin'),
    token: graph.group('secret and token'),
    check: graph.group('gateway check'),
  };

  // 1. The two lookups that need nothing (main.ts has sent them ahead: opening-lookups.ts).
  const controlPlane = phase.controlPlane.stage('control plane lookup', {}, () => findControlPlane(controlPlanesApi(runtime.konnect), config.controlPlaneName));
  const serverLookup = phase.identity.stage('auth server lookup', {}, () => lookUpAuthServers(identity, config.authServer.name));
  const existingServer = phase.identity.stage('auth server by name', { lookup: serverLookup }, ({ lookup }) => lookup.named);

  // Labels (repository, workflow) go on what is created; they load only when something will be.
  const labelsIfCreating = (existing: unknown): Promise<Labels> | undefined => (existing === undefined ? labelsForThisRun() : undefined);
  const serverLabels = phase.identity.stage('auth server labels', { existing: existingServer }, ({ existing }) => labelsIfCreating(existing));

  // 2. The auth server's children lookups, from the existing auth server (none when it is new).
  const existingScopes = phase.identity.stage('scope lookups', { server: existingServer }, ({ server }) =>
    server ? findScopes(identity, server.id, config.scopes) : new Map<string, Scope>(),
  );
  const existingClaims = phase.identity.stage('claim lookups', { server: existingServer }, ({ server }) =>
    server ? findClaims(identity, server.id, claimNames) : NO_CLAIMS,
  );
  const existingClient = phase.identity.stage('client lookup', { server: existingServer }, ({ server }) =>
    server ? findClient(identity, server.id, config.client.name) : undefined,
  );
  const clientLabels = phase.identity.stage('client labels', { existing: existingClient }, ({ existing }) => labelsIfCreating(existing));

  // The plugin side's lookups need only the control plane. They also wait for the auth server
  // lookup, only so that they queue behind the children lookups above, which lead to the token.
  const pluginsOn = (cp: ControlPlane) => pluginsApi(runtime.konnect, cp.id);
  const target = phase.plugin.stage('plugin target', { cp: controlPlane }, ({ cp }) => resolvePluginTarget(pluginsOn(cp), config.pluginTarget), {
    after: [existingServer],
  });
  const oidcPlugins = phase.plugin.stage('openid-connect plugin list', { cp: controlPlane }, ({ cp }) => listOidcPlugins(pluginsOn(cp)), {
    after: [existingServer],
  });
  const existingPlugin = phase.plugin.stage('plugin on the target', { list: oidcPlugins, resolved: target }, ({ list, resolved }) =>
    pickPluginForTarget(list, resolved),
  );

  // Two auth servers never take turns repointing one plugin: its owner is known from requests made
  // anyway. With no other auth server in the region, no plugin can trust one, and the first write
  // need not wait for the plugin list.
  const pluginNotClaimed = phase.plugin.stage('plugin owner check', { lookup: serverLookup }, ({ lookup }) =>
    anotherAuthServerExists(lookup.all, config.authServer.name)
      ? Promise.all([controlPlane, target, existingPlugin]).then(([cp, resolved, plugin]) =>
          assertPluginNotClaimed(plugin, lookup.all, {
            authServerName: config.authServer.name,
            controlPlaneName: cp.name,
            target: resolved,
            replace: config.replacePluginIssuer,
          }),
        )
      : undefined,
  );

  // 3. The first write, once every input a lookup can prove wrong (control plane, plugin target) is
  // confirmed, and the plugin on the target is not another auth server's.
  const authServer = phase.identity.stage(
    'auth server',
    { existing: existingServer, labels: serverLabels },
    ({ existing, labels }) => {
      const desired: DesiredAuthServer = { ...config.authServer, ...(labels === undefined ? {} : { labels }) };
      return applyAuthServer(identity, desired, existing);
    },
    { after: [controlPlane, target, pluginNotClaimed] },
  );

  // Issuer metadata, as soon as the issuer is known: from the lookup when the server exists, else
  // from the write (then, and only then, the issuer URL waits for the authServer stage).
  const issuerUrl = phase.token.stage(
    'issuer URL',
    { existing: existingServer },
    ({ existing }) => existing?.issuer ?? authServer.then((outcome) => outcome.resource.issuer),
  );
  const issuerMetadata = phase.token.stage('discovery', { issuer: issuerUrl }, ({ issuer }) =>
    inStep('discover the issuer', () => discoverIssuer(runtime.issuer, issuer)),
  );
  const jwks = phase.token.stage('JWKS', { metadata: issuerMetadata }, ({ metadata }) =>
    inStep("fetch the issuer's keys", () => fetchJwks(runtime.issuer, metadata.jwks_uri)),
  );

  // 4. The plugin, and the scopes.
  const plugin = phase.plugin.stage(
    'plugin',
    { cp: controlPlane, resolved: target, existing: existingPlugin, server: authServer },
    async ({ cp, resolved, existing, server }): Promise<PluginOutcome> => {
      const desired = desiredPluginFor(config, server.resource.issuer, existing);
      return { ...(await applyPlugin(pluginsOn(cp), resolved, desired, existing)), target: resolved };
    },
  );

  const scopes = phase.identity.stage('scopes', { server: authServer, existing: existingScopes }, ({ server, existing }) =>
    applyScopes(identity, server.resource.id, config.scopes, existing),
  );
  const scopeIds = phase.identity.stage('scope ids', { list: scopes }, ({ list }) => list.map((outcome) => outcome.resource.id));

  // 5. Claims and the client, which both name the scopes.
  const claims = phase.identity.stage('claims', { server: authServer, ids: scopeIds, existing: existingClaims }, ({ server, ids, existing }) =>
    applyClaims(identity, server.resource.id, config.claims, ids, existing),
  );
  const client = phase.identity.stage(
    'client',
    { server: authServer, ids: scopeIds, existing: existingClient, labels: clientLabels },
    ({ server, ids, existing, labels }) =>
      applyClient(identity, server.resource.id, desiredClient(config.client.name, ids, config.client.accessTokenDuration), existing, {
        ...(config.client.secret === undefined ? {} : { secret: config.client.secret }),
        ...(labels === undefined ? {} : { labels }),
      }),
  );

  // 6. The secret policy, and the token. Tokens are requested once the claims are converged, so
  // they carry them: the mint waits for the claims stage (ordering only) after the secret exists.
  const credentials = phase.token.stage(
    'credentials',
    { server: authServer, reconciledClient: client, metadata: issuerMetadata },
    ({ server, reconciledClient, metadata }) =>
      obtainWorkingCredentials(
        {
          api: identity,
          authServerId: server.resource.id,
          clientId: reconciledClient.resource.id,
          clientName: reconciledClient.resource.name,
          mint: async (clientSecret) => {
            await claims;
            return inStep('request an access token', () =>
              requestClientCredentialsToken(runtime.issuer, {
                tokenEndpoint: metadata.token_endpoint,
                clientId: reconciledClient.resource.id,
                clientSecret,
                scopes: config.scopes,
              }),
            );
          },
        },
        chooseSecretStrategy(reconciledClient, config.client.secret),
      ),
  );

  // jose and node:crypto load after the first requests are out (main.ts asks for them then), not before.
  const token = phase.token.stage('token verification', { creds: credentials, keys: jwks, server: authServer }, async ({ creds, keys, server }) =>
    (await import('../oauth/verify.js')).verifyAccessToken(creds.token.value, {
      jwks: keys,
      issuer: server.resource.issuer,
      audience: config.authServer.audience,
      maxLifetimeSeconds: config.client.accessTokenDuration,
    }),
  );
  // create-consumer: the Consumer needs the client id; its lookup (by the client's name) needs only the control plane.
  const existingConsumer = phase.plugin.stage(
    'Consumer lookup',
    { cp: controlPlane },
    ({ cp }) => (config.createConsumer ? findConsumer(consumersApi(runtime.konnect, cp.id), config.client.name) : undefined),
    { after: [existingServer] },
  );
  const consumer = phase.plugin.stage(
    'Consumer',
    { cp: controlPlane, existing: existingConsumer, reconciledClient: client },
    ({ cp, existing, reconciledClient }) =>
      config.createConsumer ? applyConsumer(consumersApi(runtime.konnect, cp.id), reconciledClient.resource, existing) : undefined,
  );

  const duplicateClaimIds = phase.identity.stage(
    'duplicate claims removal',
    { server: authServer, list: claims, found: existingClaims },
    ({ server, list, found }) => removeDuplicateClaims(identity, server.resource.id, list, found.duplicates),
  );

  // 7. After verification: the gateway check (once the plugin is written), and beside it the
  // retirement of superseded secrets.
  // With require-scopes, the check also sends a token of the same client that requested only openid.
  const narrowToken = (creds: WorkingCredentials<AccessToken>, clientId: string, tokenEndpoint: string) => () =>
    inStep('request a token with only the openid scope (for the gateway check)', () =>
      requestClientCredentialsToken(runtime.issuer, { tokenEndpoint, clientId, clientSecret: creds.secret, scopes: ['openid'] }),
    ).then((outcome) => {
      if (outcome.ok) return outcome.token.value;
      throw new ActionError(`Gateway check failed: the issuer refused a token with only the openid scope (${outcome.reason}).`, {
        hint: "The check needs a token of the same client without the action's scopes to prove that the plugin requires them; run again.",
      });
    });
  const check = phase.check.stage(
    'gateway check',
    { creds: credentials, reconciledClient: client, metadata: issuerMetadata, mapped: consumer },
    ({ creds, reconciledClient, metadata, mapped }) =>
      config.check === undefined
        ? undefined
        : checkGatewayFully(
            runtime.transport,
            config.check,
            runtime.signal,
            {
              token: creds.token.value,
              ...(config.requireScopes ? { narrowToken: narrowToken(creds, reconciledClient.resource.id, metadata.token_endpoint) } : {}),
            },
            mapped?.resource.id,
          ),
    { after: [plugin, token] },
  );
  const retiredSecretIds = phase.token.stage('old secrets retirement', { creds: credentials }, ({ creds }) => creds.retireOld(), { after: [token] });

  return {
    controlPlane,
    authServer,
    scopes,
    claims,
    client,
    plugin,
    consumer,
    issuerMetadata,
    credentials,
    token,
    check,
    retiredSecretIds,
    duplicateClaimIds,
    graph,
  };
}

/**
 * Waits for every stage. On the first failure the work still in flight is cancelled (it could only
 * be wasted), unless the token already exists: then the gateway check and the retirement of old
 * secrets are left to finish. Returns what completed, and the first failure.
 */
export async function settle(stages: Stages, cancel: (reason: unknown) => void): Promise<{ values: RunValues; failure?: unknown }> {
  const recorded = recordValues(stages);
  let tokenReady = false;
  stages.token.then(
    () => (tokenReady = true),
    () => undefined,
  );
  const { failure } = await stages.graph.settled((error) => {
    if (!tokenReady) cancel(error);
  });
  const failedStages = stages.graph.failedStages();
  const values: RunValues = { ...recorded };
  // With a token and a plugin, the check ran: a failure now is its own, not an earlier stage's.
  if (values.token && values.plugin) {
    const checkError = await stages.check.then(
      () => undefined,
      (error: unknown) => error,
    );
    if (checkError !== undefined) values.checkError = checkError;
  }
  if (failedStages.length > 0) values.failedStages = failedStages;
  return { values, ...(failure === undefined ? {} : { failure }) };
}

/** The stages whose values a run reports (RunValues). */
const REPORTED_STAGES = [
  'controlPlane',
  'authServer',
  'scopes',
  'claims',
  'client',
  'plugin',
  'consumer',
  'credentials',
  'token',
  'check',
  'retiredSecretIds',
  'duplicateClaimIds',
] as const satisfies ReadonlyArray<keyof Stages & keyof RunValues>;

/** The values of the stages that have succeeded: filled in as each one does (call it before awaiting them). */
export function recordValues(stages: Stages): RunValues {
  const values: RunValues = {};
  for (const key of REPORTED_STAGES) {
    (stages[key] as Promise<unknown>).then(
      (value) => Object.assign(values, { [key]: value }),
      () => undefined,
    );
  }
  return values;
}
