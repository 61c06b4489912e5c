import { ActionError } from '../errors/errors.js';
import { displayUrl } from '../http/url.js';
import * as z from 'zod/mini';
import { checkJsonBody, clip } from '../http/json-body.js';
import { maskSecret } from '../runner/secrets.js';
import { issuerHint, NOT_AN_ISSUER_ANSWER, type IssuerClient } from './issuer-client.js';

/** RFC 6749 section 5.1: what a grant carries that the action reads. */
const grantSchema = z.object({ access_token: z.string().check(z.minLength(1)), scope: z.exactOptional(z.string()) });
/** RFC 6749 section 5.2: an error response; anything else in a refusal is ignored. */
const refusalSchema = z.object({
  error: z.exactOptional(
    z.pipe(
      z.string(),
      z.transform((text) => clip(text, 80)),
    ),
  ),
  error_description: z.exactOptional(
    z.pipe(
      z.string(),
      z.transform((text) => clip(text)),
    ),
  ),
});

/** A token request's outcome: only "the client credentials were refused" is an expected failure. */
export type MintOutcome<T> = { ok: true; token: T } | { ok: false; reason: string };

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
    ...(req.scopes.length === 0 ? {} : { scope: req.scopes.join(' ') }),
  });
  const endpoint = `POST ${displayUrl(new URL(req.tokenEndpoint))} (the token endpoint)`;
  if (response.status === 200) {
    const granted = checkJsonBody(response.text, grantSchema);
    if (!granted.ok) throw new ActionError(`${endpoint} returned HTTP 200, but its body ${granted.problem}.`, { hint: NOT_AN_ISSUER_ANSWER });
    const { access_token: value, scope } = granted.value;
    maskSecret(value); // before anything can log it
    return { ok: true, token: { value, ...(scope === undefined ? {} : { scope }) } };
  }
  const refusal = checkJsonBody(response.text, refusalSchema);
  const { error, error_description: said } = refusal.ok ? refusal.value : {};
  const description = said === undefined ? '' : `: ${said}`;
  if (error === 'invalid_client' || response.status === 401) {
    return { ok: false, reason: `HTTP ${response.status} ${error ?? 'unauthorized'}${description}` };
  }
  throw new ActionError(`${endpoint} returned HTTP ${response.status}${error ? ` ${error}` : ''}${description}.`, {
    hint:
      error === 'invalid_scope'
        ? 'A requested scope is not allowed for the client or is disabled: check the scopes input.'
        : error === undefined
          ? issuerHint(response.status)
          : 'Check the auth server in Konnect; if it persists, report it to Kong support.',
  });
}
