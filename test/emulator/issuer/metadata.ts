// The issuer's public metadata: the OpenID discovery document and the JWKS.
import type { StoredAuthServer } from '../store.js';
import { signingKeyOf } from './keys.js';
import { OPENID_SCOPE } from './token.js';

/** Where each endpoint lives under the issuer URL (`https://<id>.<region>.identity.konghq.com/auth`). */
export const ISSUER_PATHS = {
  discovery: '/.well-known/openid-configuration',
  jwks: '/.well-known/jwks',
  token: '/oauth/token',
  authorization: '/oauth/authorize',
  introspection: '/introspect',
  userinfo: '/userinfo',
} as const;

/** Claims every access token carries, whatever the auth server's configuration. */
const STANDARD_CLAIMS = ['iss', 'sub', 'aud', 'client_id', 'exp', 'iat', 'nbf', 'jti', 'scope'];

export function discoveryDocument(stored: StoredAuthServer): Record<string, unknown> {
  const { authServer } = stored;
  const issuer = authServer.issuer;
  const customClaims = stored.claims.filter((claim) => claim.enabled && claim.include_in_token).map((claim) => claim.name);
  return {
    issuer,
    authorization_endpoint: issuer + ISSUER_PATHS.authorization,
    token_endpoint: issuer + ISSUER_PATHS.token,
    introspection_endpoint: issuer + ISSUER_PATHS.introspection,
    userinfo_endpoint: issuer + ISSUER_PATHS.userinfo,
    jwks_uri: authServer.jwks_uri,
    // The grant and response types a Kong Identity client may be given.
    grant_types_supported: ['client_credentials', 'implicit'],
    response_types_supported: ['code', 'id_token', 'token', 'none'],
    subject_types_supported: ['public'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    id_token_signing_alg_values_supported: [authServer.signing_algorithm],
    scopes_supported: [...new Set([OPENID_SCOPE, ...stored.scopes.filter((scope) => scope.enabled && scope.include_in_metadata).map((scope) => scope.name)])],
    claims_supported: [...new Set([...STANDARD_CLAIMS, ...customClaims])],
  };
}

export async function jwksDocument(stored: StoredAuthServer): Promise<{ keys: Record<string, unknown>[] }> {
  const key = await signingKeyOf(stored);
  return { keys: [key.publicJwk] };
}
