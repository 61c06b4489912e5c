import { checkGatewayFully, type GatewayCheckResult } from './check-enforcement.js';
import type { Config } from './config.js';
import { ActionError, inStep } from './errors.js';
import { controlPlanesApi, findControlPlane, type ControlPlane } from './konnect/control-planes.js';
import { identityApi, type AuthServer, type Claim, type Labels, type Scope } from './konnect/identity.js';
import { labelsForThisRun } from './labels.js';
import { pluginsApi, type Plugin } from './konnect/plugins.js';
import { discoverIssuer, fetchJwks, type IssuerMetadata } from './oauth/discovery.js';
import { requestClientCredentialsToken, type AccessToken } from './oauth/token.js';
import { verifyAccessToken, type VerifiedToken } from './oauth/verify.js';
import { applyAuthServer, lookUpAuthServers, type DesiredAuthServer } from './reconcile/auth-server.js';
import { applyClaims, findClaims, removeDuplicateClaims } from './reconcile/claims.js';
import { chooseSecretStrategy, obtainWorkingCredentials, type WorkingCredentials } from './reconcile/client-secret.js';
import { applyClient, desiredClient, findClient, type ReconciledClient } from './reconcile/client.js';
import type { Reconciled } from './reconcile/plan.js';
import {
  applyPlugin,
  assertPluginNotClaimed,
  desiredPluginFor,
  listOidcPlugins,
  pickPluginForTarget,
  resolvePluginTarget,
  type ResolvedTarget,
} from './reconcile/plugin.js';
import { applyScopes, findScopes } from './reconcile/scopes.js';
import type { Runtime } from './runtime.js';

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
  credentials?: WorkingCredentials<AccessToken> | undefined;
  token?: VerifiedToken | undefined;
  /** undefined when skipped (no proxy-url) or not reached. */
  check?: GatewayCheckResult | undefined;
  /** Why the gateway check itself failed (not a failure it inherited from an earlier stage). */
  checkError?: unknown;
  retiredSecretIds?: string[] | undefined;
  duplicateClaimIds?: string[] | undefined;
}

/** Every stage of an applying run, as promises: each starts as soon as its inputs exist. */
export interface Stages {
  controlPlane: Promise<ControlPlane>;
  authServer: Promise<Reconciled<AuthServer>>;
  scopes: Promise<Array<Reconciled<Scope>>>;
  claims: Promise<Array<Reconciled<Claim>>>;
  client: Promise<ReconciledClient>;
  plugin: Promise<PluginOutcome>;
  issuerMetadata: Promise<IssuerMetadata>;
  credentials: Promise<WorkingCredentials<AccessToken>>;
  token: Promise<VerifiedToken>;
  check: Promise<GatewayCheckResult | undefined>;
  retiredSecretIds: Promise<string[]>;
  duplicateClaimIds: Promise<string[]>;
  /** Intermediate lookups, kept so that every promise is awaited. */
  internal: Promise<unknown>;
}

/**
 * The applying run as a dependency graph. Requests that do not depend on each other run together:
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
 */
export function provision(config: Config, runtime: Runtime): Stages {
  const identity = identityApi(runtime.konnect);
  const claimNames = config.claims.map((claim) => claim.name);

  const controlPlane = findControlPlane(controlPlanesApi(runtime.konnect), config.controlPlaneName);
  const serverLookup = lookUpAuthServers(identity, config.authServer.name);
  const existingServer = serverLookup.then((lookup) => lookup.named);

  // The plugin side: lookups need only the control plane; the write also needs the issuer. They are
  // queued after the auth server's children lookups, which lead to the token: with at most four
  // requests in flight, what waits should be what is off the token's path.
  const plugins = Promise.all([controlPlane, existingServer]).then(([cp]) => pluginsApi(runtime.konnect, cp.id));
  const target = plugins.then((api) => resolvePluginTarget(api, config.pluginTarget));
  // Listing needs only the control plane; picking the one on the target scope needs the target too.
  const oidcPlugins = plugins.then((api) => listOidcPlugins(api));
  const existingPlugin = Promise.all([oidcPlugins, target]).then(([list, resolved]) => pickPluginForTarget(list, resolved));

  // Every input a lookup can prove wrong is confirmed before the first write, and so is the plugin's
  // owner: two auth servers never take turns repointing one plugin. Both come from requests made anyway.
  const pluginNotClaimed = Promise.all([controlPlane, target, existingPlugin, serverLookup]).then(([cp, resolved, plugin, lookup]) =>
    assertPluginNotClaimed(plugin, lookup.all, {
      authServerName: config.authServer.name,
      controlPlaneName: cp.name,
      target: resolved,
      replace: config.replacePluginIssuer,
    }),
  );
  const inputsConfirmed = Promise.all([controlPlane, target, pluginNotClaimed]);

  // Labels (repository, workflow) go on what is created; they load only when something will be.
  const labelsIfCreating = (existing: unknown): Promise<Labels> | undefined => (existing === undefined ? labelsForThisRun() : undefined);
  const serverLabels = existingServer.then(labelsIfCreating);

  const authServer = Promise.all([existingServer, inputsConfirmed, serverLabels]).then(([existing, , labels]) => {
    const desired: DesiredAuthServer = { ...config.authServer, ...(labels === undefined ? {} : { labels }) };
    return applyAuthServer(identity, desired, existing);
  });

  const plugin = Promise.all([plugins, target, existingPlugin, authServer])
    .then(([api, resolved, existing, server]) =>
      applyPlugin(api, resolved, desiredPluginFor(config, server.resource.issuer, existing), existing).then(
        (outcome): PluginOutcome => ({ ...outcome, target: resolved }),
      ),
    );

  // Issuer metadata, as soon as the issuer is known (from the lookup when the server exists).
  const issuerUrl = existingServer.then((existing) => existing?.issuer ?? authServer.then((outcome) => outcome.resource.issuer));
  const issuerMetadata = issuerUrl.then((issuer) => inStep('discover the issuer', () => discoverIssuer(runtime.issuer, issuer)));
  const jwks = issuerMetadata.then((metadata) => inStep("fetch the issuer's keys", () => fetchJwks(runtime.issuer, metadata.jwks_uri)));

  // Children lookups start from the existing auth server, beside the plugin lookups.
  const existingScopes = existingServer.then((server) => (server ? findScopes(identity, server.id, config.scopes) : new Map<string, Scope>()));
  const existingClaims = existingServer.then((server) => (server ? findClaims(identity, server.id, claimNames) : new Map<string, Claim>()));
  const existingClient = existingServer.then((server) => (server ? findClient(identity, server.id, config.client.name) : undefined));

  const scopes = Promise.all([authServer, existingScopes])
    .then(([server, existing]) => applyScopes(identity, server.resource.id, config.scopes, existing));
  const scopeIds = scopes.then((list) => list.map((outcome) => outcome.resource.id));

  const claims = Promise.all([authServer, scopeIds, existingClaims])
    .then(([server, ids, existing]) => applyClaims(identity, server.resource.id, config.claims, ids, existing));

  const clientLabels = existingClient.then(labelsIfCreating);
  const client = Promise.all([authServer, scopeIds, existingClient, clientLabels]).then(([server, ids, existing, labels]) =>
    applyClient(identity, server.resource.id, desiredClient(config.client.name, ids, config.client.accessTokenDuration), existing, {
      ...(config.client.secret === undefined ? {} : { secret: config.client.secret }),
      ...(labels === undefined ? {} : { labels }),
    }),
  );

  // The secret policy. Tokens are requested once the claims are converged, so they carry them.
  const credentials = Promise.all([authServer, client, issuerMetadata]).then(([server, reconciledClient, metadata]) =>
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

  const token = Promise.all([credentials, jwks, authServer]).then(([creds, keys, server]) =>
    verifyAccessToken(creds.token.value, { jwks: keys, issuer: server.resource.issuer, audience: config.authServer.audience }),
  );

  // After verification: the gateway check, and beside it the retirement of superseded secrets.
  // With require-scopes, the check also sends a token of the same client that requested only openid.
  const narrowToken = (creds: WorkingCredentials<AccessToken>, clientId: string, tokenEndpoint: string) => () =>
    inStep('request a token with only the openid scope (for the gateway check)', () =>
      requestClientCredentialsToken(runtime.issuer, { tokenEndpoint, clientId, clientSecret: creds.secret, scopes: ['openid'] }),
    ).then((outcome) => {
      if (outcome.ok) return outcome.token.value;
      throw new ActionError(`Gateway check failed: the issuer refused a token with only the openid scope (${outcome.reason}).`, {
        hint: 'The check needs a token of the same client without the action\'s scopes to prove that the plugin requires them; run again.',
      });
    });
  const check = Promise.all([plugin, token, credentials, client, issuerMetadata]).then(([, , creds, reconciled, metadata]) =>
    config.check === undefined
      ? undefined
      : checkGatewayFully(runtime.transport, config.check, runtime.signal, {
          token: creds.token.value,
          ...(config.requireScopes ? { narrowToken: narrowToken(creds, reconciled.resource.id, metadata.token_endpoint) } : {}),
        }),
  );
  const retiredSecretIds = Promise.all([credentials, token]).then(([creds]) => creds.retireOld());
  const duplicateClaimIds = Promise.all([authServer, claims]).then(([server, list]) => removeDuplicateClaims(identity, server.resource.id, list));

  const internal = Promise.all([oidcPlugins, existingPlugin, existingScopes, existingClaims, existingClient, scopeIds, jwks, issuerUrl]);
  return {
    controlPlane,
    authServer,
    scopes,
    claims,
    client,
    plugin,
    issuerMetadata,
    credentials,
    token,
    check,
    retiredSecretIds,
    duplicateClaimIds,
    internal,
  };
}

/**
 * Waits for every stage. On the first failure the work still in flight is cancelled (it could only
 * be wasted), unless the token already exists: then the gateway check and the retirement of old
 * secrets are left to finish. Returns what completed, and the first failure.
 */
export async function settle(stages: Stages, cancel: (reason: unknown) => void): Promise<{ values: RunValues; failure?: unknown }> {
  let tokenReady = false;
  const all = Object.values(stages) as Array<Promise<unknown>>;
  stages.token.then(() => (tokenReady = true)).catch(() => undefined);
  let failure: unknown;
  try {
    await Promise.all(all);
  } catch (error) {
    failure = error;
    if (!tokenReady) cancel(error);
    await Promise.allSettled(all);
  }
  const done = <T>(promise: Promise<T>): Promise<T | undefined> => promise.catch(() => undefined);
  const values: RunValues = {
    controlPlane: await done(stages.controlPlane),
    authServer: await done(stages.authServer),
    scopes: await done(stages.scopes),
    claims: await done(stages.claims),
    client: await done(stages.client),
    plugin: await done(stages.plugin),
    credentials: await done(stages.credentials),
    token: await done(stages.token),
    check: await done(stages.check),
    retiredSecretIds: await done(stages.retiredSecretIds),
    duplicateClaimIds: await done(stages.duplicateClaimIds),
  };
  // With a token and a plugin, the check ran: a failure now is its own, not an earlier stage's.
  if (values.token && values.plugin) {
    const checkError = await stages.check.then(() => undefined, (error: unknown) => error);
    if (checkError !== undefined) values.checkError = checkError;
  }
  return { values, ...(failure === undefined ? {} : { failure }) };
}
