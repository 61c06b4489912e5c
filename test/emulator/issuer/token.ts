// `POST <issuer>/oauth/token`: the client credentials grant, as Kong Identity serves it.
// Checks run in the order of common Go OAuth servers: a malformed request, then the client's
// authentication (`client_secret_basic` or `client_secret_post`), then the grant, then the scopes.
// Tokens look like captured Kong Identity tokens: `aud` an array, `client_id`, `nbf` and `jti`
// claims, a UUID `kid`; a request that names no scope gets a response without `scope` and a token
// whose `scope` claim is "" (unless default scopes apply). Whether a client whose `allow_all_scopes`
// is false may ask for `openid` is unknown: the `openidScope` knob answers (default: refused).
import { randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { OpenidScopeAnswer } from '../context.js';
import type { EmulatorReply, EmulatorRequest, TokenFault } from '../http/types.js';
import type { Claim, Client, Scope, StoredAuthServer } from '../store.js';
import { claimValue } from './claim-templates.js';
import { authenticateClient, readForm } from './client-auth.js';
import { signingKeyOf, type UnpublishedKeys } from './keys.js';
import { invalidRequest, NO_STORE_HEADERS, OAuthFailure } from './oauth-errors.js';

const CLIENT_CREDENTIALS = 'client_credentials';

/** Claims the issuer sets itself; a configured claim of the same name never overrides them. */
const REGISTERED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'scope', 'client_id']);

/** The OpenID scope, which every discovery document lists, whether or not the auth server has a scope of that name. */
export const OPENID_SCOPE = 'openid';

/** What the token faults put in place of the real values. */
export const FAULTY_AUDIENCE = 'urn:konnect-emulator:wrong-audience';
export const FAULTY_ISSUER = 'https://wrong-issuer.konnect-emulator.invalid/auth';
/** How far ahead a `long-lived` token expires: ten years. */
const LONG_LIVED_SECONDS = 10 * 365 * 24 * 3600;

/** How long before the request an `expired` token expired. */
export const EXPIRED_AGO_SECONDS = 60;

export async function handleTokenRequest(
  request: EmulatorRequest,
  stored: StoredAuthServer,
  unpublishedKeys: UnpublishedKeys,
  openidScope: OpenidScopeAnswer,
): Promise<EmulatorReply> {
  const form = readForm(request);
  const grantType = form.get('grant_type');
  if (!grantType) throw invalidRequest('The grant_type parameter is missing.');
  const { client } = authenticateClient(stored, request, form, ['client_secret_basic', 'client_secret_post']);
  if (grantType !== CLIENT_CREDENTIALS) {
    throw new OAuthFailure(
      400,
      'unsupported_grant_type',
      `The authorization grant type "${grantType}" is not supported by the authorization server; use client_credentials.`,
    );
  }
  if (!client.grant_types.includes(CLIENT_CREDENTIALS)) {
    throw new OAuthFailure(
      400,
      'unauthorized_client',
      'The client is not authorized to request a token using this method: its grant_types lack client_credentials.',
    );
  }
  const requestedScope = form.get('scope') ?? '';
  const granted = grantScopes(stored, client, requestedScope, openidScope);
  const scopeRequested = requestedScope.trim() !== '';
  const accessToken = await mintAccessToken({
    stored,
    client,
    granted,
    scopeRequested,
    fault: request.tokenFault,
    unpublishedKeys,
  });
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', ...NO_STORE_HEADERS },
    body: {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: client.access_token_duration,
      // As captured: a request that names no scope gets no `scope` field (the token still says).
      ...(scopeRequested ? { scope: granted.map((scope) => scope.name).join(' ') } : {}),
    },
  };
}

// ---------------------------------------------------------------- scopes

function isAllowed(client: Client, scope: Scope): boolean {
  return client.allow_all_scopes || client.allow_scopes.includes(scope.id);
}

/**
 * The scopes a token gets. Each requested scope (space-separated) must exist, be enabled and be
 * allowed to the client, or the whole request fails with `invalid_scope`; no scope requested
 * grants the client's allowed scopes that are marked `default`. `openid` without a scope of that
 * name: granted to a client with `allow_all_scopes`, and to every client when `openidScope` is
 * `granted`; otherwise refused like any scope the client is not allowed.
 */
export function grantScopes(stored: StoredAuthServer, client: Client, requested: string, openidScope: OpenidScopeAnswer = 'refused'): Scope[] {
  const names = [...new Set(requested.split(' ').filter((name) => name !== ''))];
  if (names.length === 0) {
    return stored.scopes.filter((scope) => scope.enabled && scope.default && isAllowed(client, scope));
  }
  return names.map((name) => {
    const scope = stored.scopes.find((candidate) => candidate.name === name);
    if (name === OPENID_SCOPE && !scope && (openidScope === 'granted' || client.allow_all_scopes)) return openIdScope(stored);
    if (name === OPENID_SCOPE && scope?.enabled && openidScope === 'granted') return scope;
    if (!scope?.enabled || !isAllowed(client, scope)) {
      throw new OAuthFailure(
        400,
        'invalid_scope',
        `The requested scope is invalid, unknown, or malformed. The OAuth 2.0 Client is not allowed to request scope '${name}'.`,
      );
    }
    return scope;
  });
}

/** `openid` when the auth server has no scope of that name: a scope of no claims, allowed to all. */
function openIdScope(stored: StoredAuthServer): Scope {
  const at = stored.authServer.created_at;
  return { id: OPENID_SCOPE, name: OPENID_SCOPE, description: '', default: false, include_in_metadata: true, enabled: true, created_at: at, updated_at: at };
}

// ---------------------------------------------------------------- claims

/**
 * Kong Identity's inclusion rules: an enabled claim with `include_in_token` goes in when it is for
 * all scopes, or when one of its scopes was granted; a claim for no scope at all ("only include
 * when no scopes are requested" in Konnect's UI) goes in only when the request named no scope.
 */
function claimApplies(claim: Claim, grantedIds: Set<string>, scopeRequested: boolean): boolean {
  if (!claim.enabled || !claim.include_in_token) return false;
  if (claim.include_in_all_scopes) return true;
  if (claim.include_in_scopes.length > 0) return claim.include_in_scopes.some((id) => grantedIds.has(id));
  return !scopeRequested;
}

export function configuredClaims(stored: StoredAuthServer, client: Client, granted: Scope[], scopeRequested: boolean): Record<string, unknown> {
  const grantedIds = new Set(granted.map((scope) => scope.id));
  const claims: Record<string, unknown> = {};
  for (const claim of stored.claims) {
    if (REGISTERED_CLAIMS.has(claim.name) || !claimApplies(claim, grantedIds, scopeRequested)) continue;
    claims[claim.name] = claimValue(claim.value, { client, authServer: stored.authServer });
  }
  return claims;
}

// ---------------------------------------------------------------- the access token

interface MintOptions {
  stored: StoredAuthServer;
  client: Client;
  granted: Scope[];
  scopeRequested: boolean;
  fault: TokenFault | undefined;
  unpublishedKeys: UnpublishedKeys;
}

async function mintAccessToken({ stored, client, granted, scopeRequested, fault, unpublishedKeys }: MintOptions): Promise<string> {
  const { authServer } = stored;
  const now = Math.floor(Date.now() / 1000);
  const duration = client.access_token_duration;
  const expiresAt = fault === 'expired' ? now - EXPIRED_AGO_SECONDS : fault === 'long-lived' ? now + LONG_LIVED_SECONDS : now + duration;
  // A long-lived token is issued now, like any other: only its exp is out of bounds.
  const issuedAt = fault === 'long-lived' ? now : expiresAt - duration;
  const payload: JWTPayload = {
    iss: fault === 'wrong-iss' ? FAULTY_ISSUER : authServer.issuer,
    sub: client.id,
    aud: [fault === 'wrong-aud' ? FAULTY_AUDIENCE : authServer.audience],
    client_id: client.id,
    exp: expiresAt,
    iat: issuedAt,
    nbf: issuedAt,
    jti: randomUUID(),
    scope: granted.map((scope) => scope.name).join(' '),
    ...configuredClaims(stored, client, granted, scopeRequested),
  };
  const signingKey = await signingKeyOf(stored);
  // A bad signature keeps the published kid, so only the signature check can catch it.
  const key = fault === 'bad-signature' ? await unpublishedKeys.get(authServer.signing_algorithm) : signingKey.privateKey;
  return new SignJWT(payload).setProtectedHeader({ alg: authServer.signing_algorithm, kid: signingKey.kid, typ: 'JWT' }).sign(key);
}
