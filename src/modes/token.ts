import {
  type InputName,
  optionalText,
  parseInputs,
  type ParsedInputs,
  parseScopes,
  requiredText,
  retryMaxAttempts,
  runTimeout,
  sealKey,
  TOKEN_DURATION,
  urlInput,
} from '../inputs/config.js';
import { ActionError, ConfigError, inStep } from '../errors/errors.js';
import { failEarly } from '../report/failure.js';
import { createIssuerClients, type IssuerClients } from '../engine/clients.js';
import { discoverIssuer, fetchJwks } from '../oauth/discovery.js';
import { requestClientCredentialsToken } from '../oauth/token.js';
import { verifyAccessToken } from '../oauth/verify.js';
import { setOutputs } from '../report/outputs.js';
import { writeFactsSummary } from '../report/summary.js';
import { withSealedToken } from '../seal/seal.js';
import { getInput } from '../runner/core.js';

/**
 * mode: token. A fresh access token from a client's credentials (issuer-url, client-id and a
 * client-secret kept in the repository's secrets), for a job that needs its own token rather than
 * one sealed by an earlier job. Only the issuer is contacted: no Konnect token, no management API.
 */

export interface TokenModeConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** Requested scopes; none asks for the client's default scopes. */
  scopes: string[];
  /** When given, the token's aud claim must contain it. */
  audience?: string;
  sealKey?: Buffer;
  retryMaxAttempts: number;
  timeoutSeconds: number;
}

const tokenInputs = {
  'issuer-url': urlInput('issuer-url', {
    credential: 'the client secret',
    required: 'in mode token: pass the issuer-url output of a provisioning run, e.g. issuer-url: ${{ vars.KONG_ISSUER_URL }}',
  }),
  'client-id': requiredText('client-id', 'in mode token, pass the client id, e.g. client-id: ${{ vars.KONG_CLIENT_ID }}'),
  'client-secret': requiredText(
    'client-secret',
    "in mode token, pass the client secret from the repository's secrets, e.g. client-secret: ${{ secrets.KONG_CLIENT_SECRET }}",
  ),
  audience: optionalText,
  'seal-key': sealKey,
  'retry-max-attempts': retryMaxAttempts,
  timeout: runTimeout,
};

export function parseTokenModeConfig(read: (name: InputName) => string): TokenModeConfig {
  const { valid, problems } = parseInputs(tokenInputs, read);
  const rawScopes = read('scopes');
  const scopes = rawScopes.trim() === '' ? { scopes: [], problems: [] } : parseScopes(rawScopes);
  problems.push(...scopes.problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const inputs = valid as ParsedInputs<typeof tokenInputs>; // no problem: every input has its value
  return {
    issuerUrl: inputs['issuer-url'] as string, // required: a missing one is among the problems above
    clientId: inputs['client-id'],
    clientSecret: inputs['client-secret'],
    scopes: scopes.scopes,
    ...(inputs.audience === undefined ? {} : { audience: inputs.audience }),
    ...(inputs['seal-key'] === undefined ? {} : { sealKey: inputs['seal-key'] }),
    retryMaxAttempts: inputs['retry-max-attempts'],
    timeoutSeconds: inputs.timeout,
  };
}

export async function runTokenMode(): Promise<void> {
  let config: TokenModeConfig;
  try {
    config = parseTokenModeConfig(getInput);
  } catch (error) {
    await failEarly(error);
    return;
  }
  // The HTTP stack and jose load only once the inputs are known to be good, as in provision mode.
  let runtime: IssuerClients | undefined;
  try {
    runtime = createIssuerClients(config); // refuses a malformed HTTPS_PROXY / HTTP_PROXY
    const { issuer } = runtime;
    const metadata = await inStep('discover the issuer', () => discoverIssuer(issuer, config.issuerUrl));
    const [keys, minted] = await Promise.all([
      inStep("fetch the issuer's keys", () => fetchJwks(issuer, metadata.jwks_uri)),
      inStep('request an access token', () =>
        requestClientCredentialsToken(issuer, {
          tokenEndpoint: metadata.token_endpoint,
          clientId: config.clientId,
          clientSecret: config.clientSecret,
          scopes: config.scopes,
        }),
      ),
    ]);
    if (!minted.ok) {
      throw new ActionError(`The issuer refused client-id and client-secret (${minted.reason}).`, {
        hint: 'Pass a current secret of this client: a provisioning run without client-secret rotates the secret, so store the client-secret it outputs, or give that run the same client-secret.',
      });
    }
    const verified = await verifyAccessToken(minted.token.value, {
      jwks: keys,
      issuer: config.issuerUrl,
      ...(config.audience === undefined ? {} : { audience: config.audience }),
      // This mode does not know the client's access-token-duration: the longest Konnect allows bounds it.
      maxLifetimeSeconds: TOKEN_DURATION.max,
    });
    const outputs = { 'access-token': minted.token.value, 'token-expires-at': verified.expiresAt.toISOString() };
    setOutputs(await withSealedToken(outputs, config.sealKey));
    await writeFactsSummary('Kong Identity OIDC: access token (mode token)', [
      ['Issuer', config.issuerUrl],
      ['Client', config.clientId],
      ['Scopes', minted.token.scope || "(the client's default scopes)"],
      ['Access token expires at', outputs['token-expires-at']],
      ['Sealed for other jobs', config.sealKey === undefined ? 'no (no seal-key)' : 'yes (sealed-access-token)'],
    ]);
  } catch (error) {
    await failEarly(error);
  } finally {
    await runtime?.close();
  }
}
