// The `openid-connect` plugin's config as Konnect checks it on write: Kong validates every plugin
// config against the plugin's schema and refuses unknown fields and wrong types with a 400
// `validation error`. The emulator knows the fields below (Kong Gateway 3.x), checks the types of
// those the action and the how-to use, and fills the defaults that matter to a data plane, as
// Konnect returns the config with its defaults applied.
//
// If Kong adds a field the action needs, add it here: an unknown field is refused, as Konnect does.
import type { CoreErrorDetail } from '../api/errors.js';

type FieldType =
  | { type: 'string' }
  | { type: 'url' }
  | { type: 'boolean' }
  | { type: 'number' }
  | { type: 'string[]'; oneOf?: readonly string[] }
  /** A field Kong knows whose type the emulator does not check. */
  | { type: 'any' };

const str = { type: 'string' } as const;
const url = { type: 'url' } as const;
const bool = { type: 'boolean' } as const;
const num = { type: 'number' } as const;
const strings = { type: 'string[]' } as const;
const any = { type: 'any' } as const;
const oneOf = (values: readonly string[]): FieldType => ({ type: 'string[]', oneOf: values });

const AUTH_METHODS = ['password', 'client_credentials', 'authorization_code', 'bearer', 'introspection', 'userinfo', 'kong_oauth2', 'refresh_token', 'session'];
const PARAM_TYPES = ['header', 'cookie', 'query', 'body'];

/** Fields with checked types: the ones the how-to, the facts file and the action rely on. */
const CHECKED: Record<string, FieldType> = {
  issuer: url,
  auth_methods: oneOf(AUTH_METHODS),
  audience: strings,
  audience_required: strings,
  audience_claim: strings,
  scopes: strings,
  scopes_required: strings,
  scopes_claim: strings,
  issuers_allowed: strings,
  groups_required: strings,
  groups_claim: strings,
  roles_required: strings,
  roles_claim: strings,
  consumer_claim: strings,
  consumer_claims: strings,
  consumer_by: oneOf(['id', 'username', 'custom_id']),
  consumer_optional: bool,
  credential_claim: strings,
  bearer_token_param_type: oneOf(PARAM_TYPES),
  client_credentials_param_type: oneOf(PARAM_TYPES),
  client_id: strings,
  client_secret: strings,
  extra_jwks_uris: strings,
  cache_ttl: num,
  cache_ttl_max: num,
  cache_ttl_min: num,
  cache_ttl_neg: num,
  cache_ttl_resurrect: num,
  rediscovery_lifetime: num,
  leeway: num,
  timeout: num,
  verify_signature: bool,
  verify_claims: bool,
  verify_nonce: bool,
  verify_parameters: bool,
  display_errors: bool,
  hide_credentials: bool,
  ssl_verify: bool,
  run_on_preflight: bool,
  anonymous: str,
  introspection_endpoint: url,
  token_endpoint: url,
};

/** Other fields of the plugin's schema: accepted, type unchecked. */
const UNCHECKED = `
  using_pseudo_issuer discovery_headers_names discovery_headers_values client_auth client_jwk client_alg client_arg
  redirect_uri login_redirect_uri logout_redirect_uri forbidden_redirect_uri forbidden_error_message
  forbidden_destroy_session unauthorized_destroy_session unauthorized_redirect_uri unauthorized_error_message
  unexpected_redirect_uri response_mode response_type domains max_age authenticated_groups_claim
  pushed_authorization_request_endpoint pushed_authorization_request_endpoint_auth_method
  require_pushed_authorization_requests require_proof_key_for_code_exchange require_signed_request_object
  authorization_endpoint authorization_query_args_names authorization_query_args_values authorization_query_args_client
  authorization_rolling_timeout authorization_cookie_name authorization_cookie_path authorization_cookie_domain
  authorization_cookie_same_site authorization_cookie_http_only authorization_cookie_secure preserve_query_args
  token_endpoint_auth_method token_headers_names token_headers_values token_headers_client token_headers_replay
  token_headers_prefix token_headers_grants token_post_args_names token_post_args_values token_post_args_client
  token_exchange_endpoint token_cache_key_include_scope introspection_endpoint_auth_method introspection_hint
  introspection_check_active introspection_accept introspection_headers_names introspection_headers_values
  introspection_headers_client introspection_post_args_names introspection_post_args_values
  introspection_post_args_client introspection_token_param_name introspect_jwt_tokens revocation_endpoint
  revocation_endpoint_auth_method revocation_token_param_name end_session_endpoint userinfo_endpoint userinfo_accept
  userinfo_headers_names userinfo_headers_values userinfo_headers_client userinfo_query_args_names
  userinfo_query_args_values userinfo_query_args_client session_secret session_audience session_cookie_name
  session_remember session_remember_cookie_name session_remember_rolling_timeout session_remember_absolute_timeout
  session_idling_timeout session_rolling_timeout session_absolute_timeout session_cookie_path session_cookie_domain
  session_cookie_same_site session_cookie_http_only session_cookie_secure session_request_headers
  session_response_headers session_storage session_store_metadata session_enforce_same_subject session_hash_subject
  session_hash_storage_key session_memcached_prefix session_memcached_socket session_memcached_host
  session_memcached_port session_redis_prefix session_redis_socket session_redis_host session_redis_port
  session_redis_username session_redis_password session_redis_connect_timeout session_redis_read_timeout
  session_redis_send_timeout session_redis_ssl session_redis_ssl_verify session_redis_server_name
  session_redis_cluster_nodes session_redis_cluster_max_redirections session_redis_cluster_max_connections redis
  reverify jwt_session_claim jwt_session_cookie bearer_token_cookie_name password_param_type id_token_param_type
  id_token_param_name refresh_token_param_type refresh_token_param_name refresh_tokens upstream_headers_claims
  upstream_headers_names upstream_access_token_header upstream_access_token_jwk_header upstream_id_token_header
  upstream_id_token_jwk_header upstream_refresh_token_header upstream_user_info_header upstream_user_info_jwt_header
  upstream_introspection_header upstream_introspection_jwt_header upstream_session_id_header
  downstream_headers_claims downstream_headers_names downstream_access_token_header downstream_access_token_jwk_header
  downstream_id_token_header downstream_id_token_jwk_header downstream_refresh_token_header
  downstream_user_info_header downstream_user_info_jwt_header downstream_introspection_header
  downstream_introspection_jwt_header downstream_session_id_header login_methods login_action login_tokens
  login_redirect_mode logout_query_arg logout_post_arg logout_uri_suffix logout_methods logout_revoke
  logout_revoke_access_token logout_revoke_refresh_token consumer_groups_claim consumer_groups_optional
  ignore_signature enable_hs_signatures disable_session cache_tokens cache_tokens_salt cache_introspection
  cache_token_exchange cache_user_info search_user_info http_version http_proxy http_proxy_authorization https_proxy
  https_proxy_authorization no_proxy keepalive by_username_ignore_case resolve_distributed_claims expose_error_code
  proof_of_possession_mtls proof_of_possession_auth_methods_validation proof_of_possession_dpop dpop_use_nonce
  dpop_proof_lifetime tls_client_auth_cert_id tls_client_auth_ssl_verify mtls_token_endpoint
  mtls_introspection_endpoint mtls_revocation_endpoint claims_forbidden cluster_cache_strategy cluster_cache_redis
  client_token_auth_method introspection_endpoint_auth_method_client
`
  .split(/\s+/)
  .filter((name) => name !== '');

const KNOWN = new Map<string, FieldType>([...UNCHECKED.map((name): [string, FieldType] => [name, any]), ...Object.entries(CHECKED)]);

/** The defaults Kong applies, for the fields a data plane's token check reads. */
const DEFAULTS: Record<string, unknown> = {
  auth_methods: AUTH_METHODS,
  audience: null,
  audience_required: null,
  audience_claim: ['aud'],
  scopes: ['openid'],
  scopes_required: null,
  scopes_claim: ['scope'],
  issuers_allowed: null,
  consumer_claim: null,
  consumer_by: ['username', 'custom_id'],
  consumer_optional: false,
  credential_claim: ['sub'],
  bearer_token_param_type: ['header', 'query', 'body'],
  client_credentials_param_type: ['header', 'query', 'body'],
  extra_jwks_uris: null,
  cache_ttl: 3600,
  rediscovery_lifetime: 30,
  leeway: 0,
  verify_signature: true,
  verify_claims: true,
  verify_parameters: false,
  display_errors: false,
  hide_credentials: false,
  ssl_verify: false,
  run_on_preflight: true,
  anonymous: null,
};

/** Kong's complaints about an openid-connect config, as `ERROR_TYPE_FIELD` details on `config.<field>`. */
export function openIdConnectConfigProblems(config: Record<string, unknown>): CoreErrorDetail[] {
  const problems: CoreErrorDetail[] = [];
  const complain = (field: string, message: string) => problems.push({ type: 'ERROR_TYPE_FIELD', field: `config.${field}`, messages: [message] });
  if (config['issuer'] === undefined || config['issuer'] === null) complain('issuer', 'required field missing');
  for (const [field, value] of Object.entries(config)) {
    const type = KNOWN.get(field);
    if (!type) {
      complain(field, 'unknown field');
      continue;
    }
    if (value === null) continue; // Kong accepts null for an optional field: "use the default"
    const message = typeProblem(type, value);
    if (message) complain(field, message);
  }
  return problems;
}

function typeProblem(type: FieldType, value: unknown): string | undefined {
  switch (type.type) {
    case 'any':
      return undefined;
    case 'string':
      return typeof value === 'string' ? undefined : 'expected a string';
    case 'url':
      return typeof value === 'string' && /^https?:\/\/[^\s/]+/.test(value) ? undefined : 'missing host in url';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected a boolean';
    case 'number':
      return typeof value === 'number' ? undefined : 'expected a number';
    case 'string[]': {
      if (!Array.isArray(value)) return 'expected an array';
      const wrong = value.find((item) => typeof item !== 'string' || (type.oneOf !== undefined && !type.oneOf.includes(item)));
      if (wrong === undefined) return undefined;
      return type.oneOf ? `expected one of: ${type.oneOf.join(', ')}` : 'expected a string';
    }
  }
}

/** The config as Konnect stores and returns it: what was given, over Kong's defaults. */
export function withOpenIdConnectDefaults(config: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...DEFAULTS };
  for (const [field, value] of Object.entries(config)) {
    if (value !== null || !(field in DEFAULTS)) merged[field] = value;
  }
  return merged;
}
