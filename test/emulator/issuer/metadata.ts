// The issuer's public metadata: the OpenID discovery document and the JWKS. The discovery document
// has the fields and values of captured Kong Identity documents (Kong's workshop material, 2026:
// test/contract/specs/SOURCE.md): endpoints under the issuer URL (`/authorize`, `/oauth/token`,
// `/introspect`, `/userinfo`, `/revoke`, `/end_session`, `/device_authorization`), introspection
// authenticated with Basic only, and no `claims_supported`.
import type { StoredAuthServer } from '../store.js';
import { signingKeyOf } from './keys.js';
import { OPENID_SCOPE } from './token.js';

/** Where each endpoint lives under the issuer URL (`https://<id>.<region>.identity.konghq.com/auth`). */
export const ISSUER_PATHS = {
  discovery: '/.well-known/openid-configuration',
  jwks: '/.well-known/jwks',
  token: '/oauth/token',
  authorization: '/authorize',
  introspection: '/introspect',
  userinfo: '/userinfo',
  revocation: '/revoke',
  endSession: '/end_session',
  deviceAuthorization: '/device_authorization',
} as const;

/** Scopes every captured document lists, whatever the auth server's own scopes. */
const ALWAYS_LISTED_SCOPES = [OPENID_SCOPE, 'offline_access'];

export function discoveryDocument(stored: StoredAuthServer): Record<string, unknown> {
  const { authServer } = stored;
  const issuer = authServer.issuer;
  const listed = stored.scopes.filter((scope) => scope.enabled && scope.include_in_metadata).map((scope) => scope.name);
  const algorithm = [authServer.signing_algorithm];
  return {
    issuer,
    authorization_endpoint: issuer + ISSUER_PATHS.authorization,
    token_endpoint: issuer + ISSUER_PATHS.token,
    introspection_endpoint: issuer + ISSUER_PATHS.introspection,
    userinfo_endpoint: issuer + ISSUER_PATHS.userinfo,
    revocation_endpoint: issuer + ISSUER_PATHS.revocation,
    end_session_endpoint: issuer + ISSUER_PATHS.endSession,
    device_authorization_endpoint: issuer + ISSUER_PATHS.deviceAuthorization,
    jwks_uri: authServer.jwks_uri,
    scopes_supported: [...new Set([...ALWAYS_LISTED_SCOPES, ...listed])],
    response_types_supported: ['code', 'id_token', 'id_token token'],
    grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: algorithm,
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_signing_alg_values_supported: algorithm,
    introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
    introspection_endpoint_auth_signing_alg_values_supported: algorithm,
    code_challenge_methods_supported: ['S256'],
    ui_locales_supported: ['en'],
    request_uri_parameter_supported: false,
  };
}

export async function jwksDocument(stored: StoredAuthServer): Promise<{ keys: Record<string, unknown>[] }> {
  const key = await signingKeyOf(stored);
  return { keys: [key.publicJwk] };
}
