import { ActionError } from '../errors.js';
import type { MintOutcome } from '../reconcile/client-secret.js';
import { displayUrl } from '../http/url.js';
import { maskSecret } from '../secrets.js';
import { issuerHint, type IssuerClient } from './issuer-client.js';

/** The token response's parts the action uses; its expiry is read from the verified token itself. */
export interface AccessToken {
  value: string;
  /** The scopes granted, space-separated, when the issuer says. */
  scope?: string;
}

export interface TokenRequest {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
}

/**
 * The client credentials grant with client_secret_post, as the how-to sends it. A refusal of the
 * credentials (invalid_client) is an outcome, not an error: the secret policy acts on it.
 */
export async function requestClientCredentialsToken(client: IssuerClient, req: TokenRequest): Promise<MintOutcome<AccessToken>> {
  const response = await client.postForm(req.tokenEndpoint, 'token endpoint', {
    grant_type: 'client_credentials',
    client_id: req.clientId,
    client_secret: req.clientSecret,
    scope: req.scopes.join(' '),
  });
  const body = parseJson(response.text);
  if (response.status === 200 && typeof body['access_token'] === 'string') {
    const value = body['access_token'];
    maskSecret(value); // before anything can log it
    return {
      ok: true,
      token: { value, ...(typeof body['scope'] === 'string' ? { scope: body['scope'] } : {}) },
    };
  }
  const error = typeof body['error'] === 'string' ? body['error'] : undefined;
  const description = typeof body['error_description'] === 'string' ? `: ${body['error_description']}` : '';
  if (error === 'invalid_client' || response.status === 401) {
    return { ok: false, reason: `HTTP ${response.status} ${error ?? 'unauthorized'}${description}` };
  }
  throw new ActionError(`POST ${displayUrl(new URL(req.tokenEndpoint))} (the token endpoint) returned HTTP ${response.status}${error ? ` ${error}` : ''}${description}.`, {
    hint:
      error === 'invalid_scope'
        ? 'A requested scope is not allowed for the client or is disabled: check the scopes input.'
        : error === undefined
          ? issuerHint(response.status)
          : 'Check the auth server in Konnect; if it persists, report it to Kong support.',
  });
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
