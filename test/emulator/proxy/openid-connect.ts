// Kong Gateway's openid-connect plugin, for what a Kong Identity set-up relies on: bearer (JWT
// access token) authentication and claims-based authorization, following the plugin's source:
//
//   discovery fails                                  → 500 "An unexpected error occurred"
//   issuer no auth server of the emulator has:
//     on the emulator's issuer origin (deleted)      → 500, as discovery fails (never the cache)
//     on this machine (another emulator)             → discovery, as for any issuer
//     elsewhere (an external IdP, unreachable here)  → 401, with or without a token: none of the
//                                                      emulator's tokens is that IdP's
//   bearer token found and `bearer` allowed          → verify (signature, iss, exp, nbf, iat)
//   no token, `authorization_code` allowed           → 302 to the authorization endpoint
//                                                      (500 when no `client_id` is configured)
//   no usable credentials, invalid or expired token  → 401 {"message":"Unauthorized"}
//   issuers_allowed unmet                            → 401
//   scopes/audience/groups/roles_required unmet      → 403 {"message":"Forbidden"}
//   consumer mapping asked for, no Consumer matches  → 403, unless consumer_optional (oidc-consumer.ts)
//   a Consumer mapped                                → X-Consumer-ID/-Username/-Custom-ID upstream
//
// 401 and 403 carry `WWW-Authenticate: Bearer realm="<issuer host>", error="invalid_token"` (or
// "insufficient_scope"), Kong's form when `expose_error_code` is on (its default), even when no
// token was sent. Not emulated: session, introspection, userinfo, kong_oauth2, password,
// client_credentials and refresh_token authentication (a request relying on them gets the 401 of
// "no suitable credentials"), `anonymous`, DPoP and mTLS proof of possession.
import type { EmulatorReply, EmulatorRequest } from '../http/types.js';
import type { Consumer } from '../store.js';
import { randomBytes } from 'node:crypto';
import { type Exchange, kongExit } from './kong-replies.js';
import { claimRequirementFailure } from './oidc-claims.js';
import { consumerHeaders, mapConsumer } from './oidc-consumer.js';
import { findBearerToken, verifyAccessToken, type FoundToken } from './oidc-token.js';
import { PluginConfig } from './plugin-config.js';
import type { ProviderCache, ProviderMetadata } from './provider-cache.js';

const ALL_AUTH_METHODS = [
  'password',
  'client_credentials',
  'authorization_code',
  'bearer',
  'introspection',
  'userinfo',
  'kong_oauth2',
  'refresh_token',
  'session',
];

/** What the plugin does to the request it lets through. */
export interface UpstreamChanges {
  setHeaders: Record<string, string>;
  removeHeaders: string[];
  removeQueryArgs: string[];
}

export type PluginResult = { outcome: 'proxy'; upstream: UpstreamChanges } | { outcome: 'exit'; reply: EmulatorReply };

/** Whether a plugin's issuer is one of the emulator's auth servers (see proxy/index.ts). */
export type IssuerStatus = 'known' | 'deleted' | 'external';

export interface OpenIdConnectInput {
  config: Record<string, unknown>;
  /** What the emulator knows of an issuer URL (or discovery URL). */
  issuerStatus: (issuer: string) => IssuerStatus;
  request: EmulatorRequest;
  exchange: Exchange;
  providers: ProviderCache;
  /** The Consumers of the configuration the data plane runs. */
  consumers: readonly Consumer[];
}

export async function runOpenIdConnect({ config: raw, request, exchange, providers, consumers, issuerStatus }: OpenIdConnectInput): Promise<PluginResult> {
  const config = new PluginConfig(raw);
  if (!config.boolean('run_on_preflight', true) && request.method === 'OPTIONS') return proxy(noChanges());
  const responses = new Responses(config, exchange);

  const issuer = config.string('issuer') ?? '';
  // An issuer that is not (or no longer) an auth server never lets a request through, whatever
  // the cache holds: a deleted auth server's discovery fails; an external IdP verifies none of the
  // emulator's tokens.
  const status = issuerStatus(issuer);
  if (status === 'deleted') return exit(responses.unexpected('discovery information could not be loaded (no auth server has this issuer)'));
  if (status === 'external') {
    responses.realm = hostOf(issuer);
    return exit(responses.unauthorized("the issuer is not one of the emulator's auth servers: no token of its can be verified"));
  }
  let provider: ProviderMetadata;
  try {
    provider = await providers.load(issuer, config.number('cache_ttl', 3600));
  } catch (error) {
    return exit(responses.unexpected(`discovery information could not be loaded (${String(error)})`));
  }
  responses.realm = realmOf(provider, issuer);

  const methods = new Set(config.strings('auth_methods', ALL_AUTH_METHODS));
  const tokenMethods = ['bearer', 'introspection', 'userinfo', 'kong_oauth2'];
  const found = tokenMethods.some((method) => methods.has(method)) ? findBearerToken(request, config) : undefined;
  if (!found) {
    if (methods.has('authorization_code')) return exit(startAuthorizationCode(config, provider, request, responses));
    return exit(responses.unauthorized('no suitable authorization credentials were provided'));
  }
  if (!methods.has('bearer')) return exit(responses.unauthorized('only JWT access tokens (auth method bearer) are emulated'));

  const now = Math.floor(Date.now() / 1000);
  const verified = await verifyAccessToken({ token: found.token, config, issuer, provider, providers, now });
  if ('error' in verified) return exit(responses.unauthorized(verified.error));
  if (hasExpired(verified.payload.exp, config, now)) {
    return exit(responses.unauthorized('access token has expired and cannot be refreshed', 'The access token expired'));
  }

  const unmet = claimRequirementFailure(verified.payload, config);
  if (unmet) return exit(unmet.status === 401 ? responses.unauthorized(unmet.reason) : responses.forbidden(unmet.reason));
  const mapping = mapConsumer(verified.payload, config, consumers);
  if (mapping.outcome === 'refused') return exit(responses.forbidden(mapping.reason));
  const upstream = upstreamChanges(config, found);
  const consumer = consumerHeaders(mapping.outcome === 'mapped' ? mapping.consumer : undefined);
  upstream.removeHeaders.push(...consumer.remove);
  Object.assign(upstream.setHeaders, consumer.set);
  return proxy(upstream);
}

function proxy(upstream: UpstreamChanges): PluginResult {
  return { outcome: 'proxy', upstream };
}

function exit(reply: EmulatorReply): PluginResult {
  return { outcome: 'exit', reply };
}

function noChanges(): UpstreamChanges {
  return { setHeaders: {}, removeHeaders: [], removeQueryArgs: [] };
}

/**
 * Kong's second expiry check, after verification: the token's `exp` (or, without one, now plus
 * `cache_ttl`) plus `leeway` must lie in the future; 0 means "never expires".
 */
function hasExpired(exp: unknown, config: PluginConfig, now: number): boolean {
  const cacheTtl = config.number('cache_ttl', 3600);
  const expiresAt = typeof exp === 'number' ? exp : cacheTtl === 0 ? 0 : now + cacheTtl;
  const adjusted = expiresAt === 0 ? 0 : expiresAt + config.number('leeway', 0);
  return adjusted !== 0 && adjusted <= now;
}

/** The token goes upstream in `upstream_access_token_header` (default `Authorization: Bearer`). */
function upstreamChanges(config: PluginConfig, found: FoundToken): UpstreamChanges {
  const changes = noChanges();
  if (config.boolean('hide_credentials', false)) {
    if (found.location === 'header') changes.removeHeaders.push(found.name);
    if (found.location === 'query') changes.removeQueryArgs.push(found.name);
  }
  // An explicit null clears the default: the token is then not re-sent in a header of Kong's.
  const header = config.isNull('upstream_access_token_header') ? undefined : (config.string('upstream_access_token_header') ?? 'authorization:bearer');
  if (header) {
    const [name = 'authorization', scheme] = header.split(':');
    changes.setHeaders[name.toLowerCase()] = scheme?.toLowerCase() === 'bearer' ? `Bearer ${found.token}` : found.token;
  }
  return changes;
}

function realmOf(provider: ProviderMetadata, issuer: string): string {
  return hostOf(typeof provider.configuration['issuer'] === 'string' ? provider.configuration['issuer'] : issuer);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'kong';
  } catch {
    return 'kong';
  }
}

// ---------------------------------------------------------------- the authorization code flow

/**
 * With `authorization_code` allowed (it is by default) and no credentials, Kong starts a login:
 * a 302 to the provider's authorization endpoint. Building that request needs a `client_id`
 * and an authorization endpoint; without either, Kong answers 500.
 */
function startAuthorizationCode(config: PluginConfig, provider: ProviderMetadata, request: EmulatorRequest, responses: Responses): EmulatorReply {
  const discovered = provider.configuration['authorization_endpoint'];
  const endpoint = config.string('authorization_endpoint') ?? (typeof discovered === 'string' ? discovered : undefined);
  if (!endpoint) return responses.unexpected('authorization endpoint was not specified');
  const clientId = config.strings('client_id')[0];
  if (!clientId) return responses.unexpected('client id was not specified');
  const args = new URLSearchParams({
    response_type: config.strings('response_type', ['code']).join(' '),
    scope: config.strings('scopes', ['openid']).join(' '),
    redirect_uri: config.strings('redirect_uri')[0] ?? currentUrl(request),
    client_id: clientId,
    state: randomBytes(18).toString('base64url'),
    nonce: randomBytes(18).toString('base64url'),
  });
  const audience = config.strings('audience');
  if (audience.length > 0) args.set('audience', audience.join(' '));
  const cookieName = config.string('authorization_cookie_name') ?? 'authorization';
  return responses.redirect(`${endpoint}${endpoint.includes('?') ? '&' : '?'}${args.toString()}`, {
    'Set-Cookie': `${cookieName}=${randomBytes(32).toString('base64url')}; Path=/; HttpOnly`,
  });
}

/** Kong's default redirect URI: the current URL, without its query. */
function currentUrl(request: EmulatorRequest): string {
  const host = (request.headers.host ?? request.url.host).replace(/:\d+$/, '');
  const port = request.url.port && request.url.port !== '80' ? `:${request.url.port}` : '';
  return `http://${host}${port}${request.url.pathname}`;
}

// ---------------------------------------------------------------- responses

class Responses {
  /** The issuer's host, Kong's realm in WWW-Authenticate; "kong" until discovery has run. */
  realm = 'kong';

  constructor(
    private readonly config: PluginConfig,
    private readonly exchange: Exchange,
  ) {}

  unauthorized(reason: string, description?: string): EmulatorReply {
    const message = this.message('unauthorized_error_message', 'Unauthorized', reason);
    return kongExit(this.exchange, 401, { message }, { 'WWW-Authenticate': this.challenge('invalid_token', description) });
  }

  forbidden(reason: string): EmulatorReply {
    const message = this.message('forbidden_error_message', 'Forbidden', reason);
    return kongExit(this.exchange, 403, { message }, { 'WWW-Authenticate': this.challenge('insufficient_scope') });
  }

  unexpected(reason: string): EmulatorReply {
    const message = this.config.boolean('display_errors', false) ? `An unexpected error occurred (${reason})` : 'An unexpected error occurred';
    return kongExit(this.exchange, 500, { message });
  }

  redirect(location: string, headers: Record<string, string>): EmulatorReply {
    return kongExit(this.exchange, 302, redirectPage(this.exchange.server), {
      ...headers,
      Location: location,
      'Cache-Control': 'no-cache, no-store',
      Pragma: 'no-cache',
      'Content-Type': 'text/html',
    });
  }

  /** `display_errors` appends the reason, as Kong does. */
  private message(field: string, fallback: string, reason: string): string {
    const message = this.config.string(field) ?? fallback;
    return this.config.boolean('display_errors', false) ? `${message} (${reason})` : message;
  }

  private challenge(error: string, description?: string): string {
    const fields = [`realm="${this.realm}"`];
    if (this.config.boolean('expose_error_code', true)) {
      fields.push(`error="${error}"`);
      if (description) fields.push(`error_description="${description}"`);
    }
    return `Bearer ${fields.join(', ')}`;
  }
}

/** The page nginx writes with a redirect. */
const redirectPage = (server: string) =>
  `<html>\r\n<head><title>302 Found</title></head>\r\n<body>\r\n<center><h1>302 Found</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;
