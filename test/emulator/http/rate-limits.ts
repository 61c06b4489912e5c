// Konnect's rate limits: requests per second per Kong Identity auth server (Kong documents 100 TPS
// per authorization server) and, optionally, per org on the whole management API. Counted in fixed
// one-second windows, as Kong's rate-limiting plugin does; a request over a limit is refused with
// 429 before its handler runs (nothing changes) and is not counted. Every answer in a limited
// scope carries the IETF draft headers Kong sends:
//   RateLimit-Limit      the limit of the scope closest to exhaustion
//   RateLimit-Remaining  requests left in the current window
//   RateLimit-Reset      whole seconds until the window ends
//   Retry-After          on a 429 only: the same seconds
// The 429 itself follows two knobs (Konnect has answered both ways): `rateLimitRetryAfter` false
// sends it without Retry-After or any RateLimit-* header (no hint when to come back), and
// `rateLimitBody` chooses `{"message":"API rate limit exceeded"}` (captured) or a problem document.
//
// Which requests count where (the ports differ, the counting is one):
//   org          every /v1 and /v2 request on the API port                 (`rateLimitOrg`, default off)
//   auth server  /v1/auth-servers/{id} and below on the API port, and the (`rateLimitAuthServer`,
//                token endpoint of that auth server on the issuer port      default 100)
// An auth server's discovery document and JWKS are not counted (clients and gateways cache them).
import type { EmulatorOptions } from '../context.js';
import type { EmulatorReply, EmulatorRequest } from './types.js';

const WINDOW_MS = 1000;

export interface RateLimitScope {
  /** Which counter: `org`, or `auth-server:<id>`. */
  key: string;
  /** Requests per window. */
  limit: number;
}

export type RateLimitDecision = { allowed: true; headers: Record<string, string> } | { allowed: false; headers: Record<string, string> };

/** Fixed one-second windows per scope key. */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  /** Counts the request in every scope, or refuses it (counting it nowhere) when one is exhausted. */
  take(scopes: readonly RateLimitScope[], now: number = Date.now()): RateLimitDecision | undefined {
    if (scopes.length === 0) return undefined;
    const windowStart = now - (now % WINDOW_MS);
    const resetSeconds = String(Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000)));
    const current = scopes.map((scope) => {
      let window = this.windows.get(scope.key);
      if (!window || window.startedAt !== windowStart) {
        window = { startedAt: windowStart, count: 0 };
        this.windows.set(scope.key, window);
      }
      return { scope, window };
    });
    const exhausted = current.find(({ scope, window }) => window.count >= scope.limit);
    if (exhausted) {
      return {
        allowed: false,
        headers: {
          'retry-after': resetSeconds,
          'ratelimit-limit': String(exhausted.scope.limit),
          'ratelimit-remaining': '0',
          'ratelimit-reset': resetSeconds,
        },
      };
    }
    current.forEach(({ window }) => (window.count += 1));
    const closest = current.reduce((a, b) => (b.scope.limit - b.window.count < a.scope.limit - a.window.count ? b : a));
    return {
      allowed: true,
      headers: {
        'ratelimit-limit': String(closest.scope.limit),
        'ratelimit-remaining': String(closest.scope.limit - closest.window.count),
        'ratelimit-reset': resetSeconds,
      },
    };
  }

  clear(): void {
    this.windows.clear();
  }
}

/** What Konnect's gateway has been captured answering a throttled request with (Kong/deck#1364, Kong/kong-operator#2856). */
export const RATE_LIMIT_MESSAGE = 'API rate limit exceeded';

/** The 429 of an exhausted limit, its headers and body as the knobs say. */
export function throttledReply(
  headers: Record<string, string>,
  instance: string,
  options: Pick<EmulatorOptions, 'rateLimitRetryAfter' | 'rateLimitBody'>,
): EmulatorReply {
  const sent = options.rateLimitRetryAfter ? headers : {};
  const detail = `Rate limit of ${headers['ratelimit-limit'] ?? '?'} requests per second exceeded`;
  const { headers: contentType, body } = throttledBody(options.rateLimitBody, instance, detail);
  return { status: 429, headers: { ...sent, ...contentType }, body };
}

/** A 429's body and content type: `{"message":"API rate limit exceeded"}`, or a problem document. */
export function throttledBody(kind: EmulatorOptions['rateLimitBody'], instance: string, detail: string): { headers: Record<string, string>; body: unknown } {
  if (kind === 'message') return { headers: { 'content-type': 'application/json; charset=utf-8' }, body: { message: RATE_LIMIT_MESSAGE } };
  return {
    headers: { 'content-type': 'application/problem+json' },
    body: { status: 429, title: 'Too Many Requests', instance, detail },
  };
}

const AUTH_SERVER_PATH = /^\/v1\/auth-servers\/([^/]+)(?:\/|$)/;
const TOKEN_PATH = /^\/([^/]+)\/auth\/oauth\/token\/?$/;

/** The scopes an API-port request counts in, under the live knobs. */
export function apiScopes(options: EmulatorOptions, request: EmulatorRequest): RateLimitScope[] {
  const path = request.url.pathname;
  if (!/^\/v[12]\//.test(path)) return [];
  const scopes: RateLimitScope[] = [];
  if (options.rateLimitOrg !== null) scopes.push({ key: 'org', limit: options.rateLimitOrg });
  const authServerId = AUTH_SERVER_PATH.exec(path)?.[1];
  if (authServerId !== undefined && options.rateLimitAuthServer !== null) {
    scopes.push({ key: `auth-server:${authServerId}`, limit: options.rateLimitAuthServer });
  }
  return scopes;
}

/** The scopes an issuer-port request counts in: its auth server's, for the token endpoint only. */
export function issuerScopes(options: EmulatorOptions, request: EmulatorRequest, authServerIdOfSlug: (slug: string) => string | undefined): RateLimitScope[] {
  const slug = TOKEN_PATH.exec(request.url.pathname)?.[1];
  if (slug === undefined || options.rateLimitAuthServer === null) return [];
  const authServerId = authServerIdOfSlug(slug);
  return authServerId === undefined ? [] : [{ key: `auth-server:${authServerId}`, limit: options.rateLimitAuthServer }];
}
