// The openid-connect plugin's bearer ("JWT access token") authentication: finding the token in the
// request and verifying it as Kong does.
import { compactVerify, createLocalJWKSet, errors, type JWTPayload } from 'jose';
import type { EmulatorRequest } from '../http/types.js';
import type { PluginConfig } from './plugin-config.js';
import type { ProviderCache, ProviderMetadata } from './provider-cache.js';

// ---------------------------------------------------------------- finding the token

export type TokenLocation = 'header' | 'query' | 'body' | 'cookie';

export interface FoundToken {
  token: string;
  location: TokenLocation;
  /** The header, query argument or cookie it came from (for `hide_credentials`). */
  name: string;
}

function headerValue(request: EmulatorRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Where Kong looks, in the order of `bearer_token_param_type` (default header, query, body). */
export function findBearerToken(request: EmulatorRequest, config: PluginConfig): FoundToken | undefined {
  for (const location of config.strings('bearer_token_param_type', ['header', 'query', 'body'])) {
    const found =
      location === 'header'
        ? fromHeaders(request)
        : location === 'query'
          ? fromQuery(request)
          : location === 'body'
            ? fromBody(request)
            : location === 'cookie'
              ? fromCookie(request, config.string('bearer_token_cookie_name'))
              : undefined;
    if (found) return found;
  }
  return undefined;
}

function fromHeaders(request: EmulatorRequest): FoundToken | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(request, 'authorization') ?? '')?.[1];
  if (bearer) return { token: bearer, location: 'header', name: 'authorization' };
  // Kong also reads `access_token` and `x_access_token` headers (dashes and underscores alike).
  for (const name of ['access-token', 'access_token', 'x-access-token', 'x_access_token']) {
    const token = headerValue(request, name);
    if (token) return { token, location: 'header', name };
  }
  return undefined;
}

function fromQuery(request: EmulatorRequest): FoundToken | undefined {
  const token = request.url.searchParams.get('access_token');
  return token ? { token, location: 'query', name: 'access_token' } : undefined;
}

function fromBody(request: EmulatorRequest): FoundToken | undefined {
  const mediaType = (headerValue(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const text = request.body.toString('utf8');
  let token: unknown;
  if (mediaType === 'application/x-www-form-urlencoded') token = new URLSearchParams(text).get('access_token');
  if (mediaType === 'application/json') {
    try {
      const json: unknown = JSON.parse(text);
      if (typeof json === 'object' && json !== null) token = (json as Record<string, unknown>)['access_token'];
    } catch {
      token = undefined;
    }
  }
  return typeof token === 'string' && token !== '' ? { token, location: 'body', name: 'access_token' } : undefined;
}

function fromCookie(request: EmulatorRequest, cookieName: string | undefined): FoundToken | undefined {
  if (!cookieName) return undefined;
  for (const pair of (headerValue(request, 'cookie') ?? '').split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === cookieName && value.length > 0) return { token: value.join('='), location: 'cookie', name: cookieName };
  }
  return undefined;
}

// ---------------------------------------------------------------- verifying it

/** Kong verifies asymmetric signatures by default (`enable_hs_signatures` is false). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

export type Verification = { payload: JWTPayload } | { error: string };

export interface VerifyInput {
  token: string;
  config: PluginConfig;
  issuer: string;
  provider: ProviderMetadata;
  providers: ProviderCache;
  /** Seconds since the epoch (Kong's `ngx.time()`). */
  now: number;
}

/**
 * Signature against the provider's JWKS, then the claims Kong checks on an access token, each only
 * when the token carries it: `iss` (the discovery document's issuer, or one of `issuers_allowed`),
 * `exp`, `nbf` and `iat`, all with `leeway` (default 0). `aud` is not checked here: that is
 * `audience_required`'s job (and `config.audience` checks nothing).
 */
export async function verifyAccessToken(input: VerifyInput): Promise<Verification> {
  // Kong treats anything but a three-part JWS as an opaque token, which only introspection
  // could accept; introspection is not emulated.
  if (input.token.split('.').length !== 3) return { error: 'opaque access tokens need introspection, which the emulator does not run' };
  const signed = await verifySignature(input);
  if ('error' in signed) return signed;
  const error = registeredClaimError(signed.payload, input);
  return error ? { error } : signed;
}

async function verifySignature({ token, config, issuer, provider, providers }: VerifyInput): Promise<Verification> {
  const verifyWith = async (metadata: ProviderMetadata): Promise<Verification> => {
    const { payload } = await compactVerify(token, createLocalJWKSet(metadata.jwks), { algorithms: ALGORITHMS });
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return { error: 'the token payload is not a JSON object' };
    return { payload: claims as JWTPayload };
  };
  try {
    return await verifyWith(provider);
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey) {
      const refreshed = await providers.rediscoverKeys(issuer, config.number('rediscovery_lifetime', 30));
      if (refreshed) return verifyWith(refreshed).catch((retryError: unknown) => ({ error: describe(retryError) }));
    }
    return { error: describe(error) };
  }
}

function describe(error: unknown): string {
  return `invalid jwt token (${error instanceof Error ? error.message : String(error)})`;
}

function registeredClaimError(payload: JWTPayload, { config, provider, issuer, now }: VerifyInput): string | undefined {
  const leeway = config.number('leeway', 0);
  const expectedIssuer = typeof provider.configuration['issuer'] === 'string' ? provider.configuration['issuer'] : issuer;
  if (payload.iss !== undefined && payload.iss !== null && !issuerAccepted(payload.iss, expectedIssuer, config.strings('issuers_allowed'))) {
    return `invalid issuer (${String(payload.iss)}) was specified for access token`;
  }
  const timeClaim = (name: 'exp' | 'nbf' | 'iat', invalid: (value: number) => boolean): string | undefined => {
    const value = payload[name];
    if (value === undefined || value === null) return undefined;
    return typeof value !== 'number' || invalid(value) ? `invalid ${name} claim (${String(value)}) was specified for access token` : undefined;
  };
  return timeClaim('exp', (exp) => now - leeway > exp) ?? timeClaim('nbf', (nbf) => now + leeway < nbf) ?? timeClaim('iat', (iat) => now + leeway < iat);
}

/** Kong compares issuers ignoring a trailing slash and a `/.well-known/…` suffix. */
function issuerAccepted(tokenIssuer: unknown, expected: string, allowed: string[]): boolean {
  if (typeof tokenIssuer !== 'string') return false;
  const normalise = (issuer: string) => issuer.replace(/\/\.well-known\/(openid-configuration|oauth-authorization-server)$/, '').replace(/\/$/, '');
  if (tokenIssuer === expected || normalise(tokenIssuer) === normalise(expected)) return true;
  return allowed.some((alternative) => alternative === tokenIssuer || alternative === normalise(tokenIssuer));
}
